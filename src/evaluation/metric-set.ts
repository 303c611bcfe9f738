import { isFwError } from '../core/errors.js';
import type { MetricValues } from './metric-ids.js';
import { confusionMatrix, type ConfusionMatrix } from './metrics/confusion.js';
import { classificationMetrics, type ClassMetrics } from './metrics/classification.js';
import { rankingMetrics } from './metrics/multiclass-ranking.js';
import { logLoss, brierScore } from './metrics/probabilistic.js';
import { operatingPoints, aucOf, apOf } from './metrics/ranking.js';
import { detectionLabels, detectionScores, type DetectionView } from './threshold/detection.js';

/**
 * Every row-level metric of one set of predictions (model or baseline) in one call. Metrics that are undefined for
 * this data (e.g. ROC-AUC with one class present) become null with a warning, instead of failing the evaluation:
 * the warning says why, and a gate on that metric fails.
 */

export interface PerClassResult extends ClassMetrics {
  rocAuc: number | null;
  averagePrecision: number | null;
}

export interface MetricSet {
  values: MetricValues;
  perClass: PerClassResult[];
  confusion: ConfusionMatrix;
  warnings: string[];
}

function soft<T>(warnings: string[], what: string, f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (isFwError(e) && (e.code === 'FW_ERR_EVAL_SINGLE_CLASS' || e.code === 'FW_ERR_EVAL_EMPTY')) {
      warnings.push(`${what}: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/** `ranking: false` skips the sorting metrics (ROC/PR, ~all the cost) when a caller (the bootstrap) does not need them. */
export function metricSet(y: Int32Array, proba: Float64Array, pred: Int32Array, classes: readonly string[], view: DetectionView, label = 'model', opts: { ranking?: boolean } = {}): MetricSet {
  const wantRanking = opts.ranking ?? true;
  const K = classes.length;
  const n = y.length;
  const warnings: string[] = [];
  const confusion = confusionMatrix(y, pred, classes);
  const cls = classificationMetrics(confusion);
  const rank = wantRanking ? soft(warnings, `${label} ROC-AUC / PR-AUC`, () => rankingMetrics(y, proba, classes, view.posIndex ?? 1)) : null;
  const values: MetricValues = {
    accuracy: cls.accuracy,
    balanced_accuracy: cls.balancedAccuracy,
    macro_precision: cls.macroPrecision,
    macro_recall: cls.macroRecall,
    macro_f1: cls.macroF1,
    roc_auc: rank?.rocAuc ?? null,
    pr_auc: rank?.prAuc ?? null,
    log_loss: logLoss(y, proba, K),
    brier: brierScore(y, proba, K),
  };
  if (view.negIndex !== null) {
    // Failure-vs-none view: for binary this is the positive class; for multiclass it is "any failure".
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const neg = view.negIndex;
    for (let i = 0; i < n; i++) {
      const actual = y[i] !== neg;
      const alert = pred[i] !== neg;
      if (actual && alert) tp++; else if (alert) fp++; else if (actual) fn++; else tn++;
    }
    const r = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    values.precision = r(tp, tp + fp);
    values.recall = r(tp, tp + fn);
    values.f1 = r(2 * tp, 2 * tp + fp + fn);
    values.specificity = r(tn, tn + fp);
    values.npv = r(tn, tn + fn);
    values.alert_rate = (tp + fp) / n;
    const op = !wantRanking ? null : soft(warnings, `${label} failure-vs-none ranking`, () => {
      const o = operatingPoints(detectionLabels(y, view), detectionScores(proba, n, K, view));
      return { roc: aucOf(o), pr: apOf(o) };
    });
    values.detection_roc_auc = op?.roc ?? null;
    values.detection_pr_auc = op?.pr ?? null;
    if (tp + fn === 0) warnings.push(`${label}: no failure rows in the evaluated set; recall is reported as 0`);
  }
  const perClass: PerClassResult[] = cls.perClass.map((c) => {
    const pr = rank?.perClass.find((p) => p.class === c.class);
    return { ...c, rocAuc: pr?.rocAuc ?? null, averagePrecision: pr?.averagePrecision ?? null };
  });
  if (cls.zeroDivision.length) warnings.push(`${label}: zero denominators set to 0 (no rows predicted / present): ${cls.zeroDivision.join(', ')}`);
  return { values, perClass, confusion, warnings };
}
