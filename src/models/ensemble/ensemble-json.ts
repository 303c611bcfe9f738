/** Decoding of a tree-ensemble `body` (envelope already checked by format/model-json.ts). */
import type { ModelJson } from '../learner.js';
import { ModelErrors } from '../errors.js';
import { decodeTree } from '../format/tree-json.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { TreeEnsembleModel } from './tree-ensemble.js';
import type { Link } from './tree-ensemble.js';

const bad = (field: string, rule: string): never => {
  throw ModelErrors.FW_ERR_MODEL_BAD_FORMAT(`${field}: ${rule}`, { field });
};

export function ensembleFromJSON(json: ModelJson, expectLinks: readonly Link[]): TreeEnsembleModel {
  const b = json.body;
  const link = b.link as Link;
  if (!expectLinks.includes(link)) bad('body.link', `must be one of ${expectLinks.join(', ')} for kind ${json.kind}, got ${JSON.stringify(b.link)}`);
  const K = json.classes.length;
  const nOutputs = b.nOutputs;
  const wantOutputs = link === 'logistic' ? 1 : K;
  if (link === 'logistic' && K !== 2) bad('classes', `a binary (logistic) model needs exactly 2 classes, has ${K}`);
  if (nOutputs !== wantOutputs) bad('body.nOutputs', `must be ${wantOutputs}, got ${JSON.stringify(nOutputs)}`);
  const base = b.baseScore;
  if (!Array.isArray(base) || base.length !== wantOutputs || !base.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    bad('body.baseScore', `must be an array of ${wantOutputs} finite numbers`);
  }
  if (!Array.isArray(b.trees)) bad('body.trees', 'must be an array of trees');
  const rawTrees = b.trees as unknown[];
  const tc = b.treeClass;
  if (!Array.isArray(tc) || tc.length !== rawTrees.length) bad('body.treeClass', `must be an array with one entry per tree (${rawTrees.length})`);
  const treeClass = new Int32Array(rawTrees.length);
  (tc as unknown[]).forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= wantOutputs) bad(`body.treeClass[${i}]`, `must be an output index in [0, ${wantOutputs})`);
    treeClass[i] = x as number;
  });
  const treeOutputs = link === 'mean' ? K : 1;
  const nF = json.features.length;
  const trees: TreeArrays[] = rawTrees.map((t, i) => decodeTree(t, `body.trees[${i}]`, nF, treeOutputs));
  if (link === 'mean' && trees.length === 0) bad('body.trees', 'a random forest needs at least one tree');
  return new TreeEnsembleModel({
    kind: json.kind,
    features: json.features,
    classes: json.classes,
    params: json.params,
    trees,
    treeClass,
    baseScore: Float64Array.from(base as number[]),
    nOutputs: wantOutputs,
    link,
    info: json.info,
  });
}
