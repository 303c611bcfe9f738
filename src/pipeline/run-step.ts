import { resolve, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Project } from '../config/load.js';
import { hashJson, sha256 } from '../core/hash.js';
import { atomicWrite } from '../core/atomic-write.js';
import { openArtifactRepository } from '../artifacts/open-repository.js';
import { snapshotDir } from '../data/snapshot/manifest.js';
import type { TrialResult } from '../training/search.js';
import type { Stores } from '../stores/open-stores.js';
import { detectCodeVersion } from '../tracking/environment.js';
import { DEFAULT_ARTIFACTS_URI, DEFAULT_STORE_URL } from '../tracking/config.js';
import { resolveSetting } from '../config/precedence.js';
import { pipelineContext, type PipelineContext } from './context.js';
import { PipelineErrors } from './errors.js';
import { modelOf } from '../training/config.js';
import { flatParams, logToTracking } from './run-pipeline.js';
import { StepExchange, type StepRecord } from './step-exchange.js';
import type { StepOutcome } from './step-cache.js';
import { ingestStep } from './steps/ingest-step.js';
import { featuresStep } from './steps/features-step.js';
import { splitStep } from './steps/split-step.js';
import { searchTrialCount, trialStep } from './steps/trial-step.js';
import { trainStep, type TrainStepOutput } from './steps/train-step.js';
import { evaluateStep, type EvaluateStepOutput } from './steps/evaluate-step.js';
import { publishArtifacts, registerCandidate, type RegisterOutcome } from './register-step.js';

/** The steps `forewarn run --step <name>` runs, in pipeline order (trial = one search trial, `--trial <i>`). */
export const STEP_NAMES = ['ingest', 'features', 'split', 'trial', 'train', 'evaluate', 'register'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface RunStepOptions {
  /** Names this pipeline run across its step processes (Argo: the workflow uid). */
  runKey: string;
  /** Which search trial (step `trial`). */
  trial?: number;
  /** ingest: fetch data.tables' relative paths from this URI (s3://bucket/prefix) into the working folder first. */
  dataFrom?: string;
  /** The step's working folder (default: cwd); the project's state (.forewarn) lives here, not beside the config. */
  workDir?: string;
  workers?: number;
  log?: (line: string) => void;
  stores: Stores;
}

export interface StepRunResult {
  step: string;
  seconds: number;
  cache?: { step: string; hash: string };
  output: unknown;
}

interface RunFacts { runId: string; datasetHash: string; configHash: string }

/**
 * One pipeline step as its own process, for a cluster (deploy/argo-workflows, `forewarn pipeline export --argo`):
 * the step's inputs come from the earlier steps' outputs in the shared artifact store, its output goes back there
 * (step-exchange.ts), and tracking and registry are the shared SQL store. Each step runs the same step function as
 * `forewarn run`, on the same inputs, so the DAG produces the same model bytes and registers the same version.
 */
export async function runStep(project0: Project, step: string, opts: RunStepOptions): Promise<StepRunResult> {
  assertStepName(step);
  const { stores } = opts;
  if (!/^postgres/.test(stores.sql.displayUrl) || !stores.artifacts.rootUri.startsWith('s3://')) {
    throw PipelineErrors.FW_ERR_PIPELINE_NEEDS_SHARED_STORES(`--step ${step}: the store is ${stores.sql.displayUrl} and the artifacts ${stores.artifacts.rootUri}; steps in separate processes share data only through PostgreSQL and S3 (store.url / artifacts.uri, or FOREWARN_STORE_URL / FOREWARN_ARTIFACTS_URI)`);
  }
  const t0 = performance.now();
  const project = relocate(project0, opts.workDir ?? process.cwd());
  const log = opts.log ?? (() => {});
  const ctx = pipelineContext(project, () => {}, { workers: opts.workers, progress: 'silent' });
  const ex = new StepExchange(stores.artifacts, opts.runKey);
  const configHash = sha256(project.configText);
  const done = (cache: { step: string; hash: string } | undefined, output: unknown): StepRunResult => ({ step: step === 'trial' ? `trial-${opts.trial}` : step, seconds: (performance.now() - t0) / 1000, cache, output });

  if (step === 'ingest') {
    if (opts.dataFrom) await fetchTables(project, opts.dataFrom, log);
    const ing = await ingestStep(ctx);
    const model = modelOf(project.config);
    const run = await stores.tracking.startRun({
      experimentName: project.config.project.name,
      configHash,
      codeVersion: detectCodeVersion(project0.dir),
      params: { learner: model.learner, seed: ctx.seed, ...flatParams(model.params) },
      tags: { 'forewarn.command': 'run --step', 'forewarn.config': project0.configPath, 'forewarn.run_key': opts.runKey },
    });
    await ex.pushSnapshot(snapshotDir(project.stateDir, ing.output.datasetHash), ing.output.datasetHash);
    await publish(ex, 'ingest', ing, { runId: run.id, datasetHash: ing.output.datasetHash, configHash });
    return done(cacheOf('ingest', ing), ing.output);
  }

  const facts = (await ex.record<unknown>('ingest', step)).facts as unknown as RunFacts;
  if (facts.configHash !== configHash) {
    throw PipelineErrors.FW_ERR_PIPELINE_INPUT_CHANGED(`--step ${step}: ${project0.configPath} (sha256 ${configHash.slice(0, 12)}) is not the config the ingest step of run key ${opts.runKey} used (${facts.configHash.slice(0, 12)})`);
  }
  return withRun(stores, facts.runId, step === 'register', async () => {
    const pulled = async (name: string) => {
      const r = await ex.record(name, step);
      return { record: r, dir: await ex.pullCache(r.cache!, ctx.cacheRoot) };
    };
    if (step === 'features') {
      await ex.pullSnapshot(facts.datasetHash, snapshotDir(project.stateDir, facts.datasetHash));
      const f = await featuresStep(ctx, facts.datasetHash);
      await publish(ex, 'features', f, facts);
      return done(cacheOf('features', f), f.output);
    }
    const feats = await pulled('features');
    if (step === 'split') {
      const s = await splitStep(ctx, feats.dir, feats.record.cache!.hash);
      await publish(ex, 'split', s, facts);
      return done(cacheOf('split', s), s.output);
    }
    const split = await pulled('split');
    const trainKey = hashJson([feats.record.cache!.hash, split.record.cache!.hash]);
    if (step === 'trial') {
      const index = opts.trial ?? Number.NaN;
      const t = await trialStep(ctx, feats.dir, split.dir, trainKey, index);
      await logTrial(stores, project, facts.runId, t.output);
      await publish(ex, `trial-${index}`, t, facts, 'trial');
      return done(cacheOf('trial', t), t.output);
    }
    if (step === 'train') {
      const precomputed = new Map<number, TrialResult>();
      for (let i = 0; i < searchTrialCount(ctx); i++) precomputed.set(i, (await ex.record<TrialResult>(`trial-${i}`, step)).output);
      const tr = await trainStep(ctx, feats.dir, split.dir, trainKey, { precomputed });
      await publish(ex, 'train', tr, facts);
      return done(cacheOf('train', tr), tr.output);
    }
    const train = await pulled('train');
    if (step === 'evaluate') {
      await ex.pullSnapshot(facts.datasetHash, snapshotDir(project.stateDir, facts.datasetHash));
      const ev = await evaluateStep(ctx, facts.datasetHash, feats.dir, split.dir, train.dir, hashJson([train.record.cache!.hash, facts.datasetHash]), { project: project.config.project.name, dataset: facts.datasetHash.slice(0, 12) });
      await publish(ex, 'evaluate', ev, facts);
      return done(cacheOf('evaluate', ev), ev.output);
    }
    // register: publish the model and report, record the run, gate, register the candidate, close the run.
    const evaluation = await pulled('evaluate');
    const ev = evaluation.record.output as EvaluateStepOutput;
    const model = modelOf(project.config);
    const modelName = model.registerAs ?? project.config.project.name.replace(/[^A-Za-z0-9_.-]/g, '-');
    const published = await publishArtifacts(stores, train.dir, evaluation.dir);
    // One tracked run for the whole DAG; no step of it reused a cached output of an earlier run.
    await logToTracking(stores, facts.runId, facts.datasetHash, ev, published, []);
    const registration: RegisterOutcome = await registerCandidate(stores, modelName, facts.runId, facts.datasetHash, published, train.dir, ev);
    await stores.tracking.endRun(facts.runId, 'FINISHED');
    const output = { modelName, modelSha256: (train.record.output as TrainStepOutput).modelSha256, status: registration.status, version: registration.version?.version ?? null, failedGates: registration.failedGates };
    await ex.publish({ step: 'register', output, facts: facts as unknown as Record<string, string> });
    return done(undefined, output);
  });
}

/**
 * Refuse a step before any store is opened when the settings point at a local store (opening SQLite would create a
 * database file as a side effect): same precedence as the store opener (env, then forewarn.yaml, then default).
 */
export function assertSharedStoreSettings(project: Project, step: string): void {
  assertStepName(step);
  const store = resolveSetting({ envVar: 'FOREWARN_STORE_URL', yaml: project.config.store?.url, fallback: DEFAULT_STORE_URL }).value;
  const artifacts = resolveSetting({ envVar: 'FOREWARN_ARTIFACTS_URI', yaml: project.config.artifacts?.uri, fallback: DEFAULT_ARTIFACTS_URI }).value;
  if (!/^postgres(ql)?:\/\//.test(store) || !artifacts.startsWith('s3://')) {
    throw PipelineErrors.FW_ERR_PIPELINE_NEEDS_SHARED_STORES(`--step ${step}: the store is ${store.replace(/\/\/[^@/]*@/, '//…@')} and the artifacts ${artifacts}; steps in separate processes share data only through PostgreSQL and S3 (store.url / artifacts.uri, or FOREWARN_STORE_URL / FOREWARN_ARTIFACTS_URI)`);
  }
}

function assertStepName(step: string): asserts step is StepName {
  if (!(STEP_NAMES as readonly string[]).includes(step)) throw PipelineErrors.FW_ERR_PIPELINE_UNKNOWN_STEP(`--step ${step}: the pipeline's steps are ${STEP_NAMES.join(', ')}`);
}

/** The project as seen from the step's working folder: the config is read from --project, state and data live here. */
function relocate(project: Project, workDir: string): Project {
  const dir = resolve(workDir);
  return { ...project, dir, stateDir: join(dir, '.forewarn'), resolve: (p: string) => resolve(dir, p) };
}

async function fetchTables(project: Project, dataFrom: string, log: (l: string) => void): Promise<void> {
  const art = project.config.artifacts;
  const repo = openArtifactRepository(dataFrom, { baseDir: project.dir, s3: { endpoint: art?.endpoint, region: art?.region, accessKeyId: art?.accessKeyId, secretAccessKey: art?.secretAccessKey, forcePathStyle: art?.forcePathStyle } });
  try {
    for (const [name, t] of Object.entries(project.config.data?.tables ?? {})) {
      const path = project.resolve(t.path);
      const key = t.path.replace(/^\.\//, '');
      if (key.startsWith('/') || key.split('/').includes('..')) throw PipelineErrors.FW_ERR_PIPELINE_MISSING_INPUT(`data.tables.${name}.path ${t.path}: --data-from needs paths relative to the project folder`);
      await mkdir(resolve(path, '..'), { recursive: true });
      await atomicWrite(path, await repo.get(key));
      log(`fetched data.tables.${name} from ${repo.uriFor(key)}`);
    }
  } finally {
    await repo.close();
  }
}

function cacheOf(step: string, o: StepOutcome<unknown>): { step: string; hash: string } {
  return { step, hash: o.hash };
}

async function publish(ex: StepExchange, name: string, o: StepOutcome<unknown>, facts: RunFacts, cacheStep = name): Promise<void> {
  const record: StepRecord = { step: name, cache: { step: cacheStep, hash: o.hash }, output: o.output, facts: facts as unknown as Record<string, string> };
  await ex.publish(record, o.dir);
}

async function logTrial(stores: Stores, project: Project, runId: string, t: TrialResult): Promise<void> {
  const metric = modelOf(project.config).search?.metric ?? '';
  const child = await stores.tracking.startRun({ experimentName: project.config.project.name, parentRunId: runId, name: `trial-${t.index}`, params: flatParams(t.params), tags: { 'forewarn.search.trial': String(t.index) } });
  await stores.tracking.logMetrics(child.id, [...t.foldScores.map((v, fold) => ({ key: `cv_${metric}`, value: v, step: fold })), { key: `cv_mean_${metric}`, value: t.mean }].filter((m) => Number.isFinite(m.value)));
  await stores.tracking.endRun(child.id, 'FINISHED');
}

/** A failing step marks the shared tracking run FAILED with the reason, as `forewarn run` does. */
async function withRun<T>(stores: Stores, runId: string, _last: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await stores.tracking.setTags(runId, { 'forewarn.error': (e as Error).message.slice(0, 500) }).catch(() => {});
    await stores.tracking.endRun(runId, 'FAILED').catch(() => {});
    throw e;
  }
}

export type { PipelineContext };
