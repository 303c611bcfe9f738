/**
 * Training-time walks over flat TreeArrays on column-major data (validation scoring, rows left out by subsampling,
 * out-of-bag scoring), so those never need a row-major copy. Same routing as tree-arrays.ts `leafIndex`.
 */
import type { TreeArrays } from '../format/tree-arrays.js';

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
