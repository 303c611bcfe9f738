import { join } from 'node:path';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import type { Project } from '../config/load.js';
import { hashJson, sha256 } from '../core/hash.js';
import { openStores, type Stores } from '../stores/open-stores.js';
import { detectCodeVersion } from '../tracking/environment.js';
import { modelOf } from '../training/config.js';
import type { StepOutcome } from './step-cache.js';
import { pipelineContext, type PipelineContext } from './context.js';
import { stepEvent, type PipelineEvent, type PipelineEventHandler, type PipelineStepName } from './events.js';
import { ingestStep } from './steps/ingest-step.js';
import { featuresStep } from './steps/features-step.js';
import { splitStep } from './steps/split-step.js';
import { MODEL_FILE, trainStep } from './steps/train-step.js';
import { evaluateStep, EVALUATION_FILE, REPORT_FILE, type EvaluateStepOutput } from './steps/evaluate-step.js';
import { publishArtifacts, registerCandidate, type Published, type RegisterOutcome } from './register-step.js';
import { baselineStep, BASELINE_FILE } from './steps/baseline-step.js';
import { parseBaseline } from '../monitoring/baseline.js';
import { SqlBaselineStore } from '../monitoring/baseline-store.js';

export interface PipelineOptions {
  /** Progress events (steps, search trials); the pipeline itself prints nothing. */
  onEvent?: PipelineEventHandler;
  workers?: number;
  /** Progress bars of long steps; default 'silent' (library use). 'auto': a bar on a terminal, lines otherwise. */
  progress?: PipelineContext['progress'] | 'auto';
  /** Open stores elsewhere (tests, retraining); default from the project's store/artifacts config. */
  stores?: Stores;
}

export interface StepSummary {
  step: PipelineStepName;
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
 * A library function: options in, result out; it never prints or exits (progress goes to `onEvent`), and errors
 * are thrown as FwErrors after the run is marked FAILED.
 */
export async function runPipeline(project: Project, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const emit: PipelineEventHandler = opts.onEvent ?? (() => {});
  const progress = opts.progress === 'auto' ? undefined : (opts.progress ?? 'silent');
  const ctx = pipelineContext(project, emit, { workers: opts.workers, progress });
  const stores = opts.stores ?? (await openStores({ project }));
  const model = modelOf(project.config);
  const modelName = model.registerAs ?? project.config.project.name.replace(/[^A-Za-z0-9_.-]/g, '-');
  const steps: StepSummary[] = [];
  const note = <N extends PipelineStepName, T>(name: N, o: StepOutcome<T>): StepOutcome<T> => {
    steps.push({ step: name, reused: o.reused, seconds: o.seconds, dir: o.dir });
    emit(stepEvent(name, o) as PipelineEvent);
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
    const ing = note('ingest+validate', await ingestStep(ctx)).output;
    const feats = note('features', await featuresStep(ctx, ing.datasetHash));
    const split = note('split', await splitStep(ctx, feats.dir, feats.hash));
    const metric = model.search?.metric ?? '';
    const train = note('train', await trainStep(ctx, feats.dir, split.dir, hashJson([feats.hash, split.hash]), {
      onTrialEnd: async (t) => {
        const child = await stores.tracking.startRun({ experimentName: project.config.project.name, parentRunId: run.id, name: `trial-${t.index}`, params: flatParams(t.params), tags: { 'forewarn.search.trial': String(t.index) } });
        const foldMetrics = t.foldScores.map((v, fold) => ({ key: `cv_${metric}`, value: v, step: fold }));
        await stores.tracking.logMetrics(child.id, [...foldMetrics, { key: `cv_mean_${metric}`, value: t.mean }].filter((m) => Number.isFinite(m.value)));
        await stores.tracking.endRun(child.id, 'FINISHED');
        emit({ kind: 'search-trial', index: t.index, metric, mean: t.mean, seconds: t.seconds });
      },
    }));
    const evaluation = note('evaluate', await evaluateStep(ctx, ing.datasetHash, feats.dir, split.dir, train.dir, hashJson([train.hash, ing.datasetHash]), { project: project.config.project.name, dataset: ing.datasetHash.slice(0, 12) }));
    const ev = evaluation.output;
    const base = note('baseline', await baselineStep(ctx, feats.dir, split.dir, train.dir, hashJson([train.hash, split.hash]), ev.decision));
    const g0 = performance.now();
    const published = await publishArtifacts(stores, train.dir, evaluation.dir, feats.dir);
    await logToTracking(stores, run.id, ing.datasetHash, ev, published, steps);
    const registration = await registerCandidate(stores, modelName, run.id, ing.datasetHash, published, train.dir, ev);
    if (registration.version) {
      // The version's reference profile for monitoring, stored with it (written once: a re-run keeps the stored one).
      const baseline = parseBaseline(JSON.parse(await readFile(join(base.dir, BASELINE_FILE), 'utf8')), BASELINE_FILE);
      const baselines = new SqlBaselineStore(stores.sql);
      if (registration.status === 'registered' || !(await baselines.get(modelName, registration.version.version))) {
        await baselines.put(modelName, registration.version.version, baseline);
      }
    }
    note('gate+register', { reused: registration.status === 'already-registered', seconds: (performance.now() - g0) / 1000, dir: '', hash: '', output: { modelName, registration } });
    await stores.tracking.endRun(run.id, 'FINISHED');
    const reportsDir = join(project.stateDir, 'reports');
    await mkdir(reportsDir, { recursive: true });
    const reportPath = join(reportsDir, `${run.id}.html`);
    await copyFile(join(evaluation.dir, REPORT_FILE), reportPath);
    return {
      runId: run.id, datasetHash: ing.datasetHash, steps, evaluation: ev, reportPath,
      evaluationPath: join(evaluation.dir, EVALUATION_FILE), modelPath: join(train.dir, MODEL_FILE),
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

/** What a finished pipeline run records in tracking (also the register step of a DAG run, run-step.ts). */
export async function logToTracking(stores: Stores, runId: string, datasetHash: string, ev: EvaluateStepOutput, published: Published, steps: StepSummary[]): Promise<void> {
  await stores.tracking.logParams(runId, { dataset_hash: datasetHash });
  await stores.tracking.logMetrics(runId, Object.entries(ev.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)).map(([key, value]) => ({ key, value: value as number })));
  await stores.tracking.logArtifact(runId, 'model', published.modelUri);
  await stores.tracking.logArtifact(runId, 'report', published.reportUri);
  await stores.tracking.logArtifact(runId, 'evaluation', published.evaluationUri);
  await stores.tracking.setTags(runId, {
    'forewarn.gates.passed': String(ev.passed),
    'forewarn.beats_baselines': String(ev.beatsBaselines),
    'forewarn.steps.reused': steps.filter((s) => s.reused).map((s) => s.step).join(',') || 'none',
    'forewarn.dataset': datasetHash,
  });
}

export function flatParams(p: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(p)) out[k] = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
