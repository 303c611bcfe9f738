/**
 * The training pipeline on real data (`npm run test:datasets`): the demo's Azure PdM config, unchanged except for
 * file paths and a published-style time cutoff, on the real 2015 event tables + the real telemetry subset; and
 * column-labelled pipelines on machine downtime and Iris. Each must beat both baselines. Prints the per-class figures
 * so the run log doubles as the measurement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { runPipeline, type PipelineResult } from '../../src/pipeline/run-pipeline.js';
import { datasetsCandidates, datasetsDir } from '../support/datasets-dir.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const candidates = datasetsCandidates(repoRoot);
const DATA = candidates.find((p) => existsSync(join(p, 'README.md')));
if (!DATA) console.error(`\n!!! pipeline dataset tests SKIPPED: no datasets folder at ${candidates.join(' or ')} !!!\n`);
const skip = DATA ? false : 'datasets folder not found';

async function runProject(config: string): Promise<PipelineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-ds-pipe-'));
  try {
    await writeFile(join(dir, 'forewarn.yaml'), config);
    return await runPipeline(await loadProject(dir), { progress: 'silent' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function show(name: string, r: PipelineResult): void {
  const m = r.evaluation.metrics;
  console.log(`\n${name}: ${r.evaluation.verdict}`);
  console.log(`  test macro_f1 ${m.macro_f1?.toFixed(3)}, balanced_accuracy ${m.balanced_accuracy?.toFixed(3)}, roc_auc ${m.roc_auc?.toFixed(3)}, pr_auc ${m.pr_auc?.toFixed(3)}`);
  for (const c of r.evaluation.perClass) console.log(`  ${c.class.padEnd(20)} precision ${c.precision.toFixed(3)} recall ${c.recall.toFixed(3)} support ${c.support}`);
  if (r.evaluation.costs) console.log(`  cost/machine-month: ${r.evaluation.costs.map((c) => `${c.strategy} ${c.costPerMachineMonth.toFixed(0)}`).join(', ')}`);
}

test('Azure PdM (real 2015 events + real telemetry subset): the demo config runs unchanged; time split at 2015-03-01 beats both baselines', { skip }, async () => {
  const A = join(DATA!, 'azure-pdm');
  let cfg = demoConfig('azure-pdm-real', 42).replace('data/PdM_telemetry.csv', join(A, 'PdM_telemetry.subset-m001-020-2015Q1.csv'));
  for (const t of ['errors', 'maint', 'failures', 'machines']) cfg = cfg.replace(`data/PdM_${t}.csv`, join(A, `PdM_${t}.csv`));
  cfg = cfg.replace('testFraction: 0.25', 'cutoff: "2015-03-01"');
  const r = await runProject(cfg);
  show('Azure PdM real subset', r);
  assert.equal(r.steps[0]!.step, 'ingest+validate');
  assert.deepEqual(r.evaluation.perClass.map((c) => c.class), ['none', 'comp1', 'comp2', 'comp3', 'comp4']);
  assert.equal(r.evaluation.beatsBaselines, true, r.evaluation.verdict);
  assert.ok(r.evaluation.costs && r.evaluation.costs.some((c) => c.strategy === 'run_to_failure'));
});

test('machine downtime (real, 2,500 rows): column label, stratified split, beats both baselines', { skip }, async () => {
  const cols = ['Hydraulic_Pressure(bar)', 'Coolant_Pressure(bar)', 'Air_System_Pressure(bar)', 'Coolant_Temperature', 'Hydraulic_Oil_Temperature(?C)', 'Spindle_Bearing_Temperature(?C)', 'Spindle_Vibration(?m)', 'Tool_Vibration(?m)', 'Spindle_Speed(RPM)', 'Voltage(volts)', 'Torque(Nm)', 'Cutting(kN)'];
  const r = await runProject(`project: {name: downtime, seed: 42}
data:
  tables:
    downtime: { path: ${JSON.stringify(join(DATA!, 'machine-downtime', 'Machine_downtime.csv'))}, contract: machine-downtime }
features:
  base: { table: downtime }
  columns: ${JSON.stringify(cols)}
label: { kind: column, column: Downtime, positive: Machine_Failure }
split: { kind: stratified, testFraction: 0.25, validation: { fraction: 0.2 } }
model: { learner: gbdt, params: { n_estimators: 200, max_depth: 4, learning_rate: 0.05, early_stopping_rounds: 30 } }
evaluation: { primaryMetric: roc_auc, threshold: { policy: max_f1 }, gates: { must_beat_baselines: true, min_roc_auc: 0.9 } }
`);
  show('machine downtime', r);
  assert.equal(r.evaluation.beatsBaselines, true, r.evaluation.verdict);
  assert.ok((r.evaluation.metrics.roc_auc as number) > 0.9);
  assert.equal(r.registration.status, 'registered');
});

test('Iris (real, 150 rows): multiclass column label, stratified split, beats both baselines', { skip }, async () => {
  const r = await runProject(`project: {name: iris, seed: 42}
data:
  tables:
    iris: { path: ${JSON.stringify(join(DATA!, 'iris', 'iris.csv'))}, contract: iris }
features:
  base: { table: iris }
  columns: [sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm]
label: { kind: column, column: species }
split: { kind: stratified, testFraction: 0.3 }
model: { learner: random_forest, params: { n_estimators: 100, max_depth: 6 } }
evaluation: { primaryMetric: macro_f1, threshold: { policy: argmax }, gates: { must_beat_baselines: true } }
`);
  show('iris', r);
  assert.equal(r.evaluation.beatsBaselines, true, r.evaluation.verdict);
  assert.ok((r.evaluation.metrics.accuracy as number) >= 0.9);
});
