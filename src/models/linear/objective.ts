/**
 * The penalised logistic objective in per-sample-mean form, for L-BFGS:
 *   f(θ) = (1/Σw) Σᵢ wᵢ·ℓᵢ + (α/2)·‖W‖²,   α = 1/(C·Σw) (sklearn's C) or λ.
 * Binary (K = 1 output): ℓ = log(1 + e^z) − y·z with z = b + w·xᵢ. Multinomial (K = classes): ℓ = logsumexp(z) − z_y.
 * θ layout: θ[k·(d+1) + j] = coefficient j of output k, θ[k·(d+1) + d] = intercept k (not penalised).
 */

export interface LogisticProblem {
  X: Float64Array;
  nRows: number;
  d: number;
  /** Outputs: 1 for binary, number of classes otherwise. */
  K: number;
  y: Int32Array;
  w: Float64Array;
  sumW: number;
  alpha: number;
}

export function logisticObjective(p: LogisticProblem): (theta: Float64Array, grad: Float64Array) => number {
  const { X, nRows, d, K, y, w, sumW, alpha } = p;
  const stride = d + 1;
  const z = new Float64Array(K);
  return (theta, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < nRows; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      const off = i * d;
      for (let k = 0; k < K; k++) {
        let s = theta[k * stride + d]!;
        const base = k * stride;
        for (let j = 0; j < d; j++) s += theta[base + j]! * X[off + j]!;
        z[k] = s;
      }
      if (K === 1) {
        const zi = z[0]!;
        const yi = y[i] === 1 ? 1 : 0;
        // log(1 + e^z) computed without overflow.
        loss += wi * ((zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - yi * zi);
        const pr = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
        const r = wi * (pr - yi);
        for (let j = 0; j < d; j++) grad[j] += r * X[off + j]!;
        grad[d] += r;
      } else {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) if (z[k]! > mx) mx = z[k]!;
        let se = 0;
        for (let k = 0; k < K; k++) se += Math.exp(z[k]! - mx);
        const lse = mx + Math.log(se);
        loss += wi * (lse - z[y[i]!]!);
        for (let k = 0; k < K; k++) {
          const r = wi * (Math.exp(z[k]! - lse) - (y[i] === k ? 1 : 0));
          const base = k * stride;
          for (let j = 0; j < d; j++) grad[base + j] += r * X[off + j]!;
          grad[base + d] += r;
        }
      }
    }
    let pen = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) {
        const t = theta[k * stride + j]!;
        pen += t * t;
      }
    }
    for (let i = 0; i < grad.length; i++) grad[i]! /= sumW;
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) grad[k * stride + j] += alpha * theta[k * stride + j]!;
    return loss / sumW + 0.5 * alpha * pen;
  };
}
