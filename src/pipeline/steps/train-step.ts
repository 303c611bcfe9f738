import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { sha256 } from '../../core/hash.js';
import { createProgress } from '../../core/progress.js';
import { takeRows } from '../../models/dataset.js';
import { getLearner } from '../../models/learner-registry.js';
import { crossValidationFolds } from '../../features/split-cv.js';
import type { Fold } from '../../features/split.js';
import { searchHyperparameters, type SearchHooks, type SearchResult } from '../../training/search.js';
import { modelOf } from '../../training/config.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { loadFeatureTable, readIndices } from '../feature-store.js';
import { signatureFromTraining } from '../signature.js';
import type { ModelSignature } from '../../entities/signature.js';

export const MODEL_FILE = 'model.json';
export const SIGNATURE_FILE = 'signature.json';

export interface TrainStepOutput {
  learner: string;
  params: Record<string, unknown>;
  modelSha256: string;
  modelBytes: number;
  fitSeconds: number;
  info?: Record<string, unknown>;
  nTrain: number;
  nValidation: number;
  search?: { metric: string; best: { index: number; params: Record<string, unknown>; mean: number }; trials: { index: number; params: Record<string, unknown>; mean: number; foldScores: number[] }[] };
}

/** Restrict folds computed on a subset back to full-dataset row indices. */
function mapFolds(folds: Fold[], rows: Int32Array): Fold[] {
  const map = (idx: Int32Array) => Int32Array.from(idx, (i) => rows[i]!);
  return folds.map((f) => ({ ...f, train: map(f.train), test: map(f.test) }));
}

/**
 * Fit the configured learner on the train rows (validation rows only for early stopping), after an optional
 * hyperparameter search on CV folds of the TRAIN rows alone (the test period is never seen). Writes the model JSON and
 * the input signature. The JSON is byte-identical for the same features, split, params and seed.
 */
export async function trainStep(ctx: PipelineContext, featuresDir: string, splitDir: string, upstreamHash: string, hooks: SearchHooks = {}): Promise<StepOutcome<TrainStepOutput>> {
  const model = modelOf(ctx.project.config);
  return runCached(ctx.cacheRoot, {
    name: 'train',
    version: 1,
    key: { upstreamHash, learner: model.learner, params: model.params, search: model.search ?? null, seed: ctx.seed },
    run: async (dir) => {
      const { spec, data } = await loadFeatureTable(featuresDir);
      const trainIdx = await readIndices(join(splitDir, 'train.i32'));
      const valIdx = await readIndices(join(splitDir, 'validation.i32'));
      const learner = getLearner(model.learner);
      let params: Record<string, unknown> = { ...model.params };
      let search: SearchResult | undefined;
      if (model.search) {
        const split = ctx.project.config.split!;
        const sub = {
          y: Int32Array.from(trainIdx, (i) => data.dataset.y[i]!),
          classes: data.classes,
          time: Float64Array.from(trainIdx, (i) => data.time[i]!),
          entity: Int32Array.from(trainIdx, (i) => data.entity[i]!),
        };
        const label = spec.label!;
        const folds = mapFolds(
          crossValidationFolds(sub, split, { labelKind: label.kind, horizonMs: label.kind === 'event' ? label.horizonMs : undefined, seed: ctx.seed }, model.search.folds),
          trainIdx,
        );
        ctx.emit({ kind: 'search-start', method: model.search.method, trials: model.search.method === 'grid' ? null : model.search.trials, folds: folds.length, metric: model.search.metric });
        search = await searchHyperparameters(data.dataset, folds, model.learner, params, model.search, { seed: ctx.seed, workers: ctx.workers }, hooks);
        params = { ...search.best.params };
        ctx.emit({ kind: 'search-best', index: search.best.index, metric: model.search.metric, mean: search.best.mean, params: proposalOnly(params, model.params) });
      }
      const parsed = learner.parseParams(params);
      const train = takeRows(data.dataset, trainIdx);
      const validation = valIdx.length > 0 ? takeRows(data.dataset, valIdx) : undefined;
      const t0 = performance.now();
      const progress = createProgress(`train ${model.learner}`, 1, { mode: ctx.progress });
      const fitted = await learner.fit(train, parsed, {
        seed: ctx.seed, validation, workers: ctx.workers,
        onProgress: (done, total) => { progress.setTotal(total); progress.update(done); },
      });
      progress.finish();
      const fitSeconds = (performance.now() - t0) / 1000;
      const modelJson = fitted.toJSON();
      const json = JSON.stringify(modelJson);
      await writeFile(join(dir, MODEL_FILE), json);
      const signature: ModelSignature = signatureFromTraining(train);
      await writeFile(join(dir, SIGNATURE_FILE), JSON.stringify(signature, null, 2));
      return {
        learner: model.learner,
        params: modelJson.params,
        modelSha256: sha256(json),
        modelBytes: json.length,
        fitSeconds,
        info: modelJson.info,
        nTrain: train.nRows,
        nValidation: validation?.nRows ?? 0,
        ...(search ? { search: { metric: search.metric, best: { index: search.best.index, params: search.best.params, mean: search.best.mean }, trials: search.trials.map((t) => ({ index: t.index, params: t.params, mean: t.mean, foldScores: t.foldScores })) } } : {}),
      };
    },
  });
}

function proposalOnly(params: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k, v]) => base[k] !== v));
}
