import { Rng } from '../core/random.js';
import { isFwError } from '../core/errors.js';
import { EvalErrors } from './errors.js';
import { METRIC_IDS, type MetricId } from './metric-ids.js';
import { metricSet } from './metric-set.js';
import type { DetectionView } from './threshold/detection.js';

/**
 * How sure is "the model beats the baseline"? A paired bootstrap of the primary metric: the same resample of test
 * rows scores the model and every baseline, so the interval is for the DIFFERENCE, not two overlapping intervals.
 *
 * Rows of one machine are strongly correlated (consecutive windows of the same sensors), so when entities are known
 * the resampling unit is the machine (cluster bootstrap): draw machines with replacement and take all their rows.
 * Resampling rows instead would make intervals far too narrow. Without an entity column every row carries the
 * same (empty) entity: one cluster, so a cluster bootstrap would redraw the whole test set every time and report a
 * zero-width interval — false confidence. Then, and whenever the entity column holds a single value, rows are
 * resampled, and `unitNote` says so (the report and the verdict on the CLI repeat it). Event-level metrics (costs,
 * lead time) are not bootstrapped. Deterministic for a seed.
 */

export interface PredictionsForBootstrap {
  name: string;
  proba: Float64Array;
  pred: Int32Array;
}

export interface BootstrapResult {
  metric: MetricId;
  samples: number;
  /** Samples where the metric was defined (e.g. both classes present); intervals use only these. */
  validSamples: number;
  unit: 'entity' | 'row';
  /** Number of resampling units (entities or rows). */
  units: number;
  /** Why this unit, in words for the report and the CLI (e.g. "rows: the test rows have no entity column"). */
  unitNote: string;
  confidence: number;
  model: { low: number; high: number };
  vsBaselines: { name: string; diffLow: number; diffHigh: number; probModelBetter: number }[];
}

function quantileSorted(a: number[], q: number): number {
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo]! + (a[hi]! - a[lo]!) * (pos - lo);
}

/** Below this many entities a cluster bootstrap still runs but its interval is called rough. */
const MIN_CLUSTERS = 10;

const RANKING = new Set<MetricId>(['roc_auc', 'pr_auc', 'detection_roc_auc', 'detection_pr_auc']);
const EVENT_METRICS = new Set<MetricId>(['cost_per_machine_month', 'savings_vs_run_to_failure', 'savings_vs_fixed_interval', 'event_recall', 'lead_time_median_hours']);

export function bootstrapPrimary(opts: {
  metric: MetricId;
  y: Int32Array;
  classes: readonly string[];
  view: DetectionView;
  model: PredictionsForBootstrap;
  baselines: PredictionsForBootstrap[];
  entity?: ArrayLike<string | number>;
  samples: number;
  seed: number;
  confidence?: number;
}): BootstrapResult | null {
  const { metric, y, classes, view } = opts;
  if (EVENT_METRICS.has(metric) || opts.samples === 0) return null;
  if (!Number.isInteger(opts.samples) || opts.samples < 10 || opts.samples > 10_000) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`bootstrap samples: expected 0 (off) or an integer in [10, 10000], got ${opts.samples}`);
  const K = classes.length;
  const n = y.length;
  // Resampling units: machines when there are at least two, else rows (see the header).
  let groups: Int32Array[] | null = null;
  let byEntity = false;
  let unitNote: string;
  if (opts.entity) {
    const by = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const key = String(opts.entity[i]);
      let l = by.get(key);
      if (!l) by.set(key, (l = []));
      l.push(i);
    }
    if (by.size >= 2) {
      byEntity = true;
      groups = [...by.keys()].sort().map((k) => Int32Array.from(by.get(k)!));
      unitNote = `machines: ${by.size} entities, all rows of a drawn entity together (rows of one machine are correlated)`;
      if (by.size < MIN_CLUSTERS) unitNote += `; only ${by.size} entities, so the interval is rough`;
    } else {
      const only = by.keys().next().value;
      unitNote = only === '' || only === undefined
        ? 'rows: the data has no entity column, so rows are treated as independent (declare the entity to resample machines)'
        : `rows: every test row belongs to the one entity ${JSON.stringify(only)}, so rows are treated as independent`;
    }
  } else {
    unitNote = 'rows: no entity given, so rows are treated as independent';
  }
  groups ??= Array.from({ length: n }, (_, i) => Int32Array.of(i));
  const G = groups.length;
  const rng = new Rng(opts.seed);
  const sign = METRIC_IDS[metric].higherIsBetter ? 1 : -1;
  const all = [opts.model, ...opts.baselines];
  const values: number[][] = all.map(() => []);
  const diffs: number[][] = opts.baselines.map(() => []);
  let valid = 0;
  for (let b = 0; b < opts.samples; b++) {
    const pick: Int32Array[] = [];
    let m = 0;
    for (let g = 0; g < G; g++) {
      const grp = groups[rng.int(G)]!;
      pick.push(grp);
      m += grp.length;
    }
    const yb = new Int32Array(m);
    const idx = new Int32Array(m);
    let o = 0;
    for (const grp of pick) for (const i of grp) { idx[o] = i; yb[o++] = y[i]!; }
    const vals: number[] = [];
    let ok = true;
    for (const p of all) {
      const pb = new Float64Array(m * K);
      const db = new Int32Array(m);
      for (let r = 0; r < m; r++) {
        const i = idx[r]!;
        db[r] = p.pred[i]!;
        for (let k = 0; k < K; k++) pb[r * K + k] = p.proba[i * K + k]!;
      }
      let v: number | null | undefined;
      try {
        v = metricSet(yb, pb, db, classes, view, p.name, { ranking: RANKING.has(metric) }).values[metric];
      } catch (e) {
        if (!isFwError(e)) throw e;
        v = null;
      }
      if (v === null || v === undefined || !Number.isFinite(v)) { ok = false; break; }
      vals.push(v);
    }
    if (!ok) continue;
    valid++;
    vals.forEach((v, j) => values[j]!.push(v));
    for (let j = 0; j < opts.baselines.length; j++) diffs[j]!.push(sign * (vals[0]! - vals[j + 1]!));
  }
  if (valid < 10) return null;
  const conf = opts.confidence ?? 0.95;
  const lo = (1 - conf) / 2;
  const sorted = (a: number[]): number[] => [...a].sort((x, z) => x - z);
  const mv = sorted(values[0]!);
  return {
    metric,
    samples: opts.samples,
    validSamples: valid,
    unit: byEntity ? 'entity' : 'row',
    units: G,
    unitNote,
    confidence: conf,
    model: { low: quantileSorted(mv, lo), high: quantileSorted(mv, 1 - lo) },
    vsBaselines: opts.baselines.map((bl, j) => {
      const d = sorted(diffs[j]!);
      return { name: bl.name, diffLow: quantileSorted(d, lo), diffHigh: quantileSorted(d, 1 - lo), probModelBetter: d.filter((x) => x > 0).length / d.length };
    }),
  };
}
