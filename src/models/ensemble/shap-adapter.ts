/**
 * The one place tree ensembles reach TreeSHAP. TreeSHAP itself is written in parallel in src/models/shap/tree-shap.ts
 * with the signature below; until the branches are merged this adapter throws FW_ERR_MODEL_NOT_AVAILABLE.
 * To wire it (lead, at merge time) replace the body with:
 *   import { treeShap as impl } from '../shap/tree-shap.js';
 *   export const treeShap: TreeShapFn = impl;
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { ModelErrors } from '../errors.js';

/** nOutputs × (nFeatures + 1) values, [k * (nFeatures + 1) + j], bias last; contributions + bias = tree output. */
export type TreeShapFn = (tree: TreeArrays, row: Float64Array, nFeatures: number) => Float64Array;

export const treeShap: TreeShapFn = () => {
  throw ModelErrors.FW_ERR_MODEL_NOT_AVAILABLE('contributions are not available yet: TreeSHAP (src/models/shap/tree-shap.ts) is not wired into this build');
};
