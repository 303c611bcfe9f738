/**
 * Logistic-regression parameters, named as in scikit-learn where they exist:
 *   C            inverse L2 strength (default 1.0): minimises C·Σ wᵢ·lossᵢ + ½‖W‖², exactly sklearn's objective;
 *   lambda       alternative L2 strength per sample: minimises (1/Σw)·Σ wᵢ·lossᵢ + (λ/2)‖W‖² (give C or lambda);
 *   class_weight 'balanced' (wₖ = n / (K·nₖ), multiplied into sample weights, like sklearn) or null;
 *   max_iter     L-BFGS iteration cap (default 1000);
 *   tol          stop when max |∂f/∂θ| of the per-sample-mean objective ≤ tol (default 1e-7).
 * Intercepts are never penalised (sklearn does the same with lbfgs).
 */
import { LinearErrors } from './errors.js';

export interface LogisticParams {
  C: number;
  lambda: number | null;
  class_weight: 'balanced' | null;
  max_iter: number;
  tol: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { C: 1, lambda: null, class_weight: null, max_iter: 1000, tol: 1e-7 };

const KNOWN = ['C', 'lambda', 'class_weight', 'max_iter', 'tol'];

export function parseLogisticParams(raw: unknown): LogisticParams {
  if (raw === undefined || raw === null) return { ...DEFAULT_LOGISTIC_PARAMS };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM(`logistic params must be an object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  }
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!KNOWN.includes(k)) throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM(`unknown logistic parameter "${k}"; known: ${KNOWN.join(', ')}`);
  }
  const p = { ...DEFAULT_LOGISTIC_PARAMS };
  const positive = (k: string): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM(`${k} must be a finite number > 0, got ${JSON.stringify(v) ?? String(v)}`);
    }
    return v;
  };
  if (r.C !== undefined && r.lambda !== undefined && r.lambda !== null) {
    throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM('give either C or lambda, not both (C = 1 / (lambda · number of rows))');
  }
  if (r.C !== undefined) p.C = positive('C');
  if (r.lambda !== undefined && r.lambda !== null) p.lambda = positive('lambda');
  if (r.tol !== undefined) p.tol = positive('tol');
  if (r.max_iter !== undefined) {
    const v = r.max_iter;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1_000_000) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM(`max_iter must be an integer in 1..1000000, got ${JSON.stringify(v) ?? String(v)}`);
    }
    p.max_iter = v;
  }
  if (r.class_weight !== undefined) {
    const v = r.class_weight;
    if (v === null || v === 'none') p.class_weight = null;
    else if (v === 'balanced') p.class_weight = 'balanced';
    else throw LinearErrors.FW_ERR_LINEAR_BAD_PARAM(`class_weight must be "balanced" or null, got ${JSON.stringify(v)}`);
  }
  return p;
}
