/** Random-forest hyperparameters, named as in scikit-learn's RandomForestClassifier. */
import type { ClassWeightParam, ParamSpec } from '../params.js';
import { classWeightRule, maxBinRule, readParams } from '../params.js';
import type { Criterion } from '../kernels/class-histogram.js';

export type MaxFeatures = 'sqrt' | 'log2' | null | number;

export interface ForestParams {
  n_estimators: number;
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  max_features: MaxFeatures;
  criterion: Criterion;
  class_weight: ClassWeightParam;
  bootstrap: boolean;
  oob_score: boolean;
  /** null: every distinct value up to EXACT_SPLIT_MAX_ROWS training rows, 255 quantile bins above (binning.ts). */
  max_bin: number | null;
  seed: number | null;
}

export const FOREST_PARAMS: readonly ParamSpec[] = [
  { name: 'n_estimators', aliases: ['n_trees'], rule: { type: 'int', min: 1, max: 100_000 }, default: 100 },
  {
    name: 'max_depth',
    rule: { type: 'custom', describe: 'null (no limit) or an integer in [1, 1000]', check: (v) => (v === null ? null : typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000 ? v : undefined) },
    default: null,
  },
  { name: 'min_samples_split', rule: { type: 'int', min: 2 }, default: 2 },
  { name: 'min_samples_leaf', rule: { type: 'int', min: 1 }, default: 1 },
  {
    name: 'max_features',
    rule: {
      type: 'custom',
      describe: "'sqrt', 'log2', null (all features), an integer ≥ 1 or a fraction in (0, 1)",
      check: (v) => {
        if (v === 'sqrt' || v === 'log2') return v;
        if (v === null || v === 1.0) return v;
        if (typeof v === 'number' && Number.isFinite(v) && ((Number.isInteger(v) && v >= 1) || (v > 0 && v < 1))) return v;
        return undefined;
      },
    },
    default: 'sqrt',
  },
  { name: 'criterion', rule: { type: 'enum', values: ['gini', 'entropy'] }, default: 'gini' },
  { name: 'class_weight', rule: classWeightRule(true), default: null },
  { name: 'bootstrap', rule: { type: 'bool' }, default: true },
  { name: 'oob_score', rule: { type: 'bool' }, default: false },
  { name: 'max_bin', aliases: ['max_bins'], rule: maxBinRule, default: null },
  {
    name: 'seed',
    aliases: ['random_state'],
    rule: { type: 'custom', describe: 'null or an integer in [0, 4294967295]', check: (v) => (v === null ? null : typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : undefined) },
    default: null,
  },
];

export function parseForestParams(raw: unknown): ForestParams {
  return readParams('random_forest', raw, FOREST_PARAMS) as unknown as ForestParams;
}

/** max_features → features examined per split (scikit-learn's rounding: sqrt/log2 floor, fraction floor, ≥ 1). */
export function resolveMaxFeatures(mf: MaxFeatures, nFeatures: number): number {
  let k: number;
  if (mf === 'sqrt') k = Math.floor(Math.sqrt(nFeatures));
  else if (mf === 'log2') k = Math.floor(Math.log2(nFeatures));
  else if (mf === null) k = nFeatures;
  else if (Number.isInteger(mf)) k = mf;
  else k = Math.floor(mf * nFeatures);
  return Math.min(nFeatures, Math.max(1, k));
}
