import { EvalErrors } from '../errors.js';
import { checkLabels } from '../metrics/validate.js';

/**
 * The majority-class baseline: always predict the most frequent TRAIN class, with the train class frequencies as
 * its probabilities (so ranking metrics see a constant score: ROC-AUC ½, PR-AUC = prevalence).
 */

export interface BaselinePredictions {
  name: string;
  /** One plain-language sentence: what the baseline does. */
  description: string;
  proba: Float64Array;
  pred: Int32Array;
  /** 1 where the baseline raises an alert (predicts a failure class); null without a none class. */
  alerts: Uint8Array | null;
}

export function classCounts(y: Int32Array, K: number): number[] {
  const c = new Array<number>(K).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]!]!++;
  return c;
}

export function majorityBaseline(trainY: Int32Array, classes: readonly string[], nTest: number, negIndex: number | null): BaselinePredictions {
  const K = classes.length;
  const nTrain = checkLabels(trainY, K, 'train y');
  if (!Number.isInteger(nTest) || nTest < 1) throw EvalErrors.FW_ERR_EVAL_EMPTY('majority baseline: no test rows');
  const counts = classCounts(trainY, K);
  let maj = 0;
  for (let k = 1; k < K; k++) if (counts[k]! > counts[maj]!) maj = k;
  const prior = counts.map((c) => c / nTrain);
  const proba = new Float64Array(nTest * K);
  for (let i = 0; i < nTest; i++) for (let k = 0; k < K; k++) proba[i * K + k] = prior[k]!;
  const pred = new Int32Array(nTest).fill(maj);
  const alerts = negIndex === null ? null : new Uint8Array(nTest).fill(maj === negIndex ? 0 : 1);
  return {
    name: 'majority',
    description: `always predict "${classes[maj]}" (the most frequent class in training, ${(prior[maj]! * 100).toFixed(1)}% of rows)`,
    proba,
    pred,
    alerts,
  };
}
