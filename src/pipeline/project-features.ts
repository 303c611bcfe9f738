import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Duck } from '../data/duckdb.js';
import type { Project } from '../config/load.js';
import { commitTemp, tempPathFor } from '../core/atomic-write.js';
import { CoreErrors } from '../core/errors.js';
import { openSnapshot } from '../data/snapshot/attach.js';
import { readManifest } from '../data/snapshot/manifest.js';
import { FeatureErrors } from '../features/errors.js';
import type { FeatureDataset } from '../features/dataset.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';
import { pipelineContext } from './context.js';
import { ingestStep } from './steps/ingest-step.js';
import { featuresStep, type FeaturesStepOutput } from './steps/features-step.js';
import { splitStep, type SplitStepOutput } from './steps/split-step.js';
import { FEATURES_FILE, SPEC_FILE, loadFeatureTable } from './feature-store.js';

/**
 * The tables the `features` commands read: the same validated, content-addressed snapshot `forewarn run` uses, so a
 * feature table built by hand never sees rows the contracts quarantine. Without `dataset`, the project's tables go
 * through the pipeline's own (cached) ingest step: unchanged files are only re-hashed, not re-validated. With it, an
 * existing snapshot (`forewarn data ingest` printed its hash) is attached as is.
 */
export async function attachProjectTables(duck: Duck, project: Project, opts: { dataset?: string } = {}): Promise<{ tables: string[]; datasetHash: string }> {
  const datasetHash = await projectDataset(project, opts.dataset);
  const m = await openSnapshot(duck, project.stateDir, datasetHash);
  return { tables: Object.keys(m.tables), datasetHash };
}

async function projectDataset(project: Project, dataset: string | undefined): Promise<string> {
  const tables = Object.keys(project.config.data?.tables ?? {});
  if (tables.length === 0 && !dataset) throw FeatureErrors.FW_ERR_FEATURES_UNKNOWN_TABLE(`${project.configPath}: data.tables is empty; declare the tables the features read`);
  return dataset ?? (await ingestStep(pipelineContext(project, () => undefined, { progress: 'silent' }))).output.datasetHash;
}

export interface ProjectFeatures {
  datasetHash: string;
  spec: ResolvedFeatureSpec;
  data: FeatureDataset;
  features: FeaturesStepOutput & { reused: boolean };
  /** Null when the config has no split section. */
  split: (SplitStepOutput & { reused: boolean }) | null;
  out: string;
  specOut: string;
}

/**
 * `forewarn features build`: the pipeline's own cached ingest, features and split steps (the same cache `forewarn
 * run` uses, so neither recomputes what the other built), then the feature table and frozen spec copied to `out`
 * and `specOut` (temp file + rename).
 */
export async function buildProjectFeatures(project: Project, opts: { dataset?: string; out?: string; specOut?: string } = {}): Promise<ProjectFeatures> {
  const ctx = pipelineContext(project, () => undefined, { progress: 'silent' });
  const datasetHash = await projectDataset(project, opts.dataset);
  // A given hash is checked before any feature work, with the snapshot's own error (not found / not a hash).
  if (opts.dataset) await readManifest(project.stateDir, datasetHash);
  const feats = await featuresStep(ctx, datasetHash);
  const split = project.config.split ? await splitStep(ctx, feats.dir, feats.hash) : null;
  const { spec, data } = await loadFeatureTable(feats.dir);
  const out = opts.out ?? join(project.stateDir, 'features', FEATURES_FILE);
  const specOut = opts.specOut ?? join(project.stateDir, 'features', 'features.json');
  await copyAtomically(join(feats.dir, FEATURES_FILE), out);
  await copyAtomically(join(feats.dir, SPEC_FILE), specOut);
  return {
    datasetHash, spec, data,
    features: { ...feats.output, reused: feats.reused },
    split: split ? { ...split.output, reused: split.reused } : null,
    out, specOut,
  };
}

async function copyAtomically(from: string, to: string): Promise<void> {
  const tmp = tempPathFor(to);
  try {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, tmp);
  } catch (e) {
    throw CoreErrors.FW_ERR_CORE_IO(`could not write ${to}: ${(e as Error).message.split('\n')[0]}`, undefined, e);
  }
  await commitTemp(tmp, to);
}
