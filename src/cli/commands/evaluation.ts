import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';
import { EvalErrors } from '../../evaluation/errors.js';
import type { EvaluationConfig } from '../../evaluation/config.js';

/** Evaluation, its report renderer and DuckDB-backed file readers load when an eval command runs (see main.ts). */
async function evalModules() {
  const [io, ev, cfg, files, load, dur] = await Promise.all([
    import('../../evaluation/io.js'), import('../../evaluation/evaluate.js'), import('../../evaluation/config.js'),
    import('../../evaluation/prediction-files.js'), import('../../config/load.js'), import('../../evaluation/duration.js'),
  ]);
  return { ...io, ...ev, ...cfg, ...files, ...load, ...dur };
}
import type { EvaluationResult } from '../../evaluation/result.js';

function gateLines(r: EvaluationResult): string {
  const lines = r.gates.gates.map((g) => `  ${g.passed ? 'pass' : 'FAIL'}  ${g.name.padEnd(28)} ${g.message}`);
  return lines.length ? lines.join('\n') : '  (no gates configured)';
}

function summaryText(r: EvaluationResult): string {
  const m = r.metrics;
  const key = [r.primaryMetric, 'macro_f1', 'recall', 'precision', 'pr_auc', 'roc_auc', 'log_loss', 'cost_per_machine_month'] as const;
  const seen = new Set<string>();
  const rows = key.filter((k) => m[k] !== undefined && !seen.has(k) && seen.add(k)).map((k) => `  ${k.padEnd(24)} ${m[k] === null ? 'n/a' : Number(m[k]!.toPrecision(5))}`);
  const thr = r.threshold.threshold === null ? 'argmax' : `${r.threshold.policy} → ${Number(r.threshold.threshold.toPrecision(5))} (chosen on ${r.threshold.chosenOn})`;
  return `${r.task.kind}, ${r.task.nTest} test rows; threshold: ${thr}\n${rows.join('\n')}\n${r.verdict}\ngates:\n${gateLines(r)}\n${r.passed ? 'gates passed' : 'gates FAILED'}\n`;
}

/** `forewarn eval ...`: evaluate prediction files, render reports from metrics JSON, check gates in CI. */
export function registerEvaluation(program: Command): void {
  const ev = program.command('eval').description('evaluate predictions honestly: metrics, baselines, thresholds, costs, gates, HTML report');

  ev.command('predictions')
    .description('evaluate a predictions CSV (label + one probability column per class) against its baselines and gates')
    .argument('<test.csv>', 'test predictions: label column, p_<class> columns, optional entity/time columns')
    .requiredOption('--classes <list>', 'comma-separated class names in model order (binary: negative first), e.g. none,failure')
    .option('--validation <val.csv>', 'validation predictions (same columns): the decision threshold is chosen here')
    .option('--label <col>', 'label column', 'label')
    .option('--proba-prefix <prefix>', 'probability columns are <prefix><class>', 'p_')
    .option('--entity <col>', 'entity (machine) column, for event costs')
    .option('--time <col>', 'prediction time column (timestamp or epoch ms), for event costs')
    .option('--failures <failures.csv>', 'failure events (entity, time[, class]) for costs and lead times')
    .option('--failure-class <col>', 'column of the failures file naming the failed component')
    .option('--horizon <duration>', 'label horizon, e.g. 24h or 2d (needed with --failures)')
    .option('--train <train.csv>', 'training rows (label + the --features columns) for the baselines')
    .option('--features <list>', 'comma-separated numeric feature columns present in --train and the test file')
    .option('--project <dir>', 'read the evaluation: section of this project\'s forewarn.yaml')
    .option('-o, --out <metrics.json>', 'write the evaluation result as JSON')
    .option('--report <report.html>', 'write the HTML report')
    .option('--json', 'print the full result as JSON instead of a summary')
    .action(action(async (testCsv: string, opts: { classes: string; validation?: string; label: string; probaPrefix: string; entity?: string; time?: string; failures?: string; failureClass?: string; horizon?: string; project?: string; out?: string; report?: string; json?: boolean; train?: string; features?: string }) => {
      const { defaultEvaluationConfig, loadProject, parseDuration, loadPredictionFiles, evaluate, writeEvaluationJson, writeEvaluationReport } = await evalModules();
      const classes = opts.classes.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
      if (classes.length < 2) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`--classes: expected at least two comma-separated class names, got ${JSON.stringify(opts.classes)}`);
      let config: EvaluationConfig = defaultEvaluationConfig();
      let seed = 42;
      if (opts.project) {
        const p = await loadProject(opts.project);
        config = p.config.evaluation ?? config;
        seed = p.config.project.seed;
      }
      if (opts.failures && !opts.horizon) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT('--horizon is required with --failures (the label horizon, e.g. 24h)');
      const horizonMs = opts.horizon ? parseDuration(opts.horizon, '--horizon') : 0;
      const files = await loadPredictionFiles({
        classes,
        test: resolve(testCsv),
        validation: opts.validation ? resolve(opts.validation) : undefined,
        label: opts.label,
        probaPrefix: opts.probaPrefix,
        entity: opts.entity,
        time: opts.time,
        failures: opts.failures ? resolve(opts.failures) : undefined,
        failureClass: opts.failureClass,
        train: opts.train ? resolve(opts.train) : undefined,
        features: opts.features ? opts.features.split(',').map((c) => c.trim()).filter((c) => c.length > 0) : undefined,
      }, horizonMs);
      const result = evaluate({
        classes,
        test: files.test,
        validation: files.validation,
        baselineData: files.baselineData,
        events: files.failures && horizonMs > 0 ? { horizonMs, test: { failures: files.failures.test }, validation: files.validation && files.failures.validation ? { failures: files.failures.validation } : undefined } : undefined,
        config,
        seed,
        meta: { predictions: testCsv },
      });
      if (opts.out) await writeEvaluationJson(resolve(opts.out), result);
      if (opts.report) await writeEvaluationReport(resolve(opts.report), result);
      process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : summaryText(result));
      if (opts.out) process.stdout.write(`wrote ${opts.out}\n`);
      if (opts.report) process.stdout.write(`wrote ${opts.report}\n`);
    }));

  ev.command('report')
    .description('render the self-contained HTML report of a metrics JSON written by forewarn')
    .argument('<metrics.json>', 'evaluation result file')
    .option('-o, --out <report.html>', 'output file (default: next to the input, .html)')
    .option('--title <text>', 'page title', 'Model evaluation')
    .action(action(async (file: string, opts: { out?: string; title: string }) => {
      const { readEvaluationJson, writeEvaluationReport } = await evalModules();
      const r = await readEvaluationJson(resolve(file));
      const out = resolve(opts.out ?? file.replace(/\.json$/i, '') + '.html');
      await writeEvaluationReport(out, r, opts.title);
      process.stdout.write(`wrote ${out}\n`);
    }));

  ev.command('check')
    .description('print the quality gates of a metrics JSON; exits 5 when any gate failed (for CI)')
    .argument('<metrics.json>', 'evaluation result file')
    .action(action(async (file: string) => {
      const { readEvaluationJson } = await evalModules();
      const r = await readEvaluationJson(resolve(file));
      process.stdout.write(summaryText(r));
      if (!r.passed) {
        const failed = r.gates.gates.filter((g) => !g.passed).map((g) => `${g.name} (${g.message})`);
        throw EvalErrors.FW_ERR_EVAL_GATES_FAILED(`${file}: ${failed.length} quality gate(s) failed: ${failed.join('; ')}`);
      }
    }));
}
