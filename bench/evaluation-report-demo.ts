/**
 * Writes metrics JSON + HTML reports for the synthetic PdM fixture (binary skilled, binary no-skill, multiclass)
 * so the report can be looked at in a browser. Usage: node dist/bench/evaluation-report-demo.js [outDir]
 */
import { join } from 'node:path';
import { evaluate } from '../src/evaluation/evaluate.js';
import { defaultEvaluationConfig } from '../src/evaluation/config.js';
import { fixtureInput } from '../src/evaluation/test-fixtures.js';
import { writeEvaluationJson, writeEvaluationReport } from '../src/evaluation/io.js';

const out = process.argv[2] ?? '/tmp/forewarn-eval-demo';
const config = defaultEvaluationConfig({
  primaryMetric: 'pr_auc',
  threshold: { policy: 'min_cost' },
  costs: { missedFailure: 20000, falseAlarm: 500, plannedMaintenance: 1500 },
  fixedInterval: { days: 14 },
  gates: { must_beat_baselines: true, min_recall: 0.7, max_log_loss: 0.4 },
});
const cases = [
  { name: 'binary-skilled', opts: { seed: 7, skill: 0.75, machines: 20, days: 120 } },
  { name: 'binary-noskill', opts: { seed: 8, skill: 0, machines: 20, days: 120 } },
  { name: 'multiclass', opts: { seed: 9, skill: 0.7, machines: 20, days: 120, multiclass: true } },
];
for (const c of [...cases, { name: 'binary-no-events', opts: { seed: 10, skill: 0.6, machines: 20, days: 120 } }]) {
  const input = fixtureInput(c.opts, config);
  if (c.name === 'binary-no-events') delete input.events;
  const r = evaluate(input);
  await writeEvaluationJson(join(out, `${c.name}.json`), r);
  await writeEvaluationReport(join(out, `${c.name}.html`), r, `Evaluation: ${c.name}`);
  console.log(`${c.name}: passed=${r.passed} beatsBaselines=${r.beatsBaselines} → ${join(out, c.name)}.html`);
}
