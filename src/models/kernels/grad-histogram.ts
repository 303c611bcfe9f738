/**
 * Gradient-boosting histograms and split finding.
 *
 * A node's histogram holds, per feature and bin, the sums (G, H, count) of gradients, hessians and rows:
 * hist[(f * BIN_STRIDE + b) * 3 + s]. Row counts are only summed when min_samples_leaf > 1 (`withCount`): they
 * cost a third of the hot loop's writes, and with min_samples_leaf = 1 "non-empty" is all a split needs to know,
 * which a non-zero G or H already tells (every row with weight > 0 has H > 0: hessians are floored at 1e-16). Only the sibling with fewer rows is built from rows; the other is the parent
 * minus it (histogram subtraction), which halves the work per level.
 *
 * Split gain (LightGBM convention, second-order): G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); a split must beat
 * `minGain` and leave each child ≥ minSamplesLeaf rows and ≥ minChildWeight hessian. The missing bin is tried on
 * both sides and the better side becomes the node's default direction; when the node had no missing values the
 * default is the child with more rows (where an unseen NaN most likely belongs).
 *
 * Categorical features: categories are sorted by G/(H + catSmooth) and the best prefix of that order becomes the
 * left set (the Fisher 1958 ordering argument LightGBM uses), so K categories cost K−1 candidates, not 2^K.
 */
import { BIN_STRIDE } from './binning.js';
import type { SplitInfo } from './split.js';

export const GRAD_STATS = 3;

export interface GradSplitParams {
  l2: number;
  minSamplesLeaf: number;
  minChildWeight: number;
  minGain: number;
  catSmooth: number;
  /** Whether histograms carry row counts (see buildGradHist); without them a non-empty bin counts as 1. */
  counted: boolean;
}

/** hist (for features feats[0..nf)) = sums over rows[start, end). */
export function buildGradHist(
  hist: Float64Array, bins: Uint8Array, nFeatures: number, nBins: Int32Array,
  rows: Int32Array, start: number, end: number, grad: Float64Array, hess: Float64Array,
  feats: Int32Array, nf: number, withCount = true,
): void {
  for (let k = 0; k < nf; k++) {
    const f = feats[k]!;
    const o = f * BIN_STRIDE * 3;
    hist.fill(0, o, o + (nBins[f]! + 1) * 3);
  }
  if (!withCount) {
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const g = grad[r]!, h = hess[r]!;
      const base = r * nFeatures;
      for (let q = 0; q < nf; q++) {
        const f = feats[q]!;
        const o = (f * BIN_STRIDE + bins[base + f]!) * 3;
        hist[o] += g;
        hist[o + 1] += h;
      }
    }
    return;
  }
  if (nf === nFeatures) {
    // All features: no indirection through feats.
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const g = grad[r]!, h = hess[r]!;
      const base = r * nFeatures;
      for (let f = 0; f < nFeatures; f++) {
        const o = (f * BIN_STRIDE + bins[base + f]!) * 3;
        hist[o] += g;
        hist[o + 1] += h;
        hist[o + 2] += 1;
      }
    }
    return;
  }
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const g = grad[r]!, h = hess[r]!;
    const base = r * nFeatures;
    for (let q = 0; q < nf; q++) {
      const f = feats[q]!;
      const o = (f * BIN_STRIDE + bins[base + f]!) * 3;
      hist[o] += g;
      hist[o + 1] += h;
      hist[o + 2] += 1;
    }
  }
}

/** big -= small for the given features (big becomes the larger sibling's histogram). */
export function subtractGradHist(big: Float64Array, small: Float64Array, nBins: Int32Array, feats: Int32Array, nf: number): void {
  for (let k = 0; k < nf; k++) {
    const f = feats[k]!;
    const o = f * BIN_STRIDE * 3;
    const e = o + (nBins[f]! + 1) * 3;
    for (let i = o; i < e; i++) big[i] -= small[i]!;
  }
}

/** Scratch for categorical sorting (one per grower). */
export class CatScratch {
  order = new Int32Array(BIN_STRIDE);
  keys = new Float64Array(BIN_STRIDE);
}

/**
 * Update `best` with the best split on feature f if it beats best.gain. Node totals G, H, C.
 */
export function scanGradFeature(
  hist: Float64Array, f: number, nb: number, isCat: boolean, G: number, H: number, C: number,
  p: GradSplitParams, best: SplitInfo, cs: CatScratch,
): void {
  const l2 = p.l2, msl = p.minSamplesLeaf, mcw = p.minChildWeight;
  const parent = (G * G) / (H + l2);
  const base = f * BIN_STRIDE;
  const mo = (base + nb) * 3;
  const counted = p.counted;
  const mG = hist[mo]!, mH = hist[mo + 1]!;
  const mC = counted ? hist[mo + 2]! : mG !== 0 || mH !== 0 ? 1 : 0;
  if (!counted) {
    // pseudo-counts: the feature's "rows" are its non-empty bins (exact for min_samples_leaf = 1)
    C = mC;
    for (let b = 0; b < nb; b++) { const o = (base + b) * 3; if (hist[o]! !== 0 || hist[o + 1]! !== 0) C++; }
  }
  const threshold = Math.max(best.gain, p.minGain);
  let bestGain = threshold;
  let bestPos = -1;
  let bestDirLeft = false;
  let bestLG = 0, bestLH = 0, bestLC = 0;
  let m = nb;
  const order = cs.order;
  if (isCat) {
    m = 0;
    for (let c = 0; c < nb; c++) {
      const o = (base + c) * 3;
      if (counted ? hist[o + 2]! > 0 : hist[o]! !== 0 || hist[o + 1]! !== 0) {
        const key = hist[o]! / (hist[o + 1]! + p.catSmooth);
        // insertion sort by (key, c): m ≤ 255
        let i = m++;
        while (i > 0 && cs.keys[i - 1]! > key) { cs.keys[i] = cs.keys[i - 1]!; order[i] = order[i - 1]!; i--; }
        cs.keys[i] = key;
        order[i] = c;
      }
    }
  }
  const dirs = mC > 0 ? 2 : 1;
  for (let d = 0; d < dirs; d++) {
    const missLeft = d === 1;
    let lG = missLeft ? mG : 0, lH = missLeft ? mH : 0, lC = missLeft ? mC : 0;
    for (let pos = 0; pos < m; pos++) {
      const o = (base + (isCat ? order[pos]! : pos)) * 3;
      const c = counted ? hist[o + 2]! : hist[o]! !== 0 || hist[o + 1]! !== 0 ? 1 : 0;
      if (c === 0) continue;
      lG += hist[o]!; lH += hist[o + 1]!; lC += c;
      if (lC < msl || lH < mcw) continue;
      const rC = C - lC, rH = H - lH;
      if (rC < msl) break;
      if (rH < mcw) continue;
      const rG = G - lG;
      const gain = (lG * lG) / (lH + l2) + (rG * rG) / (rH + l2) - parent;
      if (gain > bestGain) {
        bestGain = gain; bestPos = pos; bestDirLeft = missLeft;
        bestLG = lG; bestLH = lH; bestLC = lC;
      }
    }
  }
  if (bestPos < 0) return;
  best.feature = f;
  best.gain = bestGain;
  best.categorical = isCat;
  best.missingLeft = mC > 0 ? bestDirLeft : bestLC >= C - bestLC;
  if (isCat) {
    best.nLeftCats = bestPos + 1;
    best.leftCats.set(order.subarray(0, bestPos + 1));
    best.lastLeftBin = -1;
  } else {
    best.lastLeftBin = bestPos;
    best.nLeftCats = 0;
  }
  best.leftStats[0] = bestLG;
  best.leftStats[1] = bestLH;
  best.leftStats[2] = bestLC;
  best.leftCount = bestLC;
}
