import { join } from 'node:path';
import { copyFile, mkdir } from 'node:fs/promises';
import type { Project } from '../config/load.js';
import { hashJson, sha256 } from '../core/hash.js';
import { openStores, type Stores } from '../tracking/open-stores.js';
import { detectCodeVersion } from '../tracking/environment.js';
import type { StepOutcome } from './step-cache.js';
import { pipelineContext, type PipelineContext } from './context.js';
import { ingestStep } from './steps/ingest-step.js';
import { featuresStep } from './steps/features-step.js';
import { splitStep } from './steps/split-step.js';
import { trainStep } from './steps/train-step.js';
import { evaluateStep, REPORT_FILE, type EvaluateStepOutput } from './steps/evaluate-step.js';
import { publishArtifacts, registerCandidate, type RegisterOutcome } from './register-step.js';

export interface PipelineOptions {
  log?: (line: string) => void;
  workers?: number;
  progress?: PipelineContext['progress'];
  /** Open stores elsewhere (tests); default from the project's store/artifacts config. */
  stores?: Stores;
}

export interface StepSummary {
  step: string;
  reused: boolean;
  seconds: number;
  dir: string;
}

export interface PipelineResult {
  runId: string;
  datasetHash: string;
  steps: StepSummary[];
  evaluation: EvaluateStepOutput;
  /** Local copy of the HTML report for this run. */
  reportPath: string;
  evaluationPath: string;
  modelPath: string;
  registration: RegisterOutcome;
  modelName: string;
  seconds: number;
}

/**
 * `forewarn run`: ingest → validate → features → split → train → evaluate → gate → register candidate.
 * Every step is cached by the hash of its inputs and config (step-cache.ts): an unchanged re-run reuses every step
 * and says so; a failed step leaves earlier outputs intact, so fixing the cause and re-running resumes there.
 * Each invocation is one tracked run (params, metrics, tags, artifacts); search trials are its child runs.
 */
export async function runPipeline(project: Project, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const ctx = pipelineContext(project, log, { workers: opts.workers, progress: opts.progress });
  const stores = opts.stores ?? (await openStores({ project }));
  const model = project.config.model ?? { learner: 'gbdt' as const, params: {} };
  const modelName = model.registerAs ?? project.config.project.name.replace(/[^A-Za-z0-9_.-]/g, '-');
  const steps: StepSummary[] = [];
  const total = 6;
  const note = <T>(name: string, o: StepOutcome<T>): StepOutcome<T> => {
    steps.push({ step: name, reused: o.reused, seconds: o.seconds, dir: o.dir });
    log(`[${steps.length}/${total}] ${name.padEnd(9)} ${o.reused ? 'reused ' : 'done   '} ${o.seconds.toFixed(2).padStart(6)}s`);
    return o;
  };
  const run = await stores.tracking.startRun({
    experimentName: project.config.project.name,
    configHash: sha256(project.configText),
    codeVersion: detectCodeVersion(project.dir),
    params: { learner: model.learner, seed: ctx.seed, ...flatParams(model.params) },
    tags: { 'forewarn.command': 'run', 'forewarn.config': project.configPath },
  });
  try {
    const ingest = note('ingest', await ingestStep(ctx));
    const ing = ingest.output;
    const rows = Object.entries(ing.tables).map(([n, t]) => `${n} ${t.accepted}/${t.rows}`).join(', ');
    steps[steps.length - 1]!.step = 'ingest+validate';
    log(`        dataset ${ing.datasetHash.slice(0, 12)}: ${rows} rows accepted`);
    const feats = note('features', await featuresStep(ctx, ing.datasetHash));
    log(`        ${feats.output.rows} rows × ${feats.output.columns} features (SQL ${(feats.output.sqlMs / 1000).toFixed(2)}s)`);
    const split = note('split', await splitStep(ctx, feats.dir, feats.hash));
    log(`        train ${split.output.sizes.train}, validation ${split.output.sizes.validation}, test ${split.output.sizes.test}${split.output.boundaries ? `; test from ${split.output.boundaries.testStart}` : ''}`);
    const train = note('train', await trainStep(ctx, feats.dir, split.dir, hashJson([feats.hash, split.hash]), {
      onTrialEnd: async (t) => {
        const child = await stores.tracking.startRun({ experimentName: project.config.project.name, parentRunId: run.id, name: `trial-${t.index}`, params: flatParams(t.params), tags: { 'forewarn.search.trial': String(t.index) } });
        await stores.tracking.logMetrics(child.id, [...t.foldScores.map((v, fold) => ({ key: `cv_${project.config.model?.search?.metric}`, value: v, step: fold })), { key: `cv_mean_${project.config.model?.search?.metric}`, value: t.mean }].filter((m) => Number.isFinite(m.value)));
        await stores.tracking.endRun(child.id, 'FINISHED');
        log(`        trial ${t.index}: ${project.config.model?.search?.metric} ${t.mean.toFixed(4)} (${t.seconds.toFixed(1)}s)`);
      },
    }));
    log(`        ${train.output.learner} fitted in ${train.output.fitSeconds.toFixed(2)}s on ${train.output.nTrain} rows (${(train.output.modelBytes / 1024).toFixed(0)} KiB model)`);
    const evaluation = note('evaluate', await evaluateStep(ctx, ing.datasetHash, feats.dir, split.dir, train.dir, hashJson([train.hash, ing.datasetHash]), { project: project.config.project.name, dataset: ing.datasetHash.slice(0, 12) }));
    const ev = evaluation.output;
    const g0 = performance.now();
    const published = await publishArtifacts(stores, train.dir, evaluation.dir, feats.dir);
    await stores.tracking.logParams(run.id, { dataset_hash: ing.datasetHash });
    await stores.tracking.logMetrics(run.id, Object.entries(ev.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)).map(([key, value]) => ({ key, value: value as number })));
    await stores.tracking.logArtifact(run.id, 'model', published.modelUri);
    await stores.tracking.logArtifact(run.id, 'report', published.reportUri);
    await stores.tracking.logArtifact(run.id, 'evaluation', published.evaluationUri);
    await stores.tracking.setTags(run.id, {
      'forewarn.gates.passed': String(ev.passed),
      'forewarn.beats_baselines': String(ev.beatsBaselines),
      'forewarn.steps.reused': steps.filter((s) => s.reused).map((s) => s.step).join(',') || 'none',
      'forewarn.dataset': ing.datasetHash,
    });
    const registration = await registerCandidate(stores, modelName, run.id, ing.datasetHash, published, train.dir, ev);
    const gSec = (performance.now() - g0) / 1000;
    steps.push({ step: 'gate+register', reused: registration.status === 'already-registered', seconds: gSec, dir: '' });
    log(`[6/6] ${'gate+reg'.padEnd(9)} ${registration.status === 'already-registered' ? 'reused ' : 'done   '} ${gSec.toFixed(2).padStart(6)}s  ${registration.status === 'blocked' ? `BLOCKED by gates: ${registration.failedGates.join('; ')}` : `${modelName} v${registration.version!.version} (${registration.version!.approval.status})${registration.status === 'already-registered' ? ', already registered' : ''}`}`);
    await stores.tracking.endRun(run.id, 'FINISHED');
    const reportsDir = join(project.stateDir, 'reports');
    await mkdir(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, `${run.id}.html`);
    await copyFile(join(evaluation.dir, REPORT_FILE), reportPath);
    return {
      runId: run.id, datasetHash: ing.datasetHash, steps, evaluation: ev, reportPath,
      evaluationPath: join(evaluation.dir, 'evaluation.json'), modelPath: join(train.dir, 'model.json'),
      registration, modelName, seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    await stores.tracking.setTags(run.id, { 'forewarn.error': (e as Error).message.slice(0, 500) }).catch(() => {});
    await stores.tracking.endRun(run.id, 'FAILED').catch(() => {});
    throw e;
  } finally {
    if (!opts.stores) await stores.close();
  }
}

function flatParams(p: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(p)) out[k] = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
