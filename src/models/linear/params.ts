/**
 * Logistic-regression parameters, named as in scikit-learn where they exist:
 *   C            inverse L2 strength (default 1.0): minimises C·Σ wᵢ·lossᵢ + ½‖W‖², exactly sklearn's objective;
 *   lambda       alternative L2 strength per sample: minimises (1/Σw)·Σ wᵢ·lossᵢ + (λ/2)‖W‖² (give C or lambda);
 *   class_weight 'balanced' (wₖ = n / (K·nₖ), multiplied into sample weights, like sklearn) or null;
 *   max_iter     L-BFGS iteration cap (default 1000);
 *   tol          stop when max |∂f/∂θ| of the per-sample-mean objective ≤ tol (default 1e-7).
 * Intercepts are never penalised (sklearn does the same with lbfgs).
 */
import { ModelErrors } from '../errors.js';
import { readParams, type ParamSpec } from '../params.js';

export interface LogisticParams {
  C: number;
  lambda: number | null;
  class_weight: 'balanced' | null;
  max_iter: number;
  tol: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { C: 1, lambda: null, class_weight: null, max_iter: 1000, tol: 1e-7 };

const positive = { type: 'number', min: 0, minExclusive: true } as const;

/** The shared readParams declaration (unknown names listed, every error FW_ERR_MODEL_BAD_PARAM naming the parameter). */
export const LOGISTIC_PARAM_SPECS: readonly ParamSpec[] = [
  { name: 'C', rule: positive, default: DEFAULT_LOGISTIC_PARAMS.C },
  { name: 'lambda', rule: positive, default: null },
  {
    name: 'class_weight',
    rule: { type: 'custom', describe: "'balanced' or null", check: (v) => (v === 'balanced' ? v : v === 'none' ? null : undefined) },
    default: null,
  },
  { name: 'max_iter', rule: { type: 'int', min: 1, max: 1_000_000 }, default: DEFAULT_LOGISTIC_PARAMS.max_iter },
  { name: 'tol', rule: positive, default: DEFAULT_LOGISTIC_PARAMS.tol },
];

export function parseLogisticParams(raw: unknown): LogisticParams {
  const p = readParams('logistic', raw, LOGISTIC_PARAM_SPECS) as unknown as LogisticParams;
  const r = (raw ?? {}) as Record<string, unknown>;
  if (r.C !== undefined && r.lambda !== undefined && r.lambda !== null) {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM('give either C or lambda, not both (C = 1 / (lambda · number of rows))', { param: 'lambda' });
  }
  return p;
}
