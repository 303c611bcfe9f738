/**
 * The metric names users write in forewarn.yaml (primary metric, gates) and find in metrics JSON. One table so the
 * config schema, gate evaluation and the baseline comparison agree on names and on which direction is better.
 *
 * "Detection" metrics (precision, recall, f1, specificity, npv, detection_*) are about failure vs no failure:
 * binary → the positive class; multiclass with a "none" class → any failure class vs none. They are absent for a
 * multiclass problem without a none class.
 */
export const METRIC_IDS = {
  accuracy: { higherIsBetter: true, label: 'accuracy' },
  balanced_accuracy: { higherIsBetter: true, label: 'balanced accuracy' },
  macro_precision: { higherIsBetter: true, label: 'macro precision' },
  macro_recall: { higherIsBetter: true, label: 'macro recall' },
  macro_f1: { higherIsBetter: true, label: 'macro F1' },
  roc_auc: { higherIsBetter: true, label: 'ROC-AUC (binary; multiclass OvR macro)' },
  pr_auc: { higherIsBetter: true, label: 'PR-AUC / average precision (binary; multiclass OvR macro)' },
  log_loss: { higherIsBetter: false, label: 'log loss' },
  brier: { higherIsBetter: false, label: 'Brier score' },
  precision: { higherIsBetter: true, label: 'failure precision' },
  recall: { higherIsBetter: true, label: 'failure recall' },
  f1: { higherIsBetter: true, label: 'failure F1' },
  specificity: { higherIsBetter: true, label: 'specificity' },
  npv: { higherIsBetter: true, label: 'negative predictive value' },
  detection_roc_auc: { higherIsBetter: true, label: 'failure-vs-none ROC-AUC' },
  detection_pr_auc: { higherIsBetter: true, label: 'failure-vs-none PR-AUC' },
  alert_rate: { higherIsBetter: false, label: 'fraction of rows alerting' },
  cost_per_machine_month: { higherIsBetter: false, label: 'expected cost per machine-month' },
  savings_vs_run_to_failure: { higherIsBetter: true, label: 'savings per machine-month vs run-to-failure' },
  savings_vs_fixed_interval: { higherIsBetter: true, label: 'savings per machine-month vs fixed-interval maintenance' },
  event_recall: { higherIsBetter: true, label: 'fraction of failure events caught by an alert episode' },
  lead_time_median_hours: { higherIsBetter: true, label: 'median alert lead time (hours)' },
} as const satisfies Record<string, { higherIsBetter: boolean; label: string }>;

export type MetricId = keyof typeof METRIC_IDS;
export const METRIC_ID_LIST = Object.keys(METRIC_IDS) as MetricId[];

export function isMetricId(s: string): s is MetricId {
  return Object.prototype.hasOwnProperty.call(METRIC_IDS, s);
}

/** Values of every metric that could be computed; `null` = not computable here (reason in the result's warnings). */
export type MetricValues = Partial<Record<MetricId, number | null>>;
