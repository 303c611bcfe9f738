import { EvalErrors } from './errors.js';
import { evaluate, type EvaluateInput, type PredictionSet } from './evaluate.js';
import type { EvaluationResult } from './result.js';
import type { Dataset } from '../models/dataset.js';
import { toRowMatrix } from '../models/dataset.js';
import type { Model } from '../models/learner.js';

/**
 * The pipeline's entry point: score a fitted Model on validation and test Datasets, then evaluate. The model only
 * predicts here; the threshold comes from validation, the baselines from train. Entity/time per row (for event
 * costs) travel beside the Datasets because Datasets hold features only.
 */

export interface RowKeys {
  entity: ArrayLike<string | number>;
  /** Epoch ms per row. */
  time: Float64Array;
}

export interface EvaluateModelInput {
  model: Model;
  train: Dataset;
  validation?: Dataset;
  test: Dataset;
  keys?: { validation?: RowKeys; test?: RowKeys };
  events?: EvaluateInput['events'];
  config?: EvaluateInput['config'];
  /** Project seed (bootstrap resampling). */
  seed?: number;
  meta?: EvaluateInput['meta'];
}

function sameClasses(model: Model, d: Dataset, what: string): void {
  if (d.classes.length !== model.classes.length || d.classes.some((c, k) => c !== model.classes[k])) {
    throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}.classes ${JSON.stringify(d.classes)} differ from the model's ${JSON.stringify(model.classes)}`);
  }
  if (d.columns.length !== model.features.length) {
    throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}: ${d.columns.length} feature columns but the model expects ${model.features.length} (${model.features.map((f) => f.name).join(', ')})`);
  }
}

function predict(model: Model, d: Dataset, keys: RowKeys | undefined, what: string): PredictionSet {
  sameClasses(model, d, what);
  const proba = model.predictProba(toRowMatrix(d));
  return { y: d.y, proba, ...(keys ? { entity: keys.entity, time: keys.time } : {}) };
}

export function evaluateModel(input: EvaluateModelInput): EvaluationResult {
  const { model } = input;
  sameClasses(model, input.train, 'train');
  const test = predict(model, input.test, input.keys?.test, 'test');
  const validation = input.validation ? predict(model, input.validation, input.keys?.validation, 'validation') : undefined;
  return evaluate({
    classes: model.classes,
    test,
    validation,
    baselineData: { train: input.train, test: input.test },
    events: input.events,
    featureImportance: model.featureImportance(),
    config: input.config,
    seed: input.seed,
    meta: { modelKind: model.kind, ...(input.meta ?? {}) },
  });
}
