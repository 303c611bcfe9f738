/**
 * Logistic regression, the linear baseline: L2-penalised, binary (sigmoid) or multinomial (softmax), fitted by
 * L-BFGS on standardised inputs (design.ts: mean imputation of missing values, one-hot categorical features).
 * Same data + params → bit-identical model (no randomness is involved; FitOptions.seed is accepted and unused).
 * The objective is sklearn's C·Σwᵢℓᵢ + ½‖W‖² (divided by C·Σw, which does not move the optimum), so with the same
 * standardisation the coefficients match LogisticRegression(C=..., solver='lbfgs') to the solver tolerance.
 */
import type { Dataset } from '../dataset.js';
import type { FitOptions, Learner, Model, ModelJson } from '../learner.js';
import { buildDesignMatrix, designColumns, designStats } from './design.js';
import { logisticObjective } from './objective.js';
import { minimizeLbfgs } from './lbfgs.js';
import { parseLogisticParams } from './params.js';
import type { LogisticParams } from './params.js';
import { LogisticModel } from './logistic-model.js';
import { logisticStateFromJSON } from './logistic-json.js';
import { LinearErrors } from './errors.js';

export { LogisticModel } from './logistic-model.js';
export type { LogisticParams } from './params.js';

function checkData(data: Dataset): Float64Array {
  const { nRows, features, columns, y, classes } = data;
  if (nRows < 1) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA('the training data has no rows');
  if (classes.length < 2) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`a classifier needs at least 2 classes, the data has ${classes.length}`);
  if (features.length === 0 || columns.length !== features.length) {
    throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`the data has ${features.length} features and ${columns.length} columns; they must match and be ≥ 1`);
  }
  columns.forEach((c, j) => {
    if (c.length !== nRows) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`column ${features[j]!.name} has ${c.length} values, expected ${nRows}`);
    if (features[j]!.type === 'categorical' && !Array.isArray(features[j]!.categories)) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`categorical feature ${features[j]!.name} has no categories list`);
    }
  });
  if (y.length !== nRows) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`y has ${y.length} labels for ${nRows} rows`);
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < nRows; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes.length) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`row ${i}: label index ${c} is outside 0..${classes.length - 1}`);
    counts[c]++;
  }
  // An absent class has an unpenalised intercept that runs to -∞: refuse instead of "converging" forever.
  counts.forEach((n, k) => {
    if (n === 0) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`class ${classes[k]} has no training rows; logistic regression needs every class present`);
  });
  if (data.weights) {
    if (data.weights.length !== nRows) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`weights has ${data.weights.length} values for ${nRows} rows`);
    const wsum = new Float64Array(classes.length);
    data.weights.forEach((w, i) => {
      if (!Number.isFinite(w) || w < 0) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`row ${i}: sample weight ${w} must be finite and ≥ 0`);
      wsum[y[i]!] += w;
    });
    wsum.forEach((w, k) => {
      if (!(w > 0)) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`class ${classes[k]} has zero total sample weight; logistic regression needs every class present`);
    });
  }
  return counts;
}

export async function fitLogistic(data: Dataset, params: LogisticParams, options: Pick<FitOptions, 'onProgress'> = {}): Promise<LogisticModel> {
  const counts = checkData(data);
  const K = data.classes.length;
  const nOut = K === 2 ? 1 : K;
  const columns = designColumns(data.features);
  const { means, stds } = designStats(data, columns);
  const d = columns.length;
  const X = buildDesignMatrix(data, columns, means, stds);

  const w = new Float64Array(data.nRows);
  for (let i = 0; i < data.nRows; i++) {
    let wi = data.weights ? data.weights[i]! : 1;
    if (params.class_weight === 'balanced') wi *= data.nRows / (K * counts[data.y[i]!]!);
    w[i] = wi;
  }
  let sumW = 0;
  for (const v of w) sumW += v;
  if (!(sumW > 0)) throw LinearErrors.FW_ERR_LINEAR_BAD_DATA('the sample weights sum to 0');
  const alpha = params.lambda ?? 1 / (params.C * sumW);

  const fg = logisticObjective({ X, nRows: data.nRows, d, K: nOut, y: data.y, w, sumW, alpha });
  const res = minimizeLbfgs(fg, new Float64Array(nOut * (d + 1)), {
    maxIter: params.max_iter,
    gradTol: params.tol,
    onIteration: options.onProgress ? (it) => options.onProgress!(it, params.max_iter) : undefined,
  });
  const coefficients = new Float64Array(nOut * d);
  const intercepts = new Float64Array(nOut);
  for (let k = 0; k < nOut; k++) {
    coefficients.set(res.x.subarray(k * (d + 1), k * (d + 1) + d), k * d);
    intercepts[k] = res.x[k * (d + 1) + d]!;
  }
  options.onProgress?.(params.max_iter, params.max_iter);
  return new LogisticModel({
    features: data.features.map((f) => ({ ...f })),
    classes: [...data.classes],
    params,
    columns, means, stds, coefficients, intercepts,
    info: {
      solver: 'lbfgs',
      iterations: res.iterations,
      converged: res.converged,
      stop_reason: res.reason,
      gradient_max_abs: res.gradMaxAbs,
      objective: res.f,
      n_rows: data.nRows,
      design_columns: d,
    },
  });
}

export const logisticLearner: Learner<LogisticParams> = {
  kind: 'logistic',
  parseParams: parseLogisticParams,
  fit: (data, params, options) => fitLogistic(data, params, options),
  fromJSON: (json: ModelJson): Model => new LogisticModel(logisticStateFromJSON(json)),
};
