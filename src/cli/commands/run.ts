import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption } from '../options.js';
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
    .action(action(async (opts: { project: string; workers?: number; json?: boolean }) => {
      // The pipeline (DuckDB, learners, stores) loads only when a run starts (see main.ts).
      const [{ loadProject }, { runPipeline }] = await Promise.all([import('../../config/load.js'), import('../../pipeline/run-pipeline.js')]);
      const project = await loadProject(opts.project);
      const result = await runPipeline(project, { onEvent: printPipelineEvent, workers: opts.workers, progress: 'auto' });
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printPipelineResult(result);
    }));
}
