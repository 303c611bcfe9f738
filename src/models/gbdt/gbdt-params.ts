/**
 * Gradient-boosting hyperparameters. Canonical names follow scikit-learn / XGBoost; the aliases LightGBM and
 * XGBoost users type are accepted and stored under the canonical name.
 */
import type { ClassWeightParam, ParamSpec } from '../params.js';
import { classWeightRule, maxBinRule, readParams } from '../params.js';
import { ModelErrors } from '../errors.js';

export interface GbdtParams {
  n_estimators: number;
  learning_rate: number;
  max_depth: number;
  max_leaves: number | null;
  min_samples_leaf: number;
  min_child_weight: number;
  min_gain: number;
  l2: number;
  subsample: number;
  colsample_bytree: number;
  early_stopping_rounds: number | null;
  class_weight: ClassWeightParam;
  scale_pos_weight: number;
  /** null: every distinct value up to EXACT_SPLIT_MAX_ROWS training rows, 255 quantile bins above (binning.ts). */
  max_bin: number | null;
  cat_smooth: number;
  seed: number | null;
}

const nullableInt = (min: number, max: number) => ({
  type: 'custom' as const,
  describe: `null or an integer in [${min}, ${max}]`,
  check: (v: unknown) => (v === null ? null : typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined),
});

export const GBDT_PARAMS: readonly ParamSpec[] = [
  { name: 'n_estimators', aliases: ['num_boost_round', 'n_trees', 'num_iterations'], rule: { type: 'int', min: 1, max: 100_000 }, default: 100 },
  { name: 'learning_rate', aliases: ['eta'], rule: { type: 'number', min: 0, max: 1, minExclusive: true }, default: 0.1 },
  { name: 'max_depth', rule: { type: 'int', min: -1, max: 64 }, default: 6 },
  { name: 'max_leaves', aliases: ['num_leaves', 'max_leaf_nodes'], rule: nullableInt(2, 131_072), default: null },
  { name: 'min_samples_leaf', aliases: ['min_child_samples', 'min_data_in_leaf'], rule: { type: 'int', min: 1 }, default: 1 },
  { name: 'min_child_weight', aliases: ['min_sum_hessian_in_leaf'], rule: { type: 'number', min: 0 }, default: 1 },
  { name: 'min_gain', aliases: ['min_split_gain', 'gamma'], rule: { type: 'number', min: 0 }, default: 0 },
  { name: 'l2', aliases: ['reg_lambda', 'lambda', 'lambda_l2'], rule: { type: 'number', min: 0 }, default: 1 },
  { name: 'subsample', aliases: ['bagging_fraction'], rule: { type: 'number', min: 0, max: 1, minExclusive: true }, default: 1 },
  { name: 'colsample_bytree', aliases: ['feature_fraction'], rule: { type: 'number', min: 0, max: 1, minExclusive: true }, default: 1 },
  { name: 'early_stopping_rounds', rule: nullableInt(1, 100_000), default: null },
  { name: 'class_weight', rule: classWeightRule(false), default: null },
  { name: 'scale_pos_weight', rule: { type: 'number', min: 0, minExclusive: true }, default: 1 },
  { name: 'max_bin', aliases: ['max_bins'], rule: maxBinRule, default: null },
  { name: 'cat_smooth', rule: { type: 'number', min: 0 }, default: 10 },
  { name: 'seed', aliases: ['random_state'], rule: nullableInt(0, 0xffffffff), default: null },
];

export function parseGbdtParams(raw: unknown): GbdtParams {
  const p = readParams('gbdt', raw, GBDT_PARAMS) as unknown as GbdtParams;
  if (p.max_leaves === null && p.max_depth < 1) {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM('parameter max_depth must be ≥ 1 unless max_leaves is set (max_depth -1 = no limit, leaf-wise growth only)', { param: 'max_depth' });
  }
  if (p.max_depth === 0) throw ModelErrors.FW_ERR_MODEL_BAD_PARAM('parameter max_depth must be ≥ 1, or -1 for no limit', { param: 'max_depth' });
  return p;
}
