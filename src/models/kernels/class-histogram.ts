/**
 * Classification-tree histograms and split finding (random forest).
 *
 * hist[(f * stride + b) * S + k] = summed sample weight of class k (k < K) in bin b; slot K counts distinct
 * rows (min_samples_leaf counts rows, as in scikit-learn, while impurities use weights = bootstrap multiplicity ×
 * class weight). Forest nodes sample their features, so histograms are built per node for the sampled features only,
 * over the node's rows (partitioned in place, kernels/partition.ts): O(rows × sampled features) per node, the class
 * being an offset into the bin's slots. No subtraction trick: a child shares on average only max_features²/F of its
 * features with its parent (~1 of 4 for sqrt), so parent − sibling would save ~10 % of the building at the cost of
 * keeping one set of histograms per depth level.
 *
 * `stride` is the histogram slots per feature (BIN_STRIDE = 256 for byte bins; more for wide bins, binning.ts).
 *
 * Small nodes also keep an occupancy bitmap (stride bits per feature, `occ[f * (stride >> 5) + (b >> 5)]`) of their
 * non-empty bins. Deep-tree nodes hold a few dozen rows spread over up to 256 bins: walking the set bits lists
 * their bins in ascending order with no sort and no pass over empty bins, and clearing touches only those bins.
 *
 * Impurity decrease, in weight units (what scikit-learn accumulates for feature_importances_):
 *   gini:    Σ_k L_k²/W_L + Σ_k R_k²/W_R − Σ_k P_k²/W        (= W·gini(P) − W_L·gini(L) − W_R·gini(R))
 *   entropy: Σ_k L_k ln L_k − W_L ln W_L + (same for R) − (same for P)
 */
import { BIN_STRIDE } from './binning.js';
import type { BinArray } from './binning.js';
import type { SplitInfo } from './split.js';

export type Criterion = 'gini' | 'entropy';

/** Int32 words of occupancy bitmap per feature with byte bins (BIN_STRIDE bits); stride >>> 5 in general. */
export const OCC_WORDS = BIN_STRIDE >>> 5;

/**
 * Add the node's rows to the histograms of features feats[f0..f1). The histograms (and bitmaps) are all zero on
 * entry (clearClassHist restores that after each node). `withOcc`: also mark the bins in the occupancy bitmap. Only
 * small nodes do: the bitmap update costs about as much as the histogram update itself (a read-modify-write of one
 * of 8 words, often the word the previous row wrote), while a large node's bins are cheaper to find by a pass over
 * the count slots.
 */
export function buildClassHist(
  hist: Float64Array, S: number, bins: BinArray, nFeatures: number,
  rows: Int32Array, start: number, end: number, y: Int32Array, w: Float64Array,
  feats: Int32Array, f0: number, f1: number, occ: Int32Array, withOcc: boolean, stride = BIN_STRIDE,
): void {
  const K = S - 1;
  const ow = stride >>> 5;
  if (withOcc) {
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const cls = y[r]!;
      const wt = w[r]!;
      const base = r * nFeatures;
      for (let q = f0; q < f1; q++) {
        const f = feats[q]!;
        const b = bins[base + f]!;
        const o = (f * stride + b) * S;
        hist[o + cls] += wt;
        hist[o + K] += 1;
        occ[f * ow + (b >>> 5)] |= 1 << (b & 31);
      }
    }
    return;
  }
  // Features four at a time with their offsets hoisted: one pass over the rows per four features, no inner loop.
  let q = f0;
  for (; q + 4 <= f1; q += 4) {
    const fa = feats[q]!, fb = feats[q + 1]!, fc = feats[q + 2]!, fd = feats[q + 3]!;
    const ha = fa * stride, hb = fb * stride, hc = fc * stride, hd = fd * stride;
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const cls = y[r]!;
      const wt = w[r]!;
      const base = r * nFeatures;
      const oa = (ha + bins[base + fa]!) * S;
      const ob = (hb + bins[base + fb]!) * S;
      const oc = (hc + bins[base + fc]!) * S;
      const od = (hd + bins[base + fd]!) * S;
      hist[oa + cls] += wt; hist[oa + K] += 1;
      hist[ob + cls] += wt; hist[ob + K] += 1;
      hist[oc + cls] += wt; hist[oc + K] += 1;
      hist[od + cls] += wt; hist[od + K] += 1;
    }
  }
  for (; q < f1; q++) {
    const f = feats[q]!;
    const hf = f * stride;
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const o = (hf + bins[r * nFeatures + f]!) * S;
      hist[o + y[r]!] += w[r]!;
      hist[o + K] += 1;
    }
  }
}

/** Nodes with fewer rows than this track their bins in the occupancy bitmap (see buildClassHist). */
export const OCC_BELOW = 128;

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
  readonly order: Int32Array;
  readonly keys: Float64Array;
  /** The node being split's totals (K weights + row count). */
  readonly parent: Float64Array;
  constructor(K: number, stride = BIN_STRIDE) {
    this.order = new Int32Array(stride);
    this.keys = new Float64Array(stride);
    this.parent = new Float64Array(K + 1);
    this.left = new Float64Array(K + 1);
    this.right = new Float64Array(K + 1);
  }
}

/**
 * Zero the histograms and bitmaps of features feats[f0..f1) after a node is done: a small node (`withOcc`) only its
 * non-empty bins, a large one the feature's whole bin range.
 */
export function clearClassHist(hist: Float64Array, S: number, feats: Int32Array, f0: number, f1: number, occ: Int32Array, withOcc: boolean, nBins: Int32Array, stride = BIN_STRIDE): void {
  for (let q = f0; q < f1; q++) {
    const f = feats[q]!;
    if (!withOcc) {
      const o = f * stride * S;
      hist.fill(0, o, o + (nBins[f]! + 1) * S);
      continue;
    }
    // only the words that can hold a used bin (value bins and the missing bin nBins[f])
    const ow = stride >>> 5, nw = (nBins[f]! >>> 5) + 1;
    for (let i = 0; i < nw; i++) {
      let x = occ[f * ow + i]!;
      if (x === 0) continue;
      occ[f * ow + i] = 0;
      while (x !== 0) {
        const t = x & -x;
        x ^= t;
        const o = (f * stride + (i << 5) + 31 - Math.clz32(t)) * S;
        for (let s = 0; s < S; s++) hist[o + s] = 0;
      }
    }
  }
}

/**
 * The non-empty value bins of feature f (the missing bin nb excluded), ascending, into cs.order; returns how many.
 * From the bitmap when the node built one, else from the count slots.
 */
export function collectBins(hist: Float64Array, S: number, occ: Int32Array, withOcc: boolean, f: number, nb: number, cs: ClassScratch, stride = BIN_STRIDE): number {
  const order = cs.order;
  let m = 0;
  if (!withOcc) {
    const K = S - 1;
    for (let b = 0, o = f * stride * S + K; b < nb; b++, o += S) if (hist[o]! > 0) order[m++] = b;
    return m;
  }
  const ow = stride >>> 5, nw = (nb >>> 5) + 1;
  for (let i = 0; i < nw; i++) {
    let x = occ[f * ow + i]!;
    while (x !== 0) {
      const t = x & -x;
      x ^= t;
      order[m++] = (i << 5) + 31 - Math.clz32(t);
    }
  }
  // the missing bin is the highest bin used, so if present it was listed last
  if (m > 0 && order[m - 1] === nb) m--;
  return m;
}

/**
 * Scan feature f of a node whose totals are `P` (K weights + row count). Updates `best` when it finds a better
 * split; returns false when the feature is constant in this node (one non-empty bin), which scikit-learn does not
 * count against max_features.
 */
export function scanClassFeature(
  hist: Float64Array, S: number, f: number, nb: number, isCat: boolean, P: Float64Array, parentScore: number,
  criterion: Criterion, minSamplesLeaf: number, refClass: number, best: SplitInfo, cs: ClassScratch, nCollected: number,
  stride = BIN_STRIDE,
): boolean {
  const K = S - 1;
  const entropy = criterion === 'entropy';
  const base = f * stride;
  const mo = (base + nb) * S;
  const order = cs.order;
  const m = nCollected;
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
  const C = P[K]!;
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
  } else if (!entropy && K <= 8) {
    // Multiclass gini for up to 8 classes, the class loop unrolled into 8 register lanes (lanes ≥ K stay 0).
    // V8 neither unrolls loops nor keeps a scratch array in registers, and this runs once per non-empty bin of
    // every sampled feature of every node: unrolled it is ~2× faster than the loop below. Adding a zero lane
    // changes no sum, so the gains are bit-identical to the loop's (and to score(L) + score(R)).
    const p0 = P[0]!, p1 = P[1]!, p2 = P[2]!, p3 = K > 3 ? P[3]! : 0, p4 = K > 4 ? P[4]! : 0;
    const p5 = K > 5 ? P[5]! : 0, p6 = K > 6 ? P[6]! : 0, p7 = K > 7 ? P[7]! : 0;
    for (let d = 0; d < dirs; d++) {
      const missLeft = d === 1;
      let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0, lC = 0;
      if (missLeft) {
        l0 = hist[mo]!; l1 = hist[mo + 1]!; l2 = hist[mo + 2]!;
        if (K > 3) l3 = hist[mo + 3]!;
        if (K > 4) l4 = hist[mo + 4]!;
        if (K > 5) l5 = hist[mo + 5]!;
        if (K > 6) l6 = hist[mo + 6]!;
        if (K > 7) l7 = hist[mo + 7]!;
        lC = mC;
      }
      for (let pos = 0; pos < m; pos++) {
        const o = (base + order[pos]!) * S;
        l0 += hist[o]!; l1 += hist[o + 1]!; l2 += hist[o + 2]!;
        if (K > 3) {
          l3 += hist[o + 3]!;
          if (K > 4) {
            l4 += hist[o + 4]!;
            if (K > 5) { l5 += hist[o + 5]!; if (K > 6) { l6 += hist[o + 6]!; if (K > 7) l7 += hist[o + 7]!; } }
          }
        }
        lC += hist[o + K]!;
        if (lC < minSamplesLeaf) continue;
        if (C - lC < minSamplesLeaf) break;
        const r0 = p0 - l0, r1 = p1 - l1, r2 = p2 - l2, r3 = p3 - l3, r4 = p4 - l4, r5 = p5 - l5, r6 = p6 - l6, r7 = p7 - l7;
        const lw = l0 + l1 + l2 + l3 + l4 + l5 + l6 + l7;
        const rw = r0 + r1 + r2 + r3 + r4 + r5 + r6 + r7;
        const ls = l0 * l0 + l1 * l1 + l2 * l2 + l3 * l3 + l4 * l4 + l5 * l5 + l6 * l6 + l7 * l7;
        const rs = r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6 + r7 * r7;
        const gain = (lw > 0 ? ls / lw : 0) + (rw > 0 ? rs / rw : 0) - parentScore;
        if (gain > bestGain + tol) {
          bestGain = gain; bestPos = pos; bestDirLeft = missLeft; bestLC = lC;
          const ls8 = best.leftStats;
          ls8[0] = l0; ls8[1] = l1; ls8[2] = l2;
          if (K > 3) ls8[3] = l3;
          if (K > 4) ls8[4] = l4;
          if (K > 5) ls8[5] = l5;
          if (K > 6) ls8[6] = l6;
          if (K > 7) ls8[7] = l7;
          ls8[K] = lC;
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
