/**
 * TreeSHAP for whole ensembles, in the space the ensemble adds up in: raw scores for gradient boosting (each tree
 * adds into output treeClass[t], plus baseScore), probabilities for random forests (mean over trees). Because
 * SHAP values are linear in the model, ensemble values are the sums / means of per-tree values, and
 * contributions + expected = the ensemble's raw output exactly (up to float rounding).
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import type { Contributions } from '../learner.js';
import { treeShap } from './tree-shap.js';
import { ShapErrors } from './errors.js';

/** What a gradient-boosting model exposes (see learner contract): trees, output per tree, base scores. */
export interface GbdtTrees {
  trees: readonly TreeArrays[];
  treeClass: Int32Array;
  baseScore: Float64Array;
  nOutputs: number;
}

/** What a random forest exposes: trees whose leaves hold class-probability vectors. */
export interface ForestTrees {
  trees: readonly TreeArrays[];
}

/** SHAP values of a GBDT in raw-score (logit) space: values[k * nFeatures + j], expected[k] includes baseScore[k]. */
export function gbdtShap(model: GbdtTrees, row: Float64Array, nFeatures: number): Contributions {
  const K = model.nOutputs;
  if (model.treeClass.length !== model.trees.length) {
    throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`treeClass has ${model.treeClass.length} entries for ${model.trees.length} trees`);
  }
  if (model.baseScore.length !== K) {
    throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`baseScore has ${model.baseScore.length} entries, nOutputs is ${K}`);
  }
  const stride = nFeatures + 1;
  const acc = new Float64Array(K * stride);
  const one = new Float64Array(stride);
  for (let t = 0; t < model.trees.length; t++) {
    const tree = model.trees[t]!;
    const k = model.treeClass[t]!;
    if (tree.nOutputs !== 1) throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`gbdt tree ${t} has nOutputs ${tree.nOutputs}, expected 1`);
    if (k < 0 || k >= K) throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`treeClass[${t}] = ${k}, outside 0..${K - 1}`);
    one.fill(0);
    treeShap(tree, row, nFeatures, one);
    for (let j = 0; j < stride; j++) acc[k * stride + j] += one[j]!;
  }
  for (let k = 0; k < K; k++) acc[k * stride + nFeatures] += model.baseScore[k]!;
  return split(acc, K, nFeatures, 'logit');
}

/** SHAP values of a random forest in probability space (mean over trees): one output per class. */
export function forestShap(model: ForestTrees, row: Float64Array, nFeatures: number): Contributions {
  const T = model.trees.length;
  if (T === 0) throw ShapErrors.FW_ERR_SHAP_BAD_INPUT('the forest has no trees');
  const K = model.trees[0]!.nOutputs;
  const acc = new Float64Array(K * (nFeatures + 1));
  for (let t = 0; t < T; t++) {
    if (model.trees[t]!.nOutputs !== K) {
      throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`forest tree ${t} has nOutputs ${model.trees[t]!.nOutputs}, tree 0 has ${K}`);
    }
    treeShap(model.trees[t]!, row, nFeatures, acc);
  }
  for (let i = 0; i < acc.length; i++) acc[i]! /= T;
  return split(acc, K, nFeatures, 'probability');
}

/** treeShap layout (bias at j = nFeatures) → the learner contract's Contributions (bias in `expected`). */
export function split(acc: Float64Array, K: number, nFeatures: number, space: Contributions['space']): Contributions {
  const stride = nFeatures + 1;
  const values = new Float64Array(K * nFeatures);
  const expected = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < nFeatures; j++) values[k * nFeatures + j] = acc[k * stride + j]!;
    expected[k] = acc[k * stride + nFeatures]!;
  }
  return { space, values, expected, nOutputs: K };
}
