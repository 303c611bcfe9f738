import { argmax } from '../metrics/validate.js';
import { alertScore, decide as decideRow, type BoundDecisionRule } from '../../entities/decision-rule.js';

/**
 * The failure-vs-no-failure view of a classification task. Binary: the negative class is the configured none class
 * if present, else classes[0] (forewarn's convention: negative first). Multiclass: the none class if present;
 * without one there is no "alert" notion and thresholds do not apply (plain argmax).
 */
export interface DetectionView {
  /** Index of the no-failure class, or null (multiclass without a none class). */
  negIndex: number | null;
  /** Binary only: the positive class index. */
  posIndex: number | null;
}

export function detectionView(classes: readonly string[], noneClass: string): DetectionView {
  const idx = classes.indexOf(noneClass);
  if (classes.length === 2) {
    const neg = idx >= 0 ? idx : 0;
    return { negIndex: neg, posIndex: 1 - neg };
  }
  return { negIndex: idx >= 0 ? idx : null, posIndex: null };
}

/** Alert score per row: P(positive) for binary, 1 − P(none) for multiclass (the decision rule's alertScore). */
export function detectionScores(proba: Float64Array, n: number, K: number, view: DetectionView): Float64Array {
  const out = new Float64Array(n);
  if (view.negIndex === null) throw new Error('detectionScores needs a none class');
  const rule = { negIndex: view.negIndex, posIndex: view.posIndex };
  for (let i = 0; i < n; i++) out[i] = alertScore(rule, proba, i * K);
  return out;
}

/** 0/1 failure indicator per row. */
export function detectionLabels(y: Int32Array, view: DetectionView): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === view.negIndex ? 0 : 1;
  return out;
}

export interface Decisions {
  pred: Int32Array;
  /** 1 where the row raises an alert (predicted class is a failure class). */
  alerts: Uint8Array;
}

/**
 * Turn probabilities into decisions. threshold null → argmax. Otherwise each row goes through the one decision rule
 * (entities/decision-rule.ts `decide`, the same function the service applies): alert when the score ≥ threshold, the
 * predicted class is then the most probable failure class (ties → lower index); no alert → the none class.
 */
export function decide(proba: Float64Array, n: number, K: number, view: DetectionView, threshold: number | null): Decisions {
  const alerts = new Uint8Array(n);
  if (threshold === null || view.negIndex === null) {
    const pred = argmax(proba, n, K);
    if (view.negIndex !== null) for (let i = 0; i < n; i++) alerts[i] = pred[i] === view.negIndex ? 0 : 1;
    return { pred, alerts };
  }
  const rule: BoundDecisionRule = { threshold, negIndex: view.negIndex, posIndex: view.posIndex, policy: 'threshold' };
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = decideRow(rule, proba, K, i * K);
    alerts[i] = d.alert ? 1 : 0;
    pred[i] = d.classIndex;
  }
  return { pred, alerts };
}
