import type { Dataset, FeatureSpec, RowMatrix } from './dataset.js';

/**
 * The learner seam. A Learner fits a Model from a Dataset; a Model predicts from rows and serialises to versioned
 * JSON that loads without executing anything (see format/model-json.ts). Learners are pure: no I/O, no tracking,
 * no global state; every random choice comes from `FitOptions.seed`.
 *
 * Kinds: 'gbdt' (histogram gradient boosting), 'random_forest', 'logistic'. Registered in learner-registry.ts;
 * an unknown kind lists the known ones.
 */

/** The learner kinds, listed once: the config schema's enum and the registry's registrations follow this list. */
export const LEARNER_KINDS = ['gbdt', 'random_forest', 'logistic'] as const;
export type LearnerKind = (typeof LEARNER_KINDS)[number];

export interface FitOptions {
  seed: number;
  /** Held-out data for early stopping (gbdt). Never used to fit trees. */
  validation?: Dataset;
  /** Worker threads to use; default: all cores. Results are identical whatever the number. */
  workers?: number;
  /** Called as work progresses (e.g. trees done / total). */
  onProgress?: (done: number, total: number) => void;
}

export interface FeatureImportance {
  name: string;
  /** Total loss reduction from splits on this feature (normalised to sum 1 over features). */
  gain: number;
  /** Number of splits on this feature. */
  splits: number;
}

export interface Contributions {
  /** Raw-score space (log-odds for binary/gbdt, probability for random forest, logit for logistic). */
  space: 'logit' | 'probability';
  /** values[k * (nFeatures) + j] = contribution of feature j to output k; outputs = 1 for binary gbdt/logistic, K otherwise. */
  values: Float64Array;
  /** expected[k] = the model's expected raw output (bias); sum_j values[k,j] + expected[k] = raw output k. */
  expected: Float64Array;
  nOutputs: number;
}

export interface Model {
  readonly kind: LearnerKind;
  readonly features: readonly FeatureSpec[];
  readonly classes: readonly string[];
  /** Probabilities, row-major nRows × classes.length; each row sums to 1. Writes into `out` when given. */
  predictProba(rows: RowMatrix, out?: Float64Array): Float64Array;
  /** One row (length nFeatures) → probabilities (length classes.length). Allocation-free when `out` is given. */
  predictOne(row: Float64Array, out?: Float64Array): Float64Array;
  featureImportance(): FeatureImportance[];
  /** Per-prediction contributions (TreeSHAP for trees, coef × standardised input for logistic). */
  contributions(row: Float64Array): Contributions;
  /** Versioned JSON-safe object (see format/model-json.ts). JSON.stringify of it is byte-identical for equal fits. */
  toJSON(): ModelJson;
}

/** Common envelope of every saved model. Kind-specific payload in `body`. */
export interface ModelJson {
  format: 'forewarn-model';
  formatVersion: number;
  kind: LearnerKind;
  params: Record<string, unknown>;
  features: FeatureSpec[];
  classes: string[];
  body: Record<string, unknown>;
  /** Free-form facts about the fit (n trees actually built after early stopping, OOB score...). */
  info?: Record<string, unknown>;
}

export interface Learner<P = Record<string, unknown>> {
  readonly kind: LearnerKind;
  /** Validate and fill defaults; throws FwError naming the parameter and rule on bad input. */
  parseParams(raw: unknown): P;
  fit(data: Dataset, params: P, options: FitOptions): Promise<Model>;
  /** Rebuild a model from its JSON body (already envelope-checked). Executes nothing. */
  fromJSON(json: ModelJson): Model;
}
