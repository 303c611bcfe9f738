/**
 * Tests only: a small simulated fleet run through the real pipeline (registered version with its frozen spec), the
 * version loaded the way `forewarn stream` loads it, and a processor wired to it. One fleet per test process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject, type Project } from '../../src/config/load.js';
import { runPipeline, type PipelineResult } from '../../src/pipeline/run-pipeline.js';
import { openRegistrySource } from '../../src/serving/registry-wiring.js';
import { loadVersion, type LoadedModel } from '../../src/inference/loaded-model.js';
import type { SimulateOptions } from '../../src/simulator/options.js';
import { scoringModel, type ScoringModel } from '../../src/streaming/scorer.js';
import { MessageDecoder, tableKeysFromSpec } from '../../src/streaming/decode.js';
import { defaultStreamConfig, type StreamConfig } from '../../src/streaming/config.js';
import { StreamProcessor, type ProcessorOptions } from '../../src/streaming/stream-processor.js';
import { projectContracts } from '../../src/streaming/project-contracts.js';

export interface Fleet {
  dir: string;
  project: Project;
  fleet: SimulateOptions;
  result: PipelineResult;
  featuresDir: string;
  loaded: LoadedModel;
  model: ScoringModel;
}

let cached: Promise<Fleet> | undefined;

export function smallFleet(): Promise<Fleet> {
  cached ??= build();
  return cached;
}

async function build(): Promise<Fleet> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-stream-'));
  const fleet: SimulateOptions = { machines: 8, days: 75, seed: 5 };
  const cfg = demoConfig('stream-test', 5)
    .replace('maxQuarantineFraction: 0.01', 'maxQuarantineFraction: 0.05')
    .replace('n_estimators: 150, max_depth: 6', 'n_estimators: 20, max_depth: 4')
    .replace('validation: { fraction: 0.15 }', 'validation: { fraction: 0.3 }')
    .replace('min_event_recall: 0.6', 'min_event_recall: 0.0')
    .replace('min_detection_pr_auc: 0.3', 'min_detection_pr_auc: 0.0')
    .replace('must_beat_baselines: true', 'must_beat_baselines: false');
  await writeFile(join(dir, 'forewarn.yaml'), cfg);
  await writeFleet(fleet, join(dir, 'data'));
  const project = await loadProject(dir);
  const result = await runPipeline(project, { workers: 1, progress: 'silent' });
  if (result.registration.status === 'blocked') throw new Error(`test fleet: registration blocked: ${result.registration.failedGates.join('; ')}`);
  const featuresDir = result.steps.find((s) => s.step === 'features')!.dir;
  const reg = await openRegistrySource(project);
  try {
    const d = await reg.source.resolve(result.modelName, 'latest');
    const loaded = await loadVersion(d);
    return { dir, project, fleet, result, featuresDir, loaded, model: scoringModel(loaded) };
  } finally {
    await reg.close();
  }
}

export async function processorFor(f: Fleet, over: Partial<ProcessorOptions> = {}, cfg: StreamConfig = defaultStreamConfig()): Promise<StreamProcessor> {
  const decoder = new MessageDecoder(tableKeysFromSpec(f.model.spec), cfg, await projectContracts(f.project));
  return new StreamProcessor(f.model, {
    decoder,
    latenessMs: 0,
    policy: { openAfter: cfg.alerts.openAfter, hysteresis: cfg.alerts.hysteresis, topFeatures: cfg.alerts.topFeatures },
    maintenance: cfg.alerts.maintenance,
    requireKnownMachines: cfg.requireKnownMachines,
    ...over,
  });
}
