/**
 * Inference walks over flat TreeArrays. `leafIndex` in tree-arrays.ts is the reference; these are the same
 * routing, specialised: trees without categorical splits skip the bitset branch, and NaN is only tested after the
 * `<=` comparison failed (NaN <= t is false), so a numeric step is one compare and two loads.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { leafIndex } from '../format/tree-arrays.js';

export function hasCategorical(t: TreeArrays): boolean {
  for (let i = 0; i < t.nNodes; i++) if (t.catStart[i]! >= 0 && t.feature[i]! >= 0) return true;
  return false;
}

/** Leaf reached by row-major row at `off`, numeric-only tree. */
export function leafNumeric(feature: Int32Array, threshold: Float64Array, left: Int32Array, right: Int32Array, missingLeft: Uint8Array, row: Float64Array, off: number): number {
  let i = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const x = row[off + f]!;
    if (x <= threshold[i]!) i = left[i]!;
    else if (x !== x && missingLeft[i] === 1) i = left[i]!;
    else i = right[i]!;
    f = feature[i]!;
  }
  return i;
}

export function leafAny(t: TreeArrays, numericOnly: boolean, row: Float64Array, off: number): number {
  return numericOnly ? leafNumeric(t.feature, t.threshold, t.left, t.right, t.missingLeft, row, off) : leafIndex(t, row, off);
}

/** Leaf reached by row i of a column-major dataset (training-time scoring: OOB, validation, unsampled rows). */
export function leafColumns(t: TreeArrays, columns: Float64Array[], i: number): number {
  let n = 0;
  const { feature, threshold, left, right, missingLeft, catStart, catWords, catBits } = t;
  while (feature[n]! !== -1) {
    const x = columns[feature[n]!]![i]!;
    if (x !== x) n = missingLeft[n] ? left[n]! : right[n]!;
    else if (catStart[n]! < 0) n = x <= threshold[n]! ? left[n]! : right[n]!;
    else {
      const c = x | 0;
      const w = c >>> 5;
      if (c < 0 || w >= catWords[n]!) n = missingLeft[n] ? left[n]! : right[n]!;
      else n = (catBits[catStart[n]! + w]! >>> (c & 31)) & 1 ? left[n]! : right[n]!;
    }
  }
  return n;
}
