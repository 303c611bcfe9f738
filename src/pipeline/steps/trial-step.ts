import { join } from 'node:path';
import { searchHyperparameters, type TrialResult } from '../../training/search.js';
import { proposeTrials } from '../../training/search-space.js';
import { modelOf } from '../../training/config.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { loadFeatureTable, readIndices } from '../feature-table.js';
import { PipelineErrors } from '../errors.js';
import { searchFolds } from './train-step.js';

/** How many trials the configured search proposes (0 without a search): the fan-out width on a cluster. */
export function searchTrialCount(ctx: PipelineContext): number {
  const search = modelOf(ctx.project.config).search;
  return search ? proposeTrials(search, ctx.seed).length : 0;
}

/**
 * One hyperparameter-search trial on its own (`forewarn run --step trial --trial <i>`), so a cluster runs the trials
 * in parallel. Same folds, params and seed as the serial search inside the train step, so the result is identical
 * and the train step takes it instead of fitting it again (SearchHooks.precomputed).
 */
export async function trialStep(ctx: PipelineContext, featuresDir: string, splitDir: string, upstreamHash: string, index: number): Promise<StepOutcome<TrialResult>> {
  const model = modelOf(ctx.project.config);
  const count = searchTrialCount(ctx);
  if (!model.search) throw PipelineErrors.FW_ERR_PIPELINE_UNKNOWN_STEP(`${ctx.project.configPath}: model.search is not configured, so the pipeline has no trial steps`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw PipelineErrors.FW_ERR_PIPELINE_UNKNOWN_STEP(`--trial ${index}: the search proposes trials 0..${count - 1}`);
  const search = model.search;
  return runCached(ctx.cacheRoot, {
    name: 'trial',
    version: 1,
    key: { upstreamHash, learner: model.learner, params: model.params, search, seed: ctx.seed, index },
    run: async () => {
      const { spec, data } = await loadFeatureTable(featuresDir);
      const trainIdx = await readIndices(join(splitDir, 'train.i32'));
      const folds = searchFolds(ctx, spec, data, trainIdx, search.folds);
      // A trial's timing is not part of its result's identity; everything else is what the serial search computes.
      const r = await searchHyperparameters(data.dataset, folds, model.learner, { ...model.params }, search, { seed: ctx.seed, workers: ctx.workers }, { only: [index] });
      return r.trials[0]!;
    },
  });
}
