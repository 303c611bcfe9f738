import { join } from 'node:path';
import { CoreErrors } from '../../core/errors.js';
import { splitContextFor, splitRows, type SplitResult } from '../../features/split.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { loadFeatureTable, writeIndices } from '../feature-table.js';

export interface SplitStepOutput {
  kind: string;
  counts: SplitResult['counts'];
  boundaries?: SplitResult['boundaries'];
  dropped: number;
  unlabelled: number;
  sizes: { train: number; validation: number; test: number };
}

export async function splitStep(ctx: PipelineContext, featuresDir: string, featuresHash: string): Promise<StepOutcome<SplitStepOutput>> {
  const split = ctx.project.config.split;
  if (!split) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${ctx.project.configPath}: the config has no split section (kind: time | group | stratified)`);
  return runCached(ctx.cacheRoot, {
    name: 'split',
    version: 1,
    key: { featuresHash, split, seed: ctx.seed },
    run: async (dir) => {
      const { spec, data } = await loadFeatureTable(featuresDir);
      const r = splitRows({ y: data.dataset.y, classes: data.classes, time: data.time, entity: data.entity }, split, splitContextFor(spec.label, ctx.seed));
      await writeIndices(join(dir, 'train.i32'), r.train);
      await writeIndices(join(dir, 'validation.i32'), r.validation ?? new Int32Array(0));
      await writeIndices(join(dir, 'test.i32'), r.test);
      return {
        kind: r.kind, counts: r.counts, boundaries: r.boundaries, dropped: r.dropped, unlabelled: data.unlabelled,
        sizes: { train: r.train.length, validation: r.validation?.length ?? 0, test: r.test.length },
      };
    },
  });
}
