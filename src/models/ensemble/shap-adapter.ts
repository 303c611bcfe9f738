/**
 * The one place tree ensembles reach TreeSHAP (src/models/shap/tree-shap.ts): exact path-dependent TreeSHAP over
 * the flat tree arrays, nOutputs × (nFeatures + 1) values, [k * (nFeatures + 1) + j], bias last;
 * contributions + bias = tree output.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { treeShap as impl } from '../shap/tree-shap.js';

export type TreeShapFn = (tree: TreeArrays, row: Float64Array, nFeatures: number) => Float64Array;

export const treeShap: TreeShapFn = (tree, row, nFeatures) => impl(tree, row, nFeatures);
