import { checkLabels, checkProba } from './validate.js';

/**
 * Proper scoring rules over the full probability vector.
 *
 * Log loss clips p to [1e-15, 1 − 1e-15] (scikit-learn's historic eps) so one confident mistake costs ~34.5 nats
 * instead of Infinity; rows are not renormalised. Brier: binary = mean (p_positive − y)², as sklearn
 * brier_score_loss; multiclass = mean over rows of Σ_k (p_k − onehot_k)² (range [0, 2]).
 */

export const LOG_LOSS_EPS = 1e-15;

export function logLoss(y: Int32Array, proba: Float64Array, nClasses: number): number {
  const n = checkLabels(y, nClasses);
  checkProba(proba, n, nClasses);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(proba[i * nClasses + y[i]!]!, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    s -= Math.log(p);
  }
  return s / n;
}

export function brierScore(y: Int32Array, proba: Float64Array, nClasses: number): number {
  const n = checkLabels(y, nClasses);
  checkProba(proba, n, nClasses);
  let s = 0;
  if (nClasses === 2) {
    for (let i = 0; i < n; i++) {
      const d = proba[i * 2 + 1]! - (y[i] === 1 ? 1 : 0);
      s += d * d;
    }
    return s / n;
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < nClasses; k++) {
      const d = proba[i * nClasses + k]! - (y[i] === k ? 1 : 0);
      s += d * d;
    }
  }
  return s / n;
}
