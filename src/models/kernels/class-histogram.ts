/**
 * Classification-tree histograms and split finding (random forest).
 *
 * hist[(f * BIN_STRIDE + b) * S + k] = summed sample weight of class k (k < K) in bin b; slot K counts distinct
 * rows (min_samples_leaf counts rows, as in scikit-learn, while impurities use weights = bootstrap multiplicity ×
 * class weight). Forest nodes sample their features, so histograms are built per node for the sampled features
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
  feats: Int32Array, f0: number, f1: number,
): void {
  const K = S - 1;
  for (let q = f0; q < f1; q++) {
    const f = feats[q]!;
    const o = f * BIN_STRIDE * S;
    hist.fill(0, o, o + (nBins[f]! + 1) * S);
  }
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const cls = y[r]!;
    const wt = w[r]!;
    const base = r * nFeatures;
    for (let q = f0; q < f1; q++) {
      const f = feats[q]!;
      const o = (f * BIN_STRIDE + bins[base + f]!) * S;
      hist[o + cls] += wt;
      hist[o + K] += 1;
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
  constructor(K: number) {
    this.left = new Float64Array(K + 1);
    this.right = new Float64Array(K + 1);
  }
}

/**
 * Scan feature f of a node whose totals are `P` (K weights + row count). Updates `best` when it finds a better
 * split; returns false when the feature is constant in this node (one non-empty bin), which scikit-learn does not
 * count against max_features.
 */
export function scanClassFeature(
  hist: Float64Array, S: number, f: number, nb: number, isCat: boolean, P: Float64Array, parentScore: number,
  criterion: Criterion, minSamplesLeaf: number, refClass: number, best: SplitInfo, cs: ClassScratch,
): boolean {
  const K = S - 1;
  const entropy = criterion === 'entropy';
  const base = f * BIN_STRIDE;
  const C = P[K]!;
  const mo = (base + nb) * S;
  const mC = hist[mo + K]!;
  let nonEmpty = mC > 0 ? 1 : 0;
  const order = cs.order;
  let m = 0;
  for (let b = 0; b < nb; b++) {
    const o = (base + b) * S;
    if (hist[o + K]! > 0) {
      nonEmpty++;
      if (isCat) {
        let W = 0;
        for (let k = 0; k < K; k++) W += hist[o + k]!;
        const key = W > 0 ? hist[o + refClass]! / W : 0;
        let i = m++;
        while (i > 0 && cs.keys[i - 1]! > key) { cs.keys[i] = cs.keys[i - 1]!; order[i] = order[i - 1]!; i--; }
        cs.keys[i] = key;
        order[i] = b;
      } else {
        order[m++] = b;
      }
    }
  }
  if (nonEmpty <= 1) return false;
  const L = cs.left, R = cs.right;
  let bestGain = best.gain;
  let bestPos = -1, bestDirLeft = false, bestLC = 0;
  const dirs = mC > 0 ? 2 : 1;
  for (let d = 0; d < dirs; d++) {
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
      if (gain > bestGain + 1e-12 * Math.abs(parentScore)) {
        bestGain = gain; bestPos = pos; bestDirLeft = missLeft; bestLC = lC;
        best.leftStats.set(L);
      }
    }
  }
  if (bestPos >= 0) {
    best.feature = f;
    best.gain = bestGain;
    best.categorical = isCat;
    best.missingLeft = mC > 0 ? bestDirLeft : bestLC >= C - bestLC;
    if (isCat) {
      best.nLeftCats = bestPos + 1;
      best.leftCats.set(order.subarray(0, bestPos + 1));
      best.lastLeftBin = -1;
    } else {
      best.lastLeftBin = order[bestPos]!;
      best.nLeftCats = 0;
    }
    best.leftCount = bestLC;
  }
  return true;
}

export function nodeScore(P: Float64Array, K: number, criterion: Criterion): number {
  return score(P, 0, K, criterion === 'entropy');
}
