import { argmaxRows } from '../core/argmax.js';
import { CoreErrors } from '../core/errors.js';
import type { MetricId } from '../evaluation/metric-ids.js';
import { METRIC_IDS } from '../evaluation/metric-ids.js';
import { confusionMatrix } from '../evaluation/metrics/confusion.js';
import { classificationMetrics } from '../evaluation/metrics/classification.js';
import { rankingMetrics } from '../evaluation/metrics/multiclass-ranking.js';
import { brierScore, logLoss } from '../evaluation/metrics/probabilistic.js';

/** Metrics a hyperparameter search can rank trials by: threshold-free or argmax-based, defined for any problem. */
export const SEARCH_METRICS: readonly MetricId[] = ['log_loss', 'brier', 'roc_auc', 'pr_auc', 'accuracy', 'balanced_accuracy', 'macro_f1', 'macro_precision', 'macro_recall'];

export function higherIsBetter(metric: MetricId): boolean {
  return METRIC_IDS[metric].higherIsBetter;
}

/** Score predicted probabilities on one metric (used to compare search trials on CV folds). */
export function scoreProba(metric: MetricId, y: Int32Array, proba: Float64Array, classes: readonly string[]): number {
  const K = classes.length;
  switch (metric) {
    case 'log_loss': return logLoss(y, proba, K);
    case 'brier': return brierScore(y, proba, K);
    case 'roc_auc': return rankingMetrics(y, proba, classes).rocAuc;
    case 'pr_auc': return rankingMetrics(y, proba, classes).prAuc;
    case 'accuracy': case 'balanced_accuracy': case 'macro_f1': case 'macro_precision': case 'macro_recall': {
      const m = classificationMetrics(confusionMatrix(y, argmaxRows(proba, y.length, K), classes));
      return { accuracy: m.accuracy, balanced_accuracy: m.balancedAccuracy, macro_f1: m.macroF1, macro_precision: m.macroPrecision, macro_recall: m.macroRecall }[metric];
    }
    default:
      throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`model.search.metric: ${metric} cannot rank search trials; use one of ${SEARCH_METRICS.join(', ')}`);
  }
}
