/**
 * The reference profile of a model version: per feature, the training distribution (count, missing rate, summary
 * quantiles, decile bins and shares, a sorted sample for KS/Wasserstein; category counts for categoricals) and the
 * distribution of the model's predictions on validation. Stored as JSON with the version; drift compares logged
 * windows against it (drift-report.ts). Versioned by `formatVersion`; a newer one is refused.
 */
import { Rng } from '../core/random.js';
import { MonitorErrors } from './errors.js';
import { binCounts, type Reference } from './drift/drift-test.js';
import { quantileSorted, referenceEdges } from './baseline-math.js';

export const BASELINE_FORMAT_VERSION = 1;
/** Sorted values kept per numeric feature: enough for KS/Wasserstein on windows of thousands, ~30 kB of JSON each. */
export const DEFAULT_SAMPLE_SIZE = 2000;
const SUMMARY_QUANTILES = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];

export interface NumericProfile {
  name: string;
  kind: 'numeric';
  count: number;
  missing: number;
  mean: number;
  std: number;
  quantiles: { q: number; value: number }[];
  edges: number[];
  shares: number[];
  sample: number[];
}

export interface CategoricalProfile {
  name: string;
  kind: 'categorical';
  count: number;
  missing: number;
  counts: Record<string, number>;
}

export type FeatureProfile = NumericProfile | CategoricalProfile;

export interface Baseline {
  formatVersion: number;
  createdAt: string;
  rows: number;
  features: FeatureProfile[];
  /** Validation predictions: the alert score (see predictionScore) and the predicted labels. */
  predictions?: { score?: NumericProfile; labels: CategoricalProfile };
}

/** One feature's training values: numbers (NaN = missing) or category strings (null = missing). */
export type ReferenceColumn =
  | { name: string; kind: 'numeric'; values: ArrayLike<number> }
  | { name: string; kind: 'categorical'; values: ArrayLike<string | null> };

export function numericProfile(name: string, values: ArrayLike<number>, sampleSize = DEFAULT_SAMPLE_SIZE, seed = 1): NumericProfile {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) present.push(v);
  }
  const sorted = Float64Array.from(present).sort();
  const n = sorted.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i]!;
  mean = n ? mean / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const edges = referenceEdges(sorted);
  const counts = binCounts(sorted, edges);
  return {
    name,
    kind: 'numeric',
    count: values.length,
    missing: values.length - n,
    mean,
    std: n ? Math.sqrt(ss / n) : NaN,
    quantiles: SUMMARY_QUANTILES.map((q) => ({ q, value: quantileSorted(sorted, q) })),
    edges,
    shares: counts.map((c) => (n ? c / n : 0)),
    sample: sampleSorted(sorted, sampleSize, seed),
  };
}

/** A seeded uniform sample without replacement (partial Fisher–Yates over indices), returned sorted. */
function sampleSorted(sorted: Float64Array, k: number, seed: number): number[] {
  const n = sorted.length;
  if (n <= k) return Array.from(sorted);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const rng = new Rng(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  const chosen = idx.subarray(0, k).sort();
  return Array.from(chosen, (i) => sorted[i]!);
}

export function categoricalProfile(name: string, values: ArrayLike<string | null>): CategoricalProfile {
  const counts: Record<string, number> = {};
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) missing++;
    else counts[v] = (counts[v] ?? 0) + 1;
  }
  return { name, kind: 'categorical', count: values.length, missing, counts };
}

export function buildBaseline(columns: ReferenceColumn[], predictions?: { scores: ArrayLike<number>; labels: ArrayLike<string> }, now = new Date()): Baseline {
  const rows = columns[0]?.values.length ?? 0;
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    createdAt: now.toISOString(),
    rows,
    features: columns.map((c, i) => (c.kind === 'numeric' ? numericProfile(c.name, c.values, DEFAULT_SAMPLE_SIZE, i + 1) : categoricalProfile(c.name, c.values))),
    ...(predictions ? { predictions: predictionProfiles(predictions) } : {}),
  };
}

function predictionProfiles(p: { scores: ArrayLike<number>; labels: ArrayLike<string> }): NonNullable<Baseline['predictions']> {
  const score = numericProfile('prediction_score', p.scores);
  // Versions without a decision rule have no alert score: only the predicted labels are compared then.
  return { ...(score.count > score.missing ? { score } : {}), labels: categoricalProfile('predicted_label', p.labels) };
}

/**
 * The drift reference of a profile. A numeric feature with ≤ 5 distinct training values is compared as categories
 * (Evidently's rule: bins and distances mean little there).
 */
export function referenceOf(p: FeatureProfile): Reference {
  if (p.kind === 'categorical') return { kind: 'categorical', counts: p.counts };
  const distinct = new Set(p.sample);
  if (distinct.size <= 5) {
    const counts: Record<string, number> = {};
    // Shares of the full training column are not kept per value; the sample's counts stand in, scaled to count.
    for (const v of p.sample) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
    return { kind: 'categorical', counts };
  }
  return { kind: 'numeric', sorted: Float64Array.from(p.sample), edges: p.edges, shares: p.shares, std: p.std };
}

/** Check a stored baseline's shape before use (it crossed a process boundary as JSON). */
export function parseBaseline(json: unknown, where: string): Baseline {
  const b = json as Partial<Baseline> | null;
  if (!b || typeof b !== 'object' || typeof b.formatVersion !== 'number' || !Array.isArray(b.features)) {
    throw MonitorErrors.FW_ERR_MONITOR_BAD_BASELINE(`${where}: not a forewarn baseline (expected formatVersion and features)`);
  }
  if (b.formatVersion > BASELINE_FORMAT_VERSION) {
    throw MonitorErrors.FW_ERR_MONITOR_BAD_BASELINE(`${where}: baseline formatVersion ${b.formatVersion} is newer than this forewarn reads (${BASELINE_FORMAT_VERSION}); upgrade forewarn`);
  }
  for (const [i, f] of b.features.entries()) {
    const ok = f && typeof f.name === 'string' && (f.kind === 'numeric' ? Array.isArray(f.sample) && Array.isArray(f.edges) && Array.isArray(f.shares) : f.kind === 'categorical' && typeof f.counts === 'object');
    if (!ok) throw MonitorErrors.FW_ERR_MONITOR_BAD_BASELINE(`${where}: features[${i}] is malformed (needs name, kind and its distribution)`);
  }
  return b as Baseline;
}
