import { argmax } from '../metrics/validate.js';

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

/** Alert score per row: P(positive) for binary, 1 − P(none) for multiclass (clamped to [0, 1] against float noise). */
export function detectionScores(proba: Float64Array, n: number, K: number, view: DetectionView): Float64Array {
  const out = new Float64Array(n);
  if (view.negIndex === null) throw new Error('detectionScores needs a none class');
  if (view.posIndex !== null) {
    for (let i = 0; i < n; i++) out[i] = proba[i * K + view.posIndex]!;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, 1 - proba[i * K + view.negIndex]!));
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
 * Turn probabilities into decisions. threshold null → argmax. Otherwise alert when the score ≥ threshold, and the
 * predicted class is the most probable failure class (ties → lower index); no alert → the none class.
 */
export function decide(proba: Float64Array, n: number, K: number, view: DetectionView, threshold: number | null): Decisions {
  const alerts = new Uint8Array(n);
  if (threshold === null || view.negIndex === null) {
    const pred = argmax(proba, n, K);
    if (view.negIndex !== null) for (let i = 0; i < n; i++) alerts[i] = pred[i] === view.negIndex ? 0 : 1;
    return { pred, alerts };
  }
  const scores = detectionScores(proba, n, K, view);
  const neg = view.negIndex;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (scores[i]! >= threshold) {
      alerts[i] = 1;
      let best = -1;
      let bp = -Infinity;
      for (let k = 0; k < K; k++) {
        if (k === neg) continue;
        const p = proba[i * K + k]!;
        if (p > bp) { bp = p; best = k; }
      }
      pred[i] = best;
    } else {
      pred[i] = neg;
    }
  }
  return { pred, alerts };
}
