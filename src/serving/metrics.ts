import { Registry, Counter, Gauge, collectDefaultMetrics } from 'prom-client';
import type { LoadedModel } from '../inference/loaded-model.js';

/** Counts and times the responses of one (route, method, status); resolve once, call per request. */
export interface RequestSeries {
  observe(seconds: number): void;
}

/** Counts predictions of one label. */
export interface LabelCounter {
  add(n: number): void;
}

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * A Prometheus histogram whose observe() is a few array writes. prom-client's Histogram, even through a cached
 * labels() child, rebuilds the label hash string, validates the label names and turns the bucket bound into a
 * property name on every observation (~2 µs, a tenth of the service's own per-request cost). This one keeps plain
 * counters per series and hands the registry the same values prom-client's would (`le` first, cumulative buckets,
 * +Inf, _sum, _count), so /metrics is unchanged.
 */
class FastHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series = new Map<string, { labels: Record<L, string>; buckets: Float64Array; sum: number; count: number }>();

  constructor(readonly name: string, readonly help: string, private readonly bounds: readonly number[]) {}

  child(key: string, labels: Record<L, string>): RequestSeries {
    let s = this.series.get(key);
    if (!s) {
      s = { labels, buckets: new Float64Array(this.bounds.length), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const series = s;
    const bounds = this.bounds;
    const B = bounds.length;
    return {
      observe: (v) => {
        let b = 0;
        while (b < B && v > bounds[b]!) b++;
        if (b < B) series.buckets[b]!++;
        series.sum += v;
        series.count++;
      },
    };
  }

  /** The registry's view (prom-client's MetricObjectWithValues shape). */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: { labels: Record<string, string | number>; value: number; metricName: string }[] }> {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      let acc = 0;
      for (let b = 0; b < this.bounds.length; b++) {
        acc += s.buckets[b]!;
        values.push({ labels: { le: this.bounds[b]!, ...s.labels }, value: acc, metricName: bucketName });
      }
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: bucketName });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    // Children already handed out keep their own series object; zero it rather than forgetting it.
    for (const s of this.series.values()) {
      s.buckets.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}

/**
 * Prometheus metrics of one app instance (own Registry, so tests and several apps in a process don't collide).
 * Labels are low-cardinality by construction: route patterns (not URLs), status codes, label names, versions.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: FastHistogram<'route' | 'method' | 'status'>;
  readonly predictions: Counter<'label'>;
  readonly modelInfo: Gauge<'name' | 'version' | 'format'>;
  readonly loadSeconds: Gauge;
  readonly swaps: Counter;
  readonly loadFailures: Counter<'code'>;

  constructor(defaultMetrics = true) {
    const registers = [this.registry];
    // Hot-path counts accumulate in plain numbers (see RequestSeries / LabelCounter) and are handed to prom-client
    // when the registry is read: its inc() hashes and validates the labels on every call, even on a cached child.
    const requestCounts = this.requestCounts;
    const labelCounts = this.labelCounts;
    this.requests = new Counter({
      name: 'forewarn_http_requests_total', help: 'HTTP requests by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers,
      collect() {
        for (const c of requestCounts.values()) if (c.pending) { this.inc(c.labels, c.pending); c.pending = 0; }
      },
    });
    this.latency = new FastHistogram('forewarn_http_request_duration_seconds', 'HTTP request latency (server side) by route pattern, method and status', LATENCY_BUCKETS);
    this.registry.registerMetric(this.latency as unknown as Parameters<Registry['registerMetric']>[0]);
    this.predictions = new Counter({
      name: 'forewarn_predictions_total', help: 'Predicted records by predicted label', labelNames: ['label'], registers,
      collect() {
        for (const c of labelCounts.values()) if (c.pending) { this.inc(c.labels, c.pending); c.pending = 0; }
      },
    });
    this.modelInfo = new Gauge({ name: 'forewarn_model_info', help: 'The served model version (value 1)', labelNames: ['name', 'version', 'format'], registers });
    this.loadSeconds = new Gauge({ name: 'forewarn_model_load_seconds', help: 'Time the last successful model load took', registers });
    this.swaps = new Counter({ name: 'forewarn_model_swaps_total', help: 'Hot swaps to a new model version', registers });
    this.loadFailures = new Counter({ name: 'forewarn_model_load_failures_total', help: 'Failed model loads (the previous model kept serving)', labelNames: ['code'], registers });
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'forewarn_' });
  }

  private readonly requestCounts = new Map<string, { labels: { route: string; method: string; status: string }; pending: number }>();
  private readonly labelCounts = new Map<string, { labels: { label: string }; pending: number }>();
  private readonly seriesCache = new Map<string, RequestSeries>();

  /** The counter + latency series of one route pattern, method and status; hot routes resolve it once. */
  requestSeries(route: string, method: string, status: number): RequestSeries {
    const key = `${route}\u0000${method}\u0000${status}`;
    let s = this.seriesCache.get(key);
    if (s) return s;
    const labels = { route, method, status: String(status) };
    let count = this.requestCounts.get(key);
    if (!count) {
      count = { labels, pending: 0 };
      this.requestCounts.set(key, count);
      this.requests.inc(labels, 0); // the series exists from its first request, as with prom-client's own children
    }
    const c = count;
    const latency = this.latency.child(key, labels);
    s = {
      observe(seconds) {
        c.pending++;
        latency.observe(seconds);
      },
    };
    this.seriesCache.set(key, s);
    return s;
  }

  /** Count and time one response. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requestSeries(route, method, status).observe(seconds);
  }

  /** The prediction counter of one label (cached; `add` is a number increment). */
  labelCounter(label: string): LabelCounter {
    let c = this.labelCounts.get(label);
    if (!c) {
      c = { labels: { label }, pending: 0 };
      this.labelCounts.set(label, c);
      this.predictions.inc(c.labels, 0);
    }
    const counter = c;
    return { add: (n) => { counter.pending += n; } };
  }

  modelLoaded(m: LoadedModel, swapped: boolean): void {
    this.modelInfo.reset();
    this.modelInfo.labels(m.name, m.version, m.format).set(1);
    this.loadSeconds.set(m.loadSeconds);
    if (swapped) this.swaps.inc();
    for (const l of m.labels) this.labelCounter(l); // series exist from the start
  }
}
