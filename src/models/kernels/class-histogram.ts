/**
 * Classification-tree histograms and split finding (random forest).
 *
 * hist[(f * BIN_STRIDE + b) * S + k] = summed sample weight of class k (k < K) in bin b; slot K counts distinct
 * rows (min_samples_leaf counts rows, as in scikit-learn, while impurities use weights = bootstrap multiplicity ×
 * class weight). Counting is skipped when min_samples_leaf = 1: then a bin is non-empty iff its weight is > 0
 * (every sampled row has weight > 0), which is all that rule needs (pseudo-count 1 per non-empty bin). Forest nodes sample their features, so histograms are built per node for the sampled features
 * only (no subtraction: the sibling's feature sample differs).
 *
 * Impurity decrease, in weight units (what scikit-learn accumulates for feature_importances_):
 *   gini:    Σ_k L_k²/W_L + Σ_k R_k²/W_R − Σ_k P_k²/W        (= W·gini(P) − W_L·gini(L) − W_R·gini(R))
 *   entropy: Σ_k L_k ln L_k − W_L ln W_L + (same for R) − (same for P)
 */
import { BIN_STRIDE } from './binning.js';
import type { SplitInfo } from './split.js';

export type Criterion = 'gini' | 'entropy';

export function buildClassHist(
  hist: Float64Array, S: number, bins: Uint8Array, nFeatures: number, nBins: Int32Array,
  rows: Int32Array, start: number, end: number, y: Int32Array, w: Float64Array,
  feats: Int32Array, f0: number, f1: number, withCount: boolean,
): void {
  const K = S - 1;
  void nBins; // the histogram is all zeros on entry (clearClassHist restores that after each node)
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const cls = y[r]!;
    const wt = w[r]!;
    const base = r * nFeatures;
    for (let q = f0; q < f1; q++) {
      const f = feats[q]!;
      const o = (f * BIN_STRIDE + bins[base + f]!) * S;
      hist[o + cls] += wt;
      if (withCount) hist[o + K] += 1;
    }
  }
}

function score(v: Float64Array, off: number, K: number, entropy: boolean): number {
  let W = 0, s = 0;
  if (entropy) {
    for (let k = 0; k < K; k++) { const x = v[off + k]!; W += x; if (x > 0) s += x * Math.log(x); }
    return W > 0 ? s - W * Math.log(W) : 0;
  }
  for (let k = 0; k < K; k++) { const x = v[off + k]!; W += x; s += x * x; }
  return W > 0 ? s / W : 0;
}

/** Per-grower scratch. */
export class ClassScratch {
  readonly left: Float64Array;
  readonly right: Float64Array;
  readonly order = new Int32Array(BIN_STRIDE);
  readonly keys = new Float64Array(BIN_STRIDE);
  readonly seen = new Uint8Array(BIN_STRIDE);
  constructor(K: number) {
    this.left = new Float64Array(K + 1);
    this.right = new Float64Array(K + 1);
  }
}

/**
 * Zero the features' histograms after a node is done. Small nodes (most nodes of a deep tree) touch few bins, so
 * they clear exactly the bins their rows hit instead of the whole 256-bin range: without this, zeroing empty
 * histograms dominated deep-forest fitting.
 */
export function clearClassHist(
  hist: Float64Array, S: number, bins: Uint8Array, nFeatures: number, nBins: Int32Array,
  rows: Int32Array, start: number, end: number, feats: Int32Array, f0: number, f1: number,
): void {
  if ((end - start) * 4 < BIN_STRIDE) {
    for (let k = start; k < end; k++) {
      const base = rows[k]! * nFeatures;
      for (let q = f0; q < f1; q++) {
        const f = feats[q]!;
        const o = (f * BIN_STRIDE + bins[base + f]!) * S;
        for (let s = 0; s < S; s++) hist[o + s] = 0;
      }
    }
    return;
  }
  for (let q = f0; q < f1; q++) {
    const f = feats[q]!;
    const o = f * BIN_STRIDE * S;
    hist.fill(0, o, o + (nBins[f]! + 1) * S);
  }
}

/**
 * The non-empty value bins of feature f in a node, ascending, into cs.order; returns how many. Small nodes gather
 * them from their rows, large nodes scan the histogram.
 */
export function collectBins(
  hist: Float64Array, S: number, f: number, nb: number, bins: Uint8Array, nFeatures: number,
  rows: Int32Array, start: number, end: number, cs: ClassScratch,
): number {
  const order = cs.order;
  let m = 0;
  if ((end - start) * 4 < nb) {
    const seen = cs.seen;
    for (let k = start; k < end; k++) {
      const b = bins[rows[k]! * nFeatures + f]!;
      if (b !== nb && seen[b] === 0) { seen[b] = 1; order[m++] = b; }
    }
    for (let i = 0; i < m; i++) seen[order[i]!] = 0;
    order.subarray(0, m).sort();
    return m;
  }
  const K = S - 1;
  for (let b = 0; b < nb; b++) {
    const o = (f * BIN_STRIDE + b) * S;
    let W = 0;
    for (let k = 0; k < K; k++) W += hist[o + k]!;
    if (W > 0 || hist[o + K]! > 0) order[m++] = b;
  }
  return m;
}

/**
 * Scan feature f of a node whose totals are `P` (K weights + row count). Updates `best` when it finds a better
 * split; returns false when the feature is constant in this node (one non-empty bin), which scikit-learn does not
 * count against max_features.
 */
export function scanClassFeature(
  hist: Float64Array, S: number, f: number, nb: number, isCat: boolean, P: Float64Array, parentScore: number,
  criterion: Criterion, minSamplesLeaf: number, refClass: number, best: SplitInfo, cs: ClassScratch, counted: boolean,
  nCollected: number,
): boolean {
  const K = S - 1;
  const entropy = criterion === 'entropy';
  const base = f * BIN_STRIDE;
  const mo = (base + nb) * S;
  const order = cs.order;
  const m = nCollected;
  if (!counted) {
    // pseudo-counts (see above): slot K := 1 for the non-empty bins, so the scans below are unchanged
    for (let i = 0; i < m; i++) hist[(base + order[i]!) * S + K] = 1;
    let W = 0;
    for (let k = 0; k < K; k++) W += hist[mo + k]!;
    hist[mo + K] = W > 0 ? 1 : 0;
  }
  const mC = hist[mo + K]!;
  const nonEmpty = m + (mC > 0 ? 1 : 0);
  if (isCat) {
    // order categories by their share of refClass (stable insertion sort; m ≤ 255)
    for (let j = 0; j < m; j++) {
      const b = order[j]!;
      const o = (base + b) * S;
      let W = 0;
      for (let k = 0; k < K; k++) W += hist[o + k]!;
      const key = W > 0 ? hist[o + refClass]! / W : 0;
      let i = j;
      while (i > 0 && cs.keys[i - 1]! > key) { cs.keys[i] = cs.keys[i - 1]!; order[i] = order[i - 1]!; i--; }
      cs.keys[i] = key;
      order[i] = b;
    }
  }
  if (nonEmpty <= 1) return false;
  const C = counted ? P[K]! : nonEmpty;
  const L = cs.left, R = cs.right;
  let bestGain = best.gain;
  let bestPos = -1, bestDirLeft = false, bestLC = 0;
  const dirs = mC > 0 ? 2 : 1;
  const tol = 1e-12 * Math.abs(parentScore);
  if (K === 2 && !entropy) {
    // Binary gini, unrolled: the forest's most common case and its hottest scan.
    const P0 = P[0]!, P1 = P[1]!;
    for (let d = 0; d < dirs; d++) {
      const missLeft = d === 1;
      let l0 = missLeft ? hist[mo]! : 0, l1 = missLeft ? hist[mo + 1]! : 0, lC = missLeft ? mC : 0;
      for (let pos = 0; pos < m; pos++) {
        const o = (base + order[pos]!) * 3;
        l0 += hist[o]!; l1 += hist[o + 1]!; lC += hist[o + 2]!;
        if (lC < minSamplesLeaf) continue;
        if (C - lC < minSamplesLeaf) break;
        const r0 = P0 - l0, r1 = P1 - l1;
        const lw = l0 + l1, rw = r0 + r1;
        const gain = (lw > 0 ? (l0 * l0 + l1 * l1) / lw : 0) + (rw > 0 ? (r0 * r0 + r1 * r1) / rw : 0) - parentScore;
        if (gain > bestGain + tol) {
          bestGain = gain; bestPos = pos; bestDirLeft = missLeft; bestLC = lC;
          best.leftStats[0] = l0; best.leftStats[1] = l1; best.leftStats[2] = lC;
        }
      }
    }
  } else if (!entropy) {
    // Multiclass gini, fused: no right-count array and no score() calls, but the very same operations in the same
    // order as score(L) + score(R) below (right count P[k] − L[k], sums over k ascending), so gains are identical.
    for (let d = 0; d < dirs; d++) {
      const missLeft = d === 1;
      for (let k = 0; k <= K; k++) L[k] = missLeft ? hist[mo + k]! : 0;
      for (let pos = 0; pos < m; pos++) {
        const o = (base + order[pos]!) * S;
        for (let k = 0; k <= K; k++) L[k] += hist[o + k]!;
        const lC = L[K]!;
        if (lC < minSamplesLeaf) continue;
        if (C - lC < minSamplesLeaf) break;
        let lw = 0, ls = 0, rw = 0, rs = 0;
        for (let k = 0; k < K; k++) {
          const x = L[k]!;
          lw += x; ls += x * x;
          const r = P[k]! - x;
          rw += r; rs += r * r;
        }
        const gain = (lw > 0 ? ls / lw : 0) + (rw > 0 ? rs / rw : 0) - parentScore;
        if (gain > bestGain + tol) {
          bestGain = gain; bestPos = pos; bestDirLeft = missLeft; bestLC = lC;
          best.leftStats.set(L);
        }
      }
    }
  } else for (let d = 0; d < dirs; d++) {
    const missLeft = d === 1;
    for (let k = 0; k <= K; k++) L[k] = missLeft ? hist[mo + k]! : 0;
    for (let pos = 0; pos < m; pos++) {
      const o = (base + order[pos]!) * S;
      for (let k = 0; k <= K; k++) L[k] += hist[o + k]!;
      const lC = L[K]!;
      if (lC < minSamplesLeaf) continue;
      if (C - lC < minSamplesLeaf) break;
      for (let k = 0; k <= K; k++) R[k] = P[k]! - L[k]!;
      const gain = score(L, 0, K, entropy) + score(R, 0, K, entropy) - parentScore;
      if (gain > bestGain + tol) {
        bestGain = gain; bestPos = pos; bestDirLeft = missLeft; bestLC = lC;
        best.leftStats.set(L);
      }
    }
  }
  if (bestPos >= 0) best.record(f, bestGain, isCat, order, bestPos, isCat ? -1 : order[bestPos]!, mC, bestDirLeft, bestLC, C);
  return true;
}

export function nodeScore(P: Float64Array, K: number, criterion: Criterion): number {
  return score(P, 0, K, criterion === 'entropy');
}
