import { checkLabels, checkProba, column, oneVsRest } from './validate.js';
import { operatingPoints, aucOf, apOf } from './ranking.js';
import { EvalErrors } from '../errors.js';

/**
 * One-vs-rest ranking metrics for K ≥ 2 classes. Binary (K = 2) uses the second class as positive (unless told
 * otherwise), like sklearn's
 * roc_auc_score / average_precision_score on proba[:, 1]. Multiclass: unweighted mean over classes of the per-class
 * one-vs-rest AUC / AP (sklearn `multi_class='ovr', average='macro'`). sklearn refuses when a class is absent from
 * y; we do too (FW_ERR_EVAL_SINGLE_CLASS names the class), so callers decide how to report it.
 */

export interface PerClassRanking { class: string; rocAuc: number; averagePrecision: number }

export interface RankingMetrics {
  rocAuc: number;
  prAuc: number;
  perClass: PerClassRanking[];
}

export function rankingMetrics(y: Int32Array, proba: Float64Array, classes: readonly string[], positiveIndex = 1): RankingMetrics {
  const K = classes.length;
  const n = checkLabels(y, K);
  checkProba(proba, n, K);
  if (K === 2) {
    // positiveIndex: 1 by convention (negative first), 0 when the configured none class is classes[1].
    const pos = positiveIndex === 0 ? 0 : 1;
    const op = operatingPoints(oneVsRest(y, pos), column(proba, n, 2, pos));
    const roc = aucOf(op);
    const ap = apOf(op);
    return { rocAuc: roc, prAuc: ap, perClass: [{ class: classes[pos]!, rocAuc: roc, averagePrecision: ap }] };
  }
  const perClass: PerClassRanking[] = [];
  for (let k = 0; k < K; k++) {
    const op = operatingPoints(oneVsRest(y, k), column(proba, n, K, k));
    if (op.nPos === 0) throw EvalErrors.FW_ERR_EVAL_SINGLE_CLASS(`one-vs-rest ROC/PR: class "${classes[k]}" has no rows in y; macro averages over classes are undefined`);
    perClass.push({ class: classes[k]!, rocAuc: aucOf(op), averagePrecision: apOf(op) });
  }
  const mean = (f: (c: PerClassRanking) => number): number => perClass.reduce((s, c) => s + f(c), 0) / K;
  return { rocAuc: mean((c) => c.rocAuc), prAuc: mean((c) => c.averagePrecision), perClass };
}
