import { EvalErrors } from '../errors.js';
import { checkLabels } from './validate.js';

/** matrix[t][p] = rows with true class t predicted as p (rows = truth, columns = prediction, like sklearn). */
export interface ConfusionMatrix {
  classes: string[];
  matrix: number[][];
}

export function confusionMatrix(y: Int32Array, pred: Int32Array, classes: readonly string[]): ConfusionMatrix {
  const K = classes.length;
  const n = checkLabels(y, K, 'y');
  if (pred.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`pred: expected ${n} predictions (one per row), got ${pred.length}`);
  checkLabels(pred, K, 'pred');
  const flat = new Float64Array(K * K);
  for (let i = 0; i < n; i++) flat[y[i]! * K + pred[i]!]!++;
  const matrix: number[][] = [];
  for (let t = 0; t < K; t++) matrix.push(Array.from(flat.subarray(t * K, (t + 1) * K)));
  return { classes: [...classes], matrix };
}
