/**
 * One decision tree as flat typed arrays (no per-node objects). Shared by random forest and gradient boosting, by
 * inference, TreeSHAP, feature importance and ONNX export.
 *
 * Node i is a leaf when feature[i] === -1. Otherwise:
 *   - numeric split: go left when x[feature[i]] <= threshold[i]  (sklearn's convention);
 *   - categorical split (catStart[i] >= 0): go left when the category index c of x[feature[i]] is in the left set,
 *     i.e. bit c of catBits[catStart[i] .. catStart[i] + catWords[i] - 1] is set;
 *   - missing value (NaN), or a category index outside the bitset: go left when missingLeft[i] === 1, else right.
 * value[i * nOutputs + k] is the node's output k (leaves: the prediction; inner nodes: the cover-weighted mean,
 * needed by TreeSHAP). For gradient boosting nOutputs = 1 and the value is a raw-score increment (already
 * multiplied by the learning rate); for random forest nOutputs = number of classes and values are class
 * probabilities.
 * cover[i] = sum of sample weights (random forest) or hessians (gbdt) reaching node i in training.
 * gain[i] = loss reduction of the split at node i (0 for leaves).
 */
export interface TreeArrays {
  nNodes: number;
  nOutputs: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  catStart: Int32Array;
  catWords: Int32Array;
  catBits: Uint32Array;
  value: Float64Array;
  cover: Float64Array;
  gain: Float64Array;
}

/** Index of the leaf that `row` (offset `off` in a row-major buffer) reaches. */
export function leafIndex(t: TreeArrays, row: Float64Array, off = 0): number {
  let i = 0;
  const { feature, threshold, left, right, missingLeft, catStart } = t;
  while (feature[i]! !== -1) {
    const x = row[off + feature[i]!]!;
    if (x !== x) {
      i = missingLeft[i] ? left[i]! : right[i]!;
    } else if (catStart[i]! < 0) {
      i = x <= threshold[i]! ? left[i]! : right[i]!;
    } else {
      const c = x | 0;
      const w = c >>> 5;
      if (c < 0 || w >= t.catWords[i]!) i = missingLeft[i] ? left[i]! : right[i]!;
      else i = (t.catBits[catStart[i]! + w]! >>> (c & 31)) & 1 ? left[i]! : right[i]!;
    }
  }
  return i;
}

/** Whether a row goes left at inner node i (used by TreeSHAP and tests). */
export function goesLeft(t: TreeArrays, i: number, row: Float64Array, off = 0): boolean {
  const x = row[off + t.feature[i]!]!;
  if (x !== x) return t.missingLeft[i] === 1;
  if (t.catStart[i]! < 0) return x <= t.threshold[i]!;
  const c = x | 0;
  const w = c >>> 5;
  if (c < 0 || w >= t.catWords[i]!) return t.missingLeft[i] === 1;
  return ((t.catBits[t.catStart[i]! + w]! >>> (c & 31)) & 1) === 1;
}
