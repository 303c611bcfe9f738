/**
 * The tree-ensemble shapes the ONNX exporter understands, as agreed with the tree learners (see learner contract):
 * gradient boosting = trees + treeClass + baseScore + nOutputs (1 output for binary: p1 = sigmoid(raw); K ≥ 3:
 * softmax), random forest = trees whose leaves hold class-probability vectors (prediction = mean over trees).
 * `ensembleProba` is a plain reference implementation of that contract, used to check exports when no fitted model
 * object is at hand (hand-built ensembles in tests).
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { leafIndex } from '../format/tree-arrays.js';
import type { Model } from '../learner.js';
import { OnnxErrors } from './errors.js';

export interface GbdtEnsemble {
  kind: 'gbdt';
  trees: readonly TreeArrays[];
  treeClass: Int32Array;
  baseScore: Float64Array;
  nOutputs: number;
}

export interface ForestEnsemble {
  kind: 'random_forest';
  trees: readonly TreeArrays[];
}

export type TreeEnsemble = GbdtEnsemble | ForestEnsemble;

/** Pull the ensemble out of a fitted tree Model (fields per the learner contract); FwError when they are absent. */
export function treeEnsembleOf(model: Model): TreeEnsemble {
  const m = model as unknown as Record<string, unknown>;
  const trees = m.trees;
  if (!Array.isArray(trees)) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`a ${model.kind} model must expose its trees (model.trees) to be exported to ONNX`);
  }
  if (model.kind === 'gbdt') {
    if (!(m.treeClass instanceof Int32Array) || !(m.baseScore instanceof Float64Array) || typeof m.nOutputs !== 'number') {
      throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED('a gbdt model must expose treeClass (Int32Array), baseScore (Float64Array) and nOutputs to be exported');
    }
    return { kind: 'gbdt', trees: trees as TreeArrays[], treeClass: m.treeClass, baseScore: m.baseScore, nOutputs: m.nOutputs };
  }
  if (model.kind === 'random_forest') return { kind: 'random_forest', trees: trees as TreeArrays[] };
  throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`model kind ${model.kind} is not a tree ensemble`);
}

/** Class probabilities of one row under the ensemble contract (reference implementation, float64). */
export function ensembleProba(e: TreeEnsemble, nClasses: number, row: Float64Array, out: Float64Array = new Float64Array(nClasses)): Float64Array {
  out.fill(0);
  if (e.kind === 'random_forest') {
    for (const t of e.trees) {
      const leaf = leafIndex(t, row);
      for (let k = 0; k < nClasses; k++) out[k] += t.value[leaf * t.nOutputs + k]!;
    }
    for (let k = 0; k < nClasses; k++) out[k]! /= e.trees.length;
    return out;
  }
  const raw = Float64Array.from(e.baseScore);
  e.trees.forEach((t, i) => { raw[e.treeClass[i]!] += t.value[leafIndex(t, row)]!; });
  if (e.nOutputs === 1) {
    out[1] = 1 / (1 + Math.exp(-raw[0]!));
    out[0] = 1 - out[1]!;
    return out;
  }
  let mx = -Infinity;
  for (let k = 0; k < nClasses; k++) mx = Math.max(mx, raw[k]!);
  let s = 0;
  for (let k = 0; k < nClasses; k++) { out[k] = Math.exp(raw[k]! - mx); s += out[k]!; }
  for (let k = 0; k < nClasses; k++) out[k]! /= s;
  return out;
}
