/**
 * Per-row work of a boosting round, as pure kernels over a row range so that the parallel machinery can split it
 * between threads (level-kernels.ts) and the sequential path runs the very same code on [0, n). Every row is
 * written by exactly one call and nothing is reduced here (the loss sum is taken afterwards, in row order, from
 * the per-row terms), so results are bit-identical whatever the split.
 */

export const LOSS_EPS = 1e-15;

/**
 * Rows [a, b): prob = sigmoid(raw) (O = 1) or softmax(raw) (O > 1), and lossTerm[i] = w_i · log(max(p_y, ε)), the
 * row's share of the weighted log loss of the current model.
 */
export function probsRange(
  raw: Float64Array, prob: Float64Array, lossTerm: Float64Array, y: Int32Array, w: Float64Array, O: number, a: number, b: number,
): void {
  for (let i = a; i < b; i++) {
    const o = i * O;
    let py: number;
    if (O === 1) {
      const p1 = 1 / (1 + Math.exp(-raw[i]!));
      prob[i] = p1;
      py = y[i] === 1 ? p1 : 1 - p1;
    } else {
      let mx = -Infinity;
      for (let k = 0; k < O; k++) if (raw[o + k]! > mx) mx = raw[o + k]!;
      let z = 0;
      for (let k = 0; k < O; k++) { const e = Math.exp(raw[o + k]! - mx); prob[o + k] = e; z += e; }
      for (let k = 0; k < O; k++) prob[o + k] /= z;
      py = prob[o + y[i]!]!;
    }
    lossTerm[i] = w[i]! * Math.log(Math.max(py, LOSS_EPS));
  }
}

/**
 * Positions [a, b) of the grown tree's row order: raw[rows[q]·O + k] += posVal[q] (posVal = the value of the leaf
 * that owns position q). Each row appears once in rows, so any split of the positions is race-free and every raw
 * slot gets exactly the one addition the sequential loop gives it.
 */
export function addLeafRange(raw: Float64Array, rows: Int32Array, posVal: Float64Array, O: number, k: number, a: number, b: number): void {
  for (let q = a; q < b; q++) raw[rows[q]! * O + k] += posVal[q]!;
}

/**
 * Sample positions [a, b): gradient and hessian of output k for row sample[q] (log loss, Newton step).
 *
 * Softmax (O > 1) hessian = 2·p·(1−p), as XGBoost's multi:softprob: it is what l2 and min_child_weight are
 * measured against, so with the same parameter values the factor halves the leaf values, halves l2's relative
 * weight and lets min_child_weight admit children with half the p·(1−p) mass. Without it the fleet set (5 classes,
 * ~98 % one class) lost ~0.01 OvR macro AUC to XGBoost with identical parameters; a 1-tree depth-1 fit then gives
 * the same splits and leaf values as XGBoost up to binning. Binary keeps p·(1−p) (XGBoost's binary:logistic).
 */
export function gradRange(
  prob: Float64Array, y: Int32Array, w: Float64Array, sample: Int32Array, grad: Float64Array, hess: Float64Array,
  O: number, k: number, a: number, b: number,
): void {
  const hf = O > 1 ? 2 : 1;
  for (let q = a; q < b; q++) {
    const i = sample[q]!;
    const p = prob[i * O + k]!;
    const t = (O > 1 ? y[i] === k : y[i] === 1) ? 1 : 0;
    grad[i] = (p - t) * w[i]!;
    hess[i] = Math.max(hf * p * (1 - p), 1e-16) * w[i]!;
  }
}

/**
 * Binary log loss with every row in the sample (the common case), rows [a, b): probsRange then gradRange in one
 * sequential pass (one hand-off instead of two). The same expressions on the same values, so the same bits as the
 * two kernels run one after the other.
 */
export function probsGradRange(
  raw: Float64Array, prob: Float64Array, lossTerm: Float64Array, grad: Float64Array, hess: Float64Array,
  y: Int32Array, w: Float64Array, a: number, b: number,
): void {
  for (let i = a; i < b; i++) {
    const p1 = 1 / (1 + Math.exp(-raw[i]!));
    prob[i] = p1;
    const pos = y[i] === 1;
    const wi = w[i]!;
    lossTerm[i] = wi * Math.log(Math.max(pos ? p1 : 1 - p1, LOSS_EPS));
    grad[i] = (p1 - (pos ? 1 : 0)) * wi;
    hess[i] = Math.max(p1 * (1 - p1), 1e-16) * wi;
  }
}
