import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption } from '../options.js';
import { CoreErrors } from '../../core/errors.js';
import type { PipelineResult } from '../../pipeline/run-pipeline.js';
import { printPipelineEvent } from './pipeline-lines.js';

export function printPipelineResult(r: PipelineResult, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const ev = r.evaluation;
  const reused = r.steps.filter((s) => s.reused).map((s) => s.step);
  write(`\nrun ${r.runId} finished in ${r.seconds.toFixed(1)}s${reused.length ? ` (reused: ${reused.join(', ')})` : ''}\n`);
  write(`test: ${Object.entries(ev.metrics).filter(([k]) => ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc', 'pr_auc', 'recall', 'precision', 'event_recall', 'cost_per_machine_month'].includes(k)).map(([k, v]) => `${k} ${v === null ? 'n/a' : (v as number).toFixed(3)}`).join(', ')}\n`);
  write(`per class:\n${ev.perClass.map((c) => `  ${c.class.padEnd(14)} precision ${c.precision.toFixed(3)}  recall ${c.recall.toFixed(3)}  f1 ${c.f1.toFixed(3)}  support ${c.support}`).join('\n')}\n`);
  if (ev.costs) write(`cost per machine-month: ${ev.costs.map((c) => `${c.strategy} ${c.costPerMachineMonth.toFixed(0)}`).join(', ')}\n`);
  write(`baselines: ${ev.verdict}\n`);
  write(`gates: ${ev.gates.length === 0 ? 'none configured' : ev.gates.map((g) => `${g.name} ${g.passed ? 'pass' : 'FAIL'}`).join(', ')}\n`);
  if (r.registration.status === 'blocked') write(`registration: BLOCKED (${r.registration.failedGates.join('; ')})\n`);
  else write(`registration: ${r.modelName} version ${r.registration.version!.version} ${r.registration.status === 'already-registered' ? '(already registered) ' : ''}is ${r.registration.version!.approval.status}; approve with: forewarn models approve ${r.modelName} ${r.registration.version!.version} --actor <you> --reason <why>\n`);
  write(`report: ${r.reportPath}\n`);
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the training pipeline: ingest → validate → features → split → train → evaluate → gate → register (cached per step)')
    .option('--project <dir>', 'project folder (with forewarn.yaml)', '.')
    .option('--workers <n>', 'worker threads for fitting (default: all cores)', intOption('--workers', 1, 256))
    .option('--json', 'print the result as JSON')
    .option('--step <name>', 'run one step as its own process (a cluster pod): ingest, features, split, trial, train, evaluate, register; data moves only through the shared stores (PostgreSQL + S3); the current folder is the step\'s working folder')
    .option('--trial <i>', 'with --step trial: which search trial', intOption('--trial', 0, 100_000))
    .option('--run-key <key>', 'with --step: names one pipeline run across its step processes (Argo: {{workflow.uid}})')
    .option('--data-from <uri>', 'with --step ingest: fetch data.tables\' relative paths from this URI (s3://bucket/prefix) first')
    .action(action(async (opts: { project: string; workers?: number; json?: boolean; step?: string; trial?: number; runKey?: string; dataFrom?: string }) => {
      // The config is checked (model.params included) before the pipeline's modules (DuckDB, stores) even load, so a
      // typo is refused in well under a second; the pipeline loads only when a run starts (see main.ts).
      const { loadProject } = await import('../../config/load.js');
      const project = await loadProject(opts.project);
      if (opts.step !== undefined || opts.runKey !== undefined || opts.trial !== undefined || opts.dataFrom !== undefined) {
        await runOneStep(project, opts);
        return;
      }
      const { runPipeline } = await import('../../pipeline/run-pipeline.js');
      const result = await runPipeline(project, { onEvent: printPipelineEvent, workers: opts.workers, progress: 'auto' });
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printPipelineResult(result);
    }));
}

async function runOneStep(project: import('../../config/load.js').Project, opts: { step?: string; trial?: number; runKey?: string; dataFrom?: string; workers?: number; json?: boolean }): Promise<void> {
  if (!opts.step) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--run-key, --trial and --data-from go with --step <name>');
  if (!opts.runKey) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--step ${opts.step} needs --run-key <key>: the steps of one pipeline run find each other's outputs by it`);
  if (opts.step === 'trial' && opts.trial === undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--step trial needs --trial <i>');
  if (opts.step !== 'trial' && opts.trial !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--trial goes with --step trial, not --step ${opts.step}`);
  if (opts.step !== 'ingest' && opts.dataFrom !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--data-from goes with --step ingest, not --step ${opts.step}`);
  const [{ runStep, assertSharedStoreSettings }, { openStores }] = await Promise.all([import('../../pipeline/run-step.js'), import('../../stores/open-stores.js')]);
  assertSharedStoreSettings(project, opts.step);
  const stores = await openStores({ project });
  try {
    const r = await runStep(project, opts.step, { runKey: opts.runKey, trial: opts.trial, dataFrom: opts.dataFrom, workers: opts.workers, stores, log: (l) => process.stderr.write(`${l}\n`) });
    if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else process.stdout.write(`step ${r.step} done in ${r.seconds.toFixed(2)}s${r.cache ? ` (output ${r.cache.step}/${r.cache.hash} in ${stores.artifacts.rootUri}/pipeline/cache)` : ''}${r.step === 'register' ? `: ${JSON.stringify(r.output)}` : ''}\n`);
  } finally {
    await stores.close();
  }
}
