import type { Contributions, Model } from '../models/learner.js';
import type { FeatureSpec, RowMatrix } from '../models/dataset.js';

/**
 * What the service predicts with: one interface over our JSON models (synchronous, allocation-free single-row path)
 * and ONNX sessions (asynchronous). Routes only ever see a Predictor, so every protocol works with every format.
 */
export interface Predictor {
  readonly features: readonly FeatureSpec[];
  readonly labels: readonly string[];
  /** True when predictBatch returns synchronously (lets the single-record path skip a promise). */
  readonly sync: boolean;
  /** Probabilities, row-major nRows × labels.length. */
  predictBatch(rows: RowMatrix): Float64Array | Promise<Float64Array>;
  /** Sync predictors only: one row → probabilities written into `out` (the hot path; no allocation). */
  predictOne?(row: Float64Array, out: Float64Array): Float64Array;
  /** Per-feature contributions for one row, when the model can explain itself (trees, logistic). */
  contributions?(row: Float64Array): Contributions;
  /** Release native resources (ONNX session). Called after a swap once in-flight requests are done with it. */
  close?(): Promise<void>;
}

/** A forewarn JSON model (random forest, GBDT, logistic) as a Predictor. */
export function modelPredictor(model: Model): Predictor {
  return {
    features: model.features,
    labels: model.classes,
    sync: true,
    predictBatch: (rows) => model.predictProba(rows),
    predictOne: (row, out) => model.predictOne(row, out),
    contributions: (row) => model.contributions(row),
  };
}

/** The structural shape of an ONNX classifier (src/models/onnx/onnx-model.ts OnnxClassifier). */
export interface OnnxClassifierLike {
  readonly features: readonly FeatureSpec[];
  readonly classes: readonly string[];
  predictProba(rows: RowMatrix): Promise<Float64Array>;
  close(): Promise<void>;
}

export function onnxPredictor(clf: OnnxClassifierLike): Predictor {
  return {
    features: clf.features,
    labels: clf.classes,
    sync: false,
    predictBatch: (rows) => clf.predictProba(rows),
    close: () => clf.close(),
  };
}
