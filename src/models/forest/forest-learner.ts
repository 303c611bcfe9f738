/**
 * Random forest ('random_forest') on the histogram trees: bootstrap samples, max_features drawn per split, gini or
 * entropy, class_weight ('balanced' from the whole training set, 'balanced_subsample' per bootstrap, or a map).
 * Leaves store class-probability vectors; the forest averages them (scikit-learn's predict_proba).
 * Out-of-bag score (oob_score: true): accuracy of each row's prediction by the trees that did not sample it,
 * replaying each tree's bootstrap from its seed; also the OOB ROC-AUC for binary problems.
 */
import { availableParallelism } from 'node:os';
import type { Dataset } from '../dataset.js';
import type { FitOptions, Learner, Model, ModelJson } from '../learner.js';
import { ModelErrors } from '../errors.js';
import { computeBins, resolveMaxBin } from '../kernels/binning.js';
import { leafColumns } from '../kernels/predict.js';
import { resolveClassWeights } from '../params.js';
import { checkDataset } from '../validate-data.js';
import { ensembleFromJSON } from '../ensemble/ensemble-json.js';
import { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import { bootstrapCounts } from './forest-tree.js';
import type { ForestContext, ForestTreeParams } from './forest-tree.js';
import { buildForest } from './forest-pool.js';
import { parseForestParams, resolveMaxFeatures } from './forest-params.js';
import type { ForestParams } from './forest-params.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { rocAuc } from '../metrics.js';

export async function fitForest(data: Dataset, params: ForestParams, options: FitOptions): Promise<TreeEnsembleModel> {
  checkDataset(data);
  const seed = params.seed ?? options.seed;
  if (!Number.isInteger(seed)) throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`seed must be an integer, got ${seed}`, { param: 'seed' });
  const n = data.nRows, F = data.features.length, K = data.classes.length;
  const binned = computeBins(data, resolveMaxBin(params.max_bin, n));
  const y = new Int32Array(new SharedArrayBuffer(n * 4));
  y.set(data.y);
  const cw = resolveClassWeights(params.class_weight, data.y, data.classes, data.weights);
  const baseWeight = new Float64Array(new SharedArrayBuffer(n * 8));
  for (let i = 0; i < n; i++) baseWeight[i] = (data.weights ? data.weights[i]! : 1) * cw[y[i]!]!;
  const ctx: ForestContext = {
    nRows: n, nFeatures: F, nClasses: K, bins: binned.bins, stride: binned.stride, nBins: binned.nBins, categorical: binned.categorical, edges: binned.edges, y, baseWeight,
  };
  const tp: ForestTreeParams = {
    seed: seed >>> 0,
    bootstrap: params.bootstrap,
    maxDepth: params.max_depth ?? 1_000_000,
    minSamplesSplit: params.min_samples_split,
    minSamplesLeaf: params.min_samples_leaf,
    maxFeatures: resolveMaxFeatures(params.max_features, F),
    criterion: params.criterion,
    balancedSubsample: params.class_weight === 'balanced_subsample',
  };
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const trees = await buildForest(ctx, tp, params.n_estimators, workers, options.onProgress);
  const info: Record<string, unknown> = { n_trees: trees.length, max_features_used: tp.maxFeatures };
  if (params.oob_score) Object.assign(info, oobScores(data, trees, tp));
  return new TreeEnsembleModel({
    kind: 'random_forest',
    features: data.features,
    classes: data.classes,
    params: params as unknown as Record<string, unknown>,
    trees,
    treeClass: new Int32Array(trees.length),
    baseScore: new Float64Array(K),
    nOutputs: K,
    link: 'mean',
    info,
  });
}

function oobScores(data: Dataset, trees: TreeArrays[], tp: ForestTreeParams): Record<string, unknown> {
  const n = data.nRows, K = data.classes.length;
  if (!tp.bootstrap) throw ModelErrors.FW_ERR_MODEL_BAD_PARAM('parameter oob_score needs bootstrap: true (without bootstrap no row is out of bag)', { param: 'oob_score' });
  const sum = new Float64Array(n * K);
  const counts = new Int32Array(n);
  const nOob = new Int32Array(n);
  for (let t = 0; t < trees.length; t++) {
    bootstrapCounts(n, tp.seed, t, counts, true);
    const tr = trees[t]!;
    for (let i = 0; i < n; i++) {
      if (counts[i] !== 0) continue;
      const leaf = leafColumns(tr, data.columns, i) * K;
      for (let k = 0; k < K; k++) sum[i * K + k] += tr.value[leaf + k]!;
      nOob[i]++;
    }
  }
  let correct = 0, m = 0;
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    if (nOob[i] === 0) continue;
    m++;
    let best = 0;
    for (let k = 1; k < K; k++) if (sum[i * K + k]! > sum[i * K + best]!) best = k;
    if (best === data.y[i]) correct++;
    if (K === 2) { scores.push(sum[i * K + 1]! / nOob[i]!); labels.push(data.y[i]!); }
  }
  const out: Record<string, unknown> = { oob_rows: m, oob_accuracy: m > 0 ? correct / m : null };
  if (K === 2) out.oob_roc_auc = rocAuc(Float64Array.from(scores), Int32Array.from(labels));
  return out;
}

export const forestLearner: Learner<ForestParams> = {
  kind: 'random_forest',
  parseParams: parseForestParams,
  fit: (data, params, options): Promise<Model> => fitForest(data, params, options),
  fromJSON: (json: ModelJson): Model => {
    parseForestParams(json.params);
    return ensembleFromJSON(json, ['mean']);
  },
};
