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

  /**
   * Expose the prediction log buffer's counters (read when /metrics is scraped; nothing on the request path).
   * Dropped records are the ones a full buffer refused: alert on them (deploy/prometheus/alerts.yaml).
   */
  watchPredictionLog(stats: { written: number; dropped: number; sampledOut: number; flushFailures: number; pending: number }): void {
    const registers = [this.registry];
    // Counters that mirror a running total: each scrape adds what grew since the last one.
    const mirror = (name: string, help: string, read: () => number) => {
      let seen = 0;
      new Counter({ name, help, registers, collect() { const v = read(); if (v > seen) { this.inc(v - seen); seen = v; } } });
    };
    mirror('forewarn_prediction_log_written_total', 'Predictions written to the prediction log', () => stats.written);
    mirror('forewarn_prediction_log_dropped_total', 'Predictions not logged because the log buffer was full (never delays a response)', () => stats.dropped);
    mirror('forewarn_prediction_log_sampled_out_total', 'Requests not logged because of monitoring.sampleRate', () => stats.sampledOut);
    mirror('forewarn_prediction_log_flush_failures_total', 'Failed writes of a prediction-log batch (retried while the buffer has room)', () => stats.flushFailures);
    new Gauge({ name: 'forewarn_prediction_log_pending', help: 'Predictions waiting in the log buffer', registers, collect() { this.set(stats.pending); } });
  }

  private driftGauges?: { score: Gauge<'feature' | 'test'>; detected: Gauge<'feature'>; share: Gauge; dataset: Gauge; prediction: Gauge<'output' | 'test'>; rows: Gauge; last: Gauge };

  /**
   * Publish a drift check of the served version (monitoring/drift-monitor.ts runs it periodically, off the request
   * path). Series are replaced as a whole so a feature that left the model does not linger.
   */
  setDrift(d: { rows: number; share: number; drifted: number; total: number; datasetDrift: boolean; features: { feature: string; test: string; statistic: number; drifted: boolean }[]; prediction: { feature: string; test: string; statistic: number }[]; at: Date }): void {
    const registers = [this.registry];
    const g = (this.driftGauges ??= {
      score: new Gauge({ name: 'forewarn_feature_drift_score', help: 'Drift statistic of each feature over the monitoring window (KS D, chi-square, Wasserstein/sd, Jensen-Shannon distance or PSI, as the test label says)', labelNames: ['feature', 'test'], registers }),
      detected: new Gauge({ name: 'forewarn_feature_drift_detected', help: '1 when the feature drifted in the last check (its test crossed its threshold)', labelNames: ['feature'], registers }),
      share: new Gauge({ name: 'forewarn_dataset_drift_share', help: 'Share of features that drifted in the last check', registers }),
      dataset: new Gauge({ name: 'forewarn_dataset_drift', help: '1 when the drifted share reached monitoring.drift.share', registers }),
      prediction: new Gauge({ name: 'forewarn_prediction_drift_score', help: 'Drift statistic of the model output (score, predicted label) over the monitoring window', labelNames: ['output', 'test'], registers }),
      rows: new Gauge({ name: 'forewarn_drift_window_rows', help: 'Logged predictions in the window of the last drift check', registers }),
      last: new Gauge({ name: 'forewarn_drift_last_check_timestamp_seconds', help: 'When the last drift check finished (Unix time)', registers }),
    });
    g.score.reset();
    g.detected.reset();
    g.prediction.reset();
    for (const f of d.features) {
      g.score.labels(f.feature, f.test).set(Number.isFinite(f.statistic) ? f.statistic : 1e9);
      g.detected.labels(f.feature).set(f.drifted ? 1 : 0);
    }
    for (const p of d.prediction) g.prediction.labels(p.feature, p.test).set(Number.isFinite(p.statistic) ? p.statistic : 1e9);
    g.share.set(d.total ? d.drifted / d.total : 0);
    g.dataset.set(d.datasetDrift ? 1 : 0);
    g.rows.set(d.rows);
    g.last.set(d.at.getTime() / 1000);
  }

  modelLoaded(m: LoadedModel, swapped: boolean): void {
    this.modelInfo.reset();
    this.modelInfo.labels(m.name, m.version, m.format).set(1);
    this.loadSeconds.set(m.loadSeconds);
    if (swapped) this.swaps.inc();
    for (const l of m.labels) this.labelCounter(l); // series exist from the start
  }
}
