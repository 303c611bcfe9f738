/**
 * Seeded random trees in the shared TreeArrays format, with consistent covers and cover-weighted inner values.
 * Used by the TreeSHAP and ONNX tests and benches to exercise numeric, categorical and missing-value routing
 * without depending on a learner.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';

export interface RandomTreeOptions {
  nFeatures: number;
  /** Features that are categorical (split by bitsets); their values are category indices 0..nCategories-1. */
  categorical?: ReadonlySet<number>;
  nCategories?: number;
  maxDepth: number;
  nOutputs: number;
  /** Leaf values: 'raw' (any sign, gbdt-like) or 'proba' (a probability vector per leaf, forest-like). */
  leaves: 'raw' | 'proba';
  /** Features the tree must never split on (to test zero attribution). */
  unused?: ReadonlySet<number>;
  /** Probability of stopping early at a node above maxDepth (gives unbalanced trees). */
  leafProbability?: number;
}

export function randomTree(rng: Rng, o: RandomTreeOptions): TreeArrays {
  const nCat = o.nCategories ?? 5;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const missingLeft: number[] = [];
  const catStart: number[] = [];
  const catWords: number[] = [];
  const catBits: number[] = [];
  const usable = [...Array(o.nFeatures).keys()].filter((j) => !o.unused?.has(j));

  const newNode = (): number => {
    feature.push(-1); threshold.push(0); left.push(-1); right.push(-1); missingLeft.push(0); catStart.push(-1); catWords.push(0);
    return feature.length - 1;
  };
  const grow = (i: number, depth: number): void => {
    if (depth >= o.maxDepth || usable.length === 0 || (depth > 0 && rng.next() < (o.leafProbability ?? 0.2))) return;
    const f = usable[rng.int(usable.length)]!;
    feature[i] = f;
    missingLeft[i] = rng.next() < 0.5 ? 1 : 0;
    if (o.categorical?.has(f)) {
      const words = Math.ceil(nCat / 32);
      catStart[i] = catBits.length;
      catWords[i] = words;
      for (let w = 0; w < words; w++) catBits.push(0);
      for (let c = 0; c < nCat; c++) if (rng.next() < 0.5) catBits[catStart[i]! + (c >>> 5)] = (catBits[catStart[i]! + (c >>> 5)]! | (1 << (c & 31))) >>> 0;
    } else {
      // Thresholds on a coarse grid so that test rows hit them exactly (x <= t equality matters).
      threshold[i] = Math.round((rng.next() * 4 - 2) * 4) / 4;
    }
    const l = newNode();
    const r = newNode();
    left[i] = l;
    right[i] = r;
    grow(l, depth + 1);
    grow(r, depth + 1);
  };
  grow(newNode(), 0);

  const n = feature.length;
  const K = o.nOutputs;
  const value = new Float64Array(n * K);
  const cover = new Float64Array(n);
  const gain = new Float64Array(n);
  // Leaves get values and covers; inner nodes aggregate bottom-up (children always have larger indices).
  for (let i = n - 1; i >= 0; i--) {
    if (feature[i] === -1) {
      cover[i] = 1 + rng.int(20);
      if (o.leaves === 'raw') for (let k = 0; k < K; k++) value[i * K + k] = rng.normal();
      else {
        let s = 0;
        for (let k = 0; k < K; k++) { value[i * K + k] = rng.next() + 1e-3; s += value[i * K + k]!; }
        for (let k = 0; k < K; k++) value[i * K + k]! /= s;
      }
    } else {
      const l = left[i]!, r = right[i]!;
      cover[i] = cover[l]! + cover[r]!;
      for (let k = 0; k < K; k++) value[i * K + k] = (cover[l]! * value[l * K + k]! + cover[r]! * value[r * K + k]!) / cover[i]!;
      gain[i] = rng.next();
    }
  }
  return {
    nNodes: n, nOutputs: K,
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    left: Int32Array.from(left), right: Int32Array.from(right), missingLeft: Uint8Array.from(missingLeft),
    catStart: Int32Array.from(catStart), catWords: Int32Array.from(catWords), catBits: Uint32Array.from(catBits),
    value, cover, gain,
  };
}

/** A random row for trees from `randomTree`: grid values that hit thresholds, some NaN, some unseen categories. */
export function randomRow(rng: Rng, nFeatures: number, categorical?: ReadonlySet<number>, nCategories = 5, missingRate = 0.15): Float64Array {
  const row = new Float64Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    if (rng.next() < missingRate) row[j] = NaN;
    // nCategories itself = unseen but inside the bitset words; 40 = beyond the bitset (routed like missing).
    else if (categorical?.has(j)) row[j] = rng.next() < 0.1 ? 40 : rng.int(nCategories + 1);
    else row[j] = Math.round((rng.next() * 5 - 2.5) * 4) / 4;
  }
  return row;
}
