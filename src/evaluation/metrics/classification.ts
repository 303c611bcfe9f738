import type { ConfusionMatrix } from './confusion.js';

/**
 * Metrics of hard predictions, all derived from the confusion matrix so they agree with each other by construction.
 * A ratio with a zero denominator is 0 (sklearn's `zero_division=0`), and the affected classes are listed in
 * `zeroDivision` so a report can say so instead of hiding it.
 */

export interface ClassMetrics {
  class: string;
  /** Rows whose true class is this one. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
  /** TN / (TN + FP): how well "not this class" is recognised. */
  specificity: number;
  /** Negative predictive value TN / (TN + FN). */
  npv: number;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  /** Mean recall over classes present in y (sklearn balanced_accuracy_score). */
  balancedAccuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** `<class>.<metric>` pairs that had a zero denominator and were set to 0. */
  zeroDivision: string[];
}

function ratio(a: number, b: number, label: string, zd: string[]): number {
  if (b === 0) { zd.push(label); return 0; }
  return a / b;
}

export function classificationMetrics(cm: ConfusionMatrix): ClassificationMetrics {
  const K = cm.classes.length;
  const m = cm.matrix;
  let n = 0;
  let correct = 0;
  const rowSum = new Array<number>(K).fill(0);
  const colSum = new Array<number>(K).fill(0);
  for (let t = 0; t < K; t++) {
    for (let p = 0; p < K; p++) {
      n += m[t]![p]!;
      rowSum[t]! += m[t]![p]!;
      colSum[p]! += m[t]![p]!;
    }
    correct += m[t]![t]!;
  }
  const zd: string[] = [];
  const perClass: ClassMetrics[] = [];
  let recallPresentSum = 0;
  let present = 0;
  for (let k = 0; k < K; k++) {
    const name = cm.classes[k]!;
    const tp = m[k]![k]!;
    const fp = colSum[k]! - tp;
    const fn = rowSum[k]! - tp;
    const tn = n - tp - fp - fn;
    const precision = ratio(tp, tp + fp, `${name}.precision`, zd);
    const recall = ratio(tp, tp + fn, `${name}.recall`, zd);
    const f1 = ratio(2 * tp, 2 * tp + fp + fn, `${name}.f1`, zd);
    const specificity = ratio(tn, tn + fp, `${name}.specificity`, zd);
    const npv = ratio(tn, tn + fn, `${name}.npv`, zd);
    if (rowSum[k]! > 0) { recallPresentSum += recall; present++; }
    perClass.push({ class: name, support: rowSum[k]!, predicted: colSum[k]!, precision, recall, f1, specificity, npv });
  }
  const mean = (f: (c: ClassMetrics) => number): number => perClass.reduce((s, c) => s + f(c), 0) / K;
  return {
    n,
    accuracy: n === 0 ? 0 : correct / n,
    balancedAccuracy: present === 0 ? 0 : recallPresentSum / present,
    macroPrecision: mean((c) => c.precision),
    macroRecall: mean((c) => c.recall),
    macroF1: mean((c) => c.f1),
    perClass,
    zeroDivision: zd,
  };
}
