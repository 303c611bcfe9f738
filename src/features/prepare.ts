import type { Duck } from '../data/duckdb.js';
import type { ForewarnConfig } from '../config/schema.js';
import { FeatureErrors } from './errors.js';
import { resolveFeatureSpec } from './resolve.js';
import { buildFeatureTable, type FeatureTableResult } from './offline/build.js';
import { toDataset, type FeatureDataset } from './dataset.js';
import { splitRows, type SplitResult } from './split.js';
import type { ResolvedFeatureSpec } from './spec.js';

export interface PreparedFeatures {
  spec: ResolvedFeatureSpec;
  table: FeatureTableResult;
  data: FeatureDataset;
  split: SplitResult | null;
}

/**
 * The whole bridge for a project config, for the pipeline: tables already in `duck` → frozen spec → feature table
 * → Dataset (+ entity, time) → split. Each step is also exported on its own.
 */
export async function prepareFeatures(duck: Duck, config: ForewarnConfig, outTable = 'features'): Promise<PreparedFeatures> {
  if (!config.features) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('features: the config has no features section');
  if (!config.label) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('label: the config has no label section (what should the model predict?)');
  const spec = await resolveFeatureSpec(duck, config.features, config.label);
  const table = await buildFeatureTable(duck, spec, outTable);
  const data = await toDataset(duck, outTable, spec);
  const split = config.split
    ? splitRows({ y: data.dataset.y, classes: data.classes, time: data.time, entity: data.entity }, config.split, {
        labelKind: spec.label!.kind,
        horizonMs: spec.label!.kind === 'event' ? spec.label!.horizonMs : undefined,
        seed: config.project.seed,
      })
    : null;
  return { spec, table, data, split };
}
