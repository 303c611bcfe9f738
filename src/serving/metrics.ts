import { Registry, Counter, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';
import type { LoadedModel } from './loaded-model.js';

/**
 * Prometheus metrics of one app instance (own Registry, so tests and several apps in a process don't collide).
 * Labels are low-cardinality by construction: route patterns (not URLs), status codes, label names, versions.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: Histogram<'route' | 'method' | 'status'>;
  readonly predictions: Counter<'label'>;
  readonly modelInfo: Gauge<'name' | 'version' | 'format'>;
  readonly loadSeconds: Gauge;
  readonly swaps: Counter;
  readonly loadFailures: Counter<'code'>;

  constructor(defaultMetrics = true) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'forewarn_http_requests_total', help: 'HTTP requests by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers });
    this.latency = new Histogram({
      name: 'forewarn_http_request_duration_seconds',
      help: 'HTTP request latency (server side) by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.predictions = new Counter({ name: 'forewarn_predictions_total', help: 'Predicted records by predicted label', labelNames: ['label'], registers });
    this.modelInfo = new Gauge({ name: 'forewarn_model_info', help: 'The served model version (value 1)', labelNames: ['name', 'version', 'format'], registers });
    this.loadSeconds = new Gauge({ name: 'forewarn_model_load_seconds', help: 'Time the last successful model load took', registers });
    this.swaps = new Counter({ name: 'forewarn_model_swaps_total', help: 'Hot swaps to a new model version', registers });
    this.loadFailures = new Counter({ name: 'forewarn_model_load_failures_total', help: 'Failed model loads (the previous model kept serving)', labelNames: ['code'], registers });
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'forewarn_' });
  }

  private readonly httpChildren = new Map<string, { count: { inc(): void }; latency: { observe(v: number): void } }>();

  /** Count and time one response. Label children are cached: prom-client's labels() hashes on every call. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${route}\u0000${method}\u0000${status}`;
    let c = this.httpChildren.get(key);
    if (!c) {
      const s = String(status);
      c = { count: this.requests.labels(route, method, s), latency: this.latency.labels(route, method, s) };
      this.httpChildren.set(key, c);
    }
    c.count.inc();
    c.latency.observe(seconds);
  }

  modelLoaded(m: LoadedModel, swapped: boolean): void {
    this.modelInfo.reset();
    this.modelInfo.labels(m.name, m.version, m.format).set(1);
    this.loadSeconds.set(m.loadSeconds);
    if (swapped) this.swaps.inc();
    for (const l of m.labels) this.predictions.labels(l).inc(0); // series exist from the start
  }
}
