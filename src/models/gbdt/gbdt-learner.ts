/**
 * Histogram gradient boosting ('gbdt'): binary log loss (one tree per round, p = sigmoid(raw)) or multiclass
 * softmax (K trees per round, one per class). Newton steps on binned data; see gbdt-tree.ts for tree growth.
 *
 * Determinism: one Rng(seed) drives row subsampling (per round) and column subsampling (per tree) in a fixed
 * order; histograms are summed in a fixed order; so the same data, params and seed give byte-identical JSON.
 *
 * Weights: sample weight × class weight ('balanced' = n / (K·n_k), or a map label → weight) × scale_pos_weight for
 * the positive class of a binary problem. Base score: binary = the weighted prior log-odds, so the first trees fit
 * residuals, not the prior; multiclass = 0 for every class (uniform softmax, XGBoost's start — softmax is
 * shift-invariant, so XGBoost's 0.5 everywhere is the same model). Starting a softmax at the log-priors measured
 * worse: fleet set (50 machines, ~98 % one class) OvR macro AUC 0.864 vs 0.871 with the 2·p·(1−p) hessian of
 * row-kernels.ts, synthetic 5-class 0.978 vs 0.979 with p·(1−p). Likely why: from the priors the rare classes'
 * hessians are tiny (p ≈ 0.005) from the first tree on, so l2 and min_child_weight dominate their leaves, whereas
 * from the uniform start the early trees find the rare classes' splits while the hessians are still large.
 *
 * Early stopping (early_stopping_rounds + FitOptions.validation): stop when the validation log loss has not
 * improved for that many rounds and keep the rounds up to the best one. info records the per-round losses.
 */
import { resolveMaxBin } from '../kernels/binning.js';
import { availableParallelism } from 'node:os';
import { Rng } from '../../core/random.js';
import type { Dataset } from '../dataset.js';
import type { FitOptions, Learner, Model, ModelJson } from '../learner.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { ModelErrors } from '../errors.js';
import { leafColumns } from '../kernels/predict.js';
import { resolveClassWeights } from '../params.js';
import { checkCompatible, checkDataset } from '../validate-data.js';
import { ensembleFromJSON } from '../ensemble/ensemble-json.js';
import { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import { growGbdtTree } from './gbdt-tree.js';
import type { GbdtTreeParams } from './gbdt-tree.js';
import { parseGbdtParams } from './gbdt-params.js';
import type { GbdtParams } from './gbdt-params.js';
import { LevelEngine } from './level-engine.js';

const EPS = 1e-15;

function logLoss(raw: Float64Array, O: number, y: Int32Array, w: Float64Array | null, n: number): number {
  let s = 0, W = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    let p: number;
    if (O === 1) {
      const p1 = 1 / (1 + Math.exp(-raw[i]!));
      p = y[i] === 1 ? p1 : 1 - p1;
    } else {
      const o = i * O;
      let mx = -Infinity;
      for (let k = 0; k < O; k++) if (raw[o + k]! > mx) mx = raw[o + k]!;
      let z = 0;
      for (let k = 0; k < O; k++) z += Math.exp(raw[o + k]! - mx);
      p = Math.exp(raw[o + y[i]!]! - mx) / z;
    }
    s -= wi * Math.log(Math.max(p, EPS));
    W += wi;
  }
  return W > 0 ? s / W : 0;
}

export async function fitGbdt(data: Dataset, params: GbdtParams, options: FitOptions): Promise<TreeEnsembleModel> {
  checkDataset(data);
  if (options.validation) checkCompatible(data, options.validation, 'validation data');
  if (params.early_stopping_rounds !== null && !options.validation) {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM('parameter early_stopping_rounds needs validation data (FitOptions.validation)', { param: 'early_stopping_rounds' });
  }
  const seed = params.seed ?? options.seed;
  if (!Number.isInteger(seed)) throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`seed must be an integer, got ${seed}`, { param: 'seed' });
  const n = data.nRows, F = data.features.length, K = data.classes.length;
  const O = K === 2 ? 1 : K;
  const y = data.y;

  // Row weights.
  const cw = resolveClassWeights(params.class_weight, y, data.classes, data.weights);
  if (K === 2) cw[1] *= params.scale_pos_weight;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = (data.weights ? data.weights[i]! : 1) * cw[y[i]!]!;

  // Base score: binary from the weighted prior; multiclass uniform (0 for every class, see the header).
  const prior = new Float64Array(K);
  let W = 0;
  for (let i = 0; i < n; i++) { prior[y[i]!] += w[i]!; W += w[i]!; }
  if (!(W > 0)) throw ModelErrors.FW_ERR_MODEL_BAD_DATA('training data: the total sample weight is 0');
  const baseScore = new Float64Array(O);
  if (O === 1) {
    const p1 = Math.min(1 - 1e-6, Math.max(1e-6, prior[1]! / W));
    baseScore[0] = Math.log(p1 / (1 - p1));
  }

  const val = options.validation;
  const nv = val ? val.nRows : 0;
  const vraw = new Float64Array(nv * O);
  for (let i = 0; i < nv; i++) vraw.set(baseScore, i * O);
  const vw = val?.weights ?? null;

  const tp: GbdtTreeParams = {
    maxDepth: params.max_depth,
    maxLeaves: params.max_leaves ?? 0,
    learningRate: params.learning_rate,
    l2: params.l2,
    minSamplesLeaf: params.min_samples_leaf,
    minChildWeight: params.min_child_weight,
    minGain: params.min_gain,
    catSmooth: params.cat_smooth,
    counted: params.min_samples_leaf > 1,
  };
  const rng = new Rng(seed);
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));

  const maxBin = resolveMaxBin(params.max_bin, n);
  const eng = new LevelEngine(n, F, params.min_samples_leaf > 1, workers, { y, w, O, split: tp }, maxBin);
  try {
    const ctx = eng.bin(data, maxBin);
    const shared = eng.d;
    const raw = shared.raw;
    for (let i = 0; i < n; i++) raw.set(baseScore, i * O);
    const rows = shared.rows;
    const sample = shared.sample;
    const inSample = new Uint8Array(n);
    const perm = Int32Array.from({ length: F }, (_, j) => j);
    const feats = new Int32Array(F);
    const nfSel = Math.max(1, Math.round(params.colsample_bytree * F));
    // Probabilities of the current model for every row, computed once per round (over all threads): they give the
    // gradients and the training loss of the previous round (so no separate loss pass). The loss is summed here in
    // row order from the per-row terms, so it does not depend on how the rows were split between threads.
    const lossTerm = shared.lossTerm;
    let Wt = 0;
    for (let i = 0; i < n; i++) Wt += w[i]!;
    // Binary with every row in every round: probabilities, loss terms and gradients in one pass (row-kernels.ts
    // probsGradRange), so the gradients are ready when the tree is grown.
    const fused = O === 1 && params.subsample >= 1;
    let ready = false;
    const probsAndLoss = (): number => {
      if (fused) { eng.probsGrads(); ready = true; } else eng.probs();
      let s = 0;
      for (let i = 0; i < n; i++) s -= lossTerm[i]!;
      return Wt > 0 ? s / Wt : 0;
    };
    if (params.subsample >= 1) for (let i = 0; i < n; i++) sample[i] = i;
    const trees: TreeArrays[] = [];
    const treeClass: number[] = [];
    const trainLoss: number[] = [];
    const validLoss: number[] = [];
    let bestLoss = Infinity, bestRound = -1;
    let stoppedEarly = false;

    for (let round = 0; round < params.n_estimators; round++) {
      let m = 0;
      if (params.subsample < 1) {
        for (let i = 0; i < n; i++) {
          const take = rng.next() < params.subsample ? 1 : 0;
          inSample[i] = take;
          if (take) sample[m++] = i;
        }
        if (m === 0) { sample[m++] = rng.int(n); inSample[sample[0]!] = 1; }
      } else m = n;
      const lossBefore = probsAndLoss();
      if (round > 0) trainLoss.push(lossBefore);
      for (let k = 0; k < O; k++) {
        if (!ready) eng.grads(k, m);
        let nf = F;
        if (nfSel < F) {
          for (let q = 0; q < nfSel; q++) {
            const j = q + rng.int(F - q);
            const t = perm[q]!; perm[q] = perm[j]!; perm[j] = t;
          }
          feats.set(perm.subarray(0, nfSel));
          feats.subarray(0, nfSel).sort();
          nf = nfSel;
        } else for (let j = 0; j < F; j++) feats[j] = j;
        rows.set(sample.subarray(0, m));
        const g = growGbdtTree(ctx, tp, m, feats, nf, eng);
        const tree = g.tree;
        trees.push(tree);
        treeClass.push(k);
        // Leaves own contiguous position ranges of rows: fill each with its value (a memset), then add over all
        // threads (the scattered raw updates were ~12 % of a multiclass fit on the main thread).
        const posVal = shared.posVal;
        for (let l = 0; l < g.leafNode.length; l++) posVal.fill(tree.value[g.leafNode[l]!]!, g.leafStart[l]!, g.leafEnd[l]!);
        eng.addLeaves(k, m);
        ready = false;
        if (m < n) for (let i = 0; i < n; i++) if (!inSample[i]) raw[i * O + k] += tree.value[leafColumns(tree, data.columns, i)]!;
        if (val) for (let i = 0; i < nv; i++) vraw[i * O + k] += tree.value[leafColumns(tree, val.columns, i)]!;
      }
      if (round === params.n_estimators - 1) trainLoss.push(logLoss(raw, O, y, w, n));
      if (val) {
        const vl = logLoss(vraw, O, val.y, vw, nv);
        validLoss.push(vl);
        if (vl < bestLoss) { bestLoss = vl; bestRound = round; }
        if (params.early_stopping_rounds !== null && round - bestRound >= params.early_stopping_rounds) {
          stoppedEarly = true;
          if (round !== params.n_estimators - 1) trainLoss.push(logLoss(raw, O, y, w, n));
          options.onProgress?.(round + 1, round + 1);
          break;
        }
      }
      options.onProgress?.(round + 1, params.n_estimators);
    }
    const keepRounds = stoppedEarly ? bestRound + 1 : trainLoss.length;
    const info: Record<string, unknown> = {
      n_rounds: keepRounds,
      n_trees: keepRounds * O,
      rounds_run: trainLoss.length,
      train_loss: trainLoss,
    };
    if (val) {
      info.valid_loss = validLoss;
      info.best_iteration = bestRound;
      info.stopped_early = stoppedEarly;
    }
    return new TreeEnsembleModel({
      kind: 'gbdt',
      features: data.features,
      classes: data.classes,
      params: params as unknown as Record<string, unknown>,
      trees: trees.slice(0, keepRounds * O),
      treeClass: Int32Array.from(treeClass.slice(0, keepRounds * O)),
      baseScore,
      nOutputs: O,
      link: O === 1 ? 'logistic' : 'softmax',
      info,
    });
  } finally {
    await eng.close();
  }
}

export const gbdtLearner: Learner<GbdtParams> = {
  kind: 'gbdt',
  parseParams: parseGbdtParams,
  fit: (data, params, options): Promise<Model> => fitGbdt(data, params, options),
  fromJSON: (json: ModelJson): Model => {
    parseGbdtParams(json.params);
    return ensembleFromJSON(json, json.classes.length === 2 ? ['logistic'] : ['softmax']);
  },
};
