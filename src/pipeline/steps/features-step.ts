import { join } from 'node:path';
import { FeatureErrors } from '../../features/errors.js';
import { openDuck, literal } from '../../data/duckdb.js';
import { openSnapshot } from '../../data/snapshot/attach.js';
import { resolveFeatureSpec } from '../../features/resolve.js';
import { buildFeatureTable } from '../../features/offline/build.js';
import { saveFeatureSpec, featureSpecHash } from '../../features/spec-io.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { FEATURES_FILE, SPEC_FILE } from '../feature-store.js';

export interface FeaturesStepOutput {
  rows: number;
  columns: number;
  specHash: string;
  sqlMs: number;
}

/** Snapshot tables → frozen feature spec → feature table (one DuckDB statement) → Parquet. */
export async function featuresStep(ctx: PipelineContext, datasetHash: string): Promise<StepOutcome<FeaturesStepOutput>> {
  const { features, label } = ctx.project.config;
  if (!features) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${ctx.project.configPath}: the config has no features section`);
  if (!label) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${ctx.project.configPath}: the config has no label section (what should the model predict?)`);
  return runCached(ctx.cacheRoot, {
    name: 'features',
    version: 1,
    key: { datasetHash, features, label },
    run: async (dir) => {
      const duck = await openDuck();
      try {
        await openSnapshot(duck, ctx.project.stateDir, datasetHash);
        const spec = await resolveFeatureSpec(duck, features, label);
        const built = await buildFeatureTable(duck, spec, 'features');
        await duck.run(`copy features to ${literal(join(dir, FEATURES_FILE))} (format parquet, compression zstd)`);
        await saveFeatureSpec(join(dir, SPEC_FILE), spec);
        return { rows: built.rows, columns: spec.features.length, specHash: featureSpecHash(spec), sqlMs: Math.round(built.elapsedMs) };
      } finally {
        duck.close();
      }
    },
  });
}
