/**
 * The class with the highest probability, ties to the lower index (numpy's argmax). The one argmax: evaluation,
 * hyperparameter search and the prediction service all call these, over row-major probability buffers.
 */
export function argmaxAt(p: ArrayLike<number>, off: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[off + c]! > p[off + best]!) best = c;
  return best;
}

/** Argmax of each of `n` rows of `k` probabilities. */
export function argmaxRows(proba: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxAt(proba, i * k, k);
  return out;
}
