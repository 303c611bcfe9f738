import { EvalErrors } from '../errors.js';

/**
 * Input checks shared by every metric. Metrics are pure functions over typed arrays; they refuse bad input with an
 * FwError naming the row / class instead of quietly returning NaN, because a NaN metric would sail through a gate.
 */

/** Check y against K classes and return n. */
export function checkLabels(y: Int32Array, nClasses: number, what = 'y'): number {
  const n = y.length;
  if (n === 0) throw EvalErrors.FW_ERR_EVAL_EMPTY(`${what}: no rows to evaluate`);
  if (!Number.isInteger(nClasses) || nClasses < 2) throw EvalErrors.FW_ERR_EVAL_SHAPE(`classes: expected at least 2 classes, got ${nClasses}`);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v < 0 || v >= nClasses) throw EvalErrors.FW_ERR_EVAL_BAD_LABEL(`${what}[${i}]: class index ${v} is outside [0, ${nClasses - 1}]`);
  }
  return n;
}

/** Check a row-major n×K probability matrix: finite, in [0, 1]. Rows need not sum exactly to 1 (float noise). */
export function checkProba(proba: Float64Array, n: number, nClasses: number, what = 'proba'): void {
  if (proba.length !== n * nClasses) {
    throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}: expected ${n} rows × ${nClasses} classes = ${n * nClasses} values, got ${proba.length}`);
  }
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    // NaN fails both comparisons, so one test catches NaN, ±Infinity and out-of-range values.
    if (!(p >= 0 && p <= 1)) {
      const row = Math.floor(i / nClasses);
      throw EvalErrors.FW_ERR_EVAL_BAD_PROBA(`${what}: row ${row}, class ${i % nClasses}: probability ${p} is not a finite number in [0, 1]`);
    }
  }
}

/** Check a 1-D score vector (binary positive-class probability or any score): finite values, length n. */
export function checkScores(scores: Float64Array, n: number, what = 'scores'): void {
  if (scores.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}: expected ${n} values (one per row), got ${scores.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i]!)) throw EvalErrors.FW_ERR_EVAL_BAD_PROBA(`${what}[${i}]: score ${scores[i]} is not finite`);
  }
}

/** Check binary 0/1 labels. */
export function checkBinary(y: Uint8Array | Int32Array, what = 'y'): number {
  const n = y.length;
  if (n === 0) throw EvalErrors.FW_ERR_EVAL_EMPTY(`${what}: no rows to evaluate`);
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw EvalErrors.FW_ERR_EVAL_BAD_LABEL(`${what}[${i}]: expected 0 or 1, got ${y[i]}`);
  }
  return n;
}

/** Column k of a row-major n×K matrix. */
export function column(proba: Float64Array, n: number, nClasses: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * nClasses + k]!;
  return out;
}

/** 0/1 indicator of class k (one-vs-rest). */
export function oneVsRest(y: Int32Array, k: number): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === k ? 1 : 0;
  return out;
}
