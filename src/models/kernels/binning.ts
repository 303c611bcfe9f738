/**
 * Feature binning, done once per fit: every value becomes a bin index so that split finding works on histograms
 * instead of sorted raw values (the LightGBM / XGBoost `hist` idea).
 *
 * Numeric features: at most `maxBins` (≤ 65,535) quantile bins; a feature with no more distinct values than that gets
 * one bin per distinct value, which makes the histogram split search exact (every threshold scikit-learn's forest or
 * XGBoost's `exact` method would try). Bins are Uint8 when maxBins ≤ 255 (the fast default for large data) and Uint16
 * above; histograms then have `stride` slots per feature (a power of two ≥ the largest bin count + 1). Cut points sit half-way between consecutive distinct
 * training values, so a split "bin ≤ b" is exactly the raw test `x <= edges[b]` and models carry raw thresholds
 * (bin edges are not needed at inference). Categorical features: bin = category index. Bin `nBins[j]` of every
 * feature is its missing bin (NaN, or a category index outside the known categories).
 *
 * The matrix is row-major (bins[i * nFeatures + j]) because tree growing gathers whole rows by index: one row's
 * bins share a cache line. It lives in a SharedArrayBuffer so worker threads read it without a copy.
 */
import type { Dataset, FeatureSpec } from '../dataset.js';
import { ModelErrors } from '../errors.js';

export const MAX_BINS = 65_535;
/** Largest max_bin kept in one byte per value. */
export const NARROW_MAX_BINS = 255;
/** Categories a categorical feature may have (its splits keep their left set in 256-entry tables). */
export const MAX_CATEGORIES = 255;
/** Histogram slots per feature with narrow bins: 255 value bins + 1 missing bin. */
export const BIN_STRIDE = 256;
/**
 * Training rows up to which the learners' default max_bin (null) means "every distinct value" (exact splits, like
 * scikit-learn's forest and XGBoost's exact method); above it, 255 quantile bins. Why 20,000: below it the wide
 * histograms cost little (a feature has at most 20,000 distinct values, so ≤ 32,768 slots; a GBDT node histogram
 * over 25 features is ≤ 13 MB and the split scan per node stays within a few times the histogram build), and small
 * tables are exactly where 255 quantile bins lose accuracy: each bin then holds only tens of rows, so the best
 * threshold often falls inside one. On large data 255 bins hold hundreds of rows each and cost no accuracy
 * (the learners bench's 100k set), while exact splits would multiply memory and scan time.
 */
export const EXACT_SPLIT_MAX_ROWS = 20_000;

export type BinArray = Uint8Array | Uint16Array;

/** The max_bin a fit uses: an explicit value as given, the default (null) by data size (EXACT_SPLIT_MAX_ROWS). */
export function resolveMaxBin(maxBin: number | null | undefined, nRows: number): number {
  if (maxBin !== null && maxBin !== undefined) return maxBin;
  return nRows <= EXACT_SPLIT_MAX_ROWS ? MAX_BINS : NARROW_MAX_BINS;
}

/** A bin array for n values: one byte each when maxBins fits, else two. */
export function newBinArray(maxBins: number, n: number, shared: boolean): BinArray {
  const bytes = maxBins <= NARROW_MAX_BINS ? 1 : 2;
  const buf = shared ? new SharedArrayBuffer(Math.max(2, n * bytes)) : new ArrayBuffer(Math.max(2, n * bytes));
  return bytes === 1 ? new Uint8Array(buf) : new Uint16Array(buf);
}

/** Histogram slots per feature for features with at most `maxNBins` value bins (+1 missing): a power of two ≥ 256. */
export function binStrideFor(maxNBins: number): number {
  let s = BIN_STRIDE;
  while (s < maxNBins + 1) s *= 2;
  return s;
}

/** log2 of a stride from binStrideFor. */
export function strideShift(stride: number): number {
  return 31 - Math.clz32(stride);
}

export interface BinnedData {
  nRows: number;
  nFeatures: number;
  /** Row-major bin indices, backed by a SharedArrayBuffer. */
  bins: BinArray;
  /** Histogram slots per feature (binStrideFor of the largest nBins). */
  stride: number;
  /** Number of value bins per feature; bin nBins[j] is the missing bin. */
  nBins: Int32Array;
  /** Numeric features: upper cut of bin b is edges[j][b] (length nBins[j] - 1). Categorical: empty. */
  edges: Float64Array[];
  categorical: Uint8Array;
}

/** Rows sampled for the quantiles: enough for stable cuts, bounded so binning 1M rows stays fast. */
const QUANTILE_SAMPLE = 200_000;

export function computeBins(data: Dataset, maxBins = MAX_BINS): BinnedData {
  checkMaxBins(maxBins);
  const n = data.nRows;
  const p = data.features.length;
  const bins = newBinArray(maxBins, n * p, true);
  const nBins = new Int32Array(p);
  const edges: Float64Array[] = [];
  const categorical = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const spec = data.features[j]!;
    const nc = spec.type === 'categorical' ? checkCategoryCount(spec) : -1;
    const e = binFeature(nc, data.columns[j]!, n, maxBins, bins, j, p);
    edges.push(e);
    categorical[j] = nc >= 0 ? 1 : 0;
    nBins[j] = nc >= 0 ? Math.max(1, nc) : e.length + 1;
  }
  let maxNb = 0;
  for (let j = 0; j < p; j++) maxNb = Math.max(maxNb, nBins[j]!);
  return { nRows: n, nFeatures: p, bins, stride: binStrideFor(maxNb), nBins, edges, categorical };
}

export function checkMaxBins(maxBins: number): void {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`max_bin must be an integer in [2, ${MAX_BINS}], got ${maxBins}`);
  }
}

/** Number of categories of a categorical feature, refused past MAX_BINS. */
export function checkCategoryCount(spec: FeatureSpec): number {
  const nc = spec.categories?.length ?? 0;
  if (nc > MAX_CATEGORIES) {
    throw ModelErrors.FW_ERR_MODEL_BAD_DATA(
      `feature "${spec.name}": ${nc} categories, at most ${MAX_CATEGORIES} are supported (group rare categories first)`);
  }
  return nc;
}

/**
 * Bins one feature: out[off + i·stride] for rows i < n. `nCats` ≥ 0: categorical with that many categories (bin =
 * category index); -1: numeric (quantile cuts, returned). The missing bin is the feature's value-bin count. Pure per
 * feature, so features can be binned on different threads.
 */
export function binFeature(nCats: number, col: Float64Array, n: number, maxBins: number, out: BinArray, off: number, stride: number): Float64Array {
  if (nCats >= 0) {
    const miss = Math.max(1, nCats);
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      out[off + i * stride] = x >= 0 && x < nCats && x === Math.floor(x) ? x : miss;
    }
    return new Float64Array(0);
  }
  const e = quantileCuts(col, n, maxBins);
  const miss = e.length + 1;
  const ne = e.length;
  for (let i = 0; i < n; i++) {
    const x = col[i]!;
    if (x !== x) { out[off + i * stride] = miss; continue; }
    let lo = 0, hi = ne;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x <= e[mid]!) hi = mid; else lo = mid + 1;
    }
    out[off + i * stride] = lo;
  }
  return e;
}

/** Cut points between distinct values at (approximately) equal-frequency positions. */
export function quantileCuts(col: Float64Array, n: number, maxBins: number): Float64Array {
  const step = n > QUANTILE_SAMPLE ? n / QUANTILE_SAMPLE : 1;
  // typed buffers, no JS arrays: on 100k rows the array pushes cost about half as much as the sort
  const buf = new Float64Array(Math.ceil(n / step));
  let m = 0;
  for (let t = 0; t < n; t += step) {
    const x = col[Math.floor(t)]!;
    if (x === x) buf[m++] = x;
  }
  if (m === 0) return new Float64Array(0);
  const sorted = buf.subarray(0, m).sort();
  let nDistinct = 1;
  for (let i = 1; i < m && nDistinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) nDistinct++;
  const cuts: number[] = [];
  if (nDistinct <= maxBins) {
    let prev = sorted[0]!;
    for (let i = 1; i < m; i++) if (sorted[i] !== prev) { cuts.push(midpoint(prev, sorted[i]!)); prev = sorted[i]!; }
    return Float64Array.from(cuts);
  }
  // Equal-frequency targets; each cut goes after the value at the target position (ties stay in one bin).
  let last = -Infinity;
  for (let q = 1; q < maxBins; q++) {
    const pos = Math.min(m - 1, Math.floor((q * m) / maxBins));
    const a = sorted[pos]!;
    if (a <= last) continue;
    // next distinct value above a
    let lo = pos, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= a) lo = mid + 1; else hi = mid;
    }
    if (lo >= m) break;
    const c = midpoint(a, sorted[lo]!);
    cuts.push(c);
    last = c;
  }
  return Float64Array.from(cuts);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Adjacent doubles: the midpoint can round up to b, which would send b left; keep the cut at a.
  return m >= b || m < a ? a : m;
}
