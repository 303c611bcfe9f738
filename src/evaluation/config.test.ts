import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FwError } from '../core/errors.js';
import { parseConfig } from '../config/load.js';
import { defaultEvaluationConfig } from './config.js';
import { evaluateGates, gateRules } from './gates.js';

test('the evaluation section parses from forewarn.yaml with defaults and shorthand gates', () => {
  const c = parseConfig(`project: {name: x}
evaluation:
  primaryMetric: pr_auc
  threshold: { policy: target_recall, recall: 0.85 }
  costs: { missedFailure: 20000 }
  gates:
    must_beat_baselines: true
    min_recall: 0.85
    max_log_loss: 0.5
    rules: [{ metric: macro_f1, op: ">=", value: 0.6 }]
`);
  const e = c.evaluation!;
  assert.deepEqual(e.threshold, { policy: 'target_recall', recall: 0.85 });
  assert.deepEqual(e.costs, { missedFailure: 20000, falseAlarm: 500, plannedMaintenance: 1000 });
  assert.equal(e.fixedInterval.days, 30);
  assert.deepEqual(gateRules(e.gates).map((g) => [g.gate, g.rule.metric, g.rule.op, g.rule.value]), [
    ['max_log_loss', 'log_loss', '<=', 0.5],
    ['min_recall', 'recall', '>=', 0.85],
    ['rules[0]', 'macro_f1', '>=', 0.6],
  ]);
});

test('config mistakes name the field: unknown gate, unknown metric, bad policy, negative cost, NaN', () => {
  const bad = (yaml: string, re: RegExp): void =>
    assert.throws(() => parseConfig(`project: {name: x}\nevaluation:\n${yaml}`), (e: unknown) => e instanceof FwError && e.code === 'FW_ERR_CONFIG_INVALID' && re.test(e.message), re.source);
  bad('  gates: { min_recal: 0.8 }\n', /evaluation\.gates: unknown field\(s\) min_recal/);
  bad('  gates: { rules: [{ metric: f2, op: ">=", value: 1 }] }\n', /evaluation\.gates\.rules\[0\]\.metric/);
  bad('  threshold: { policy: best }\n', /evaluation\.threshold\.policy/);
  bad('  threshold: { policy: target_recall }\n', /evaluation\.threshold\.recall/);
  bad('  costs: { falseAlarm: -1 }\n', /evaluation\.costs\.falseAlarm/);
  bad('  gates: { min_pr_auc: .nan }\n', /evaluation\.gates\.min_pr_auc/);
  assert.throws(() => defaultEvaluationConfig({ primaryMetric: 'f2' }), (e: unknown) => e instanceof FwError && e.code === 'FW_ERR_EVAL_INVALID_ARGUMENT' && /evaluation\.primaryMetric/.test(e.message));
});

test('gates compare with the configured operator and report value, threshold and reason', () => {
  const gates = defaultEvaluationConfig({ gates: { min_recall: 0.8, max_brier: 0.1, rules: [{ metric: 'pr_auc', op: '>', value: 0.5 }] } }).gates;
  const out = evaluateGates(gates, { recall: 0.8, brier: 0.2, pr_auc: 0.5 }, null);
  assert.deepEqual(out.gates.map((r) => [r.name, r.value, r.threshold, r.passed]), [
    ['max_brier', 0.2, 0.1, false],
    ['min_recall', 0.8, 0.8, true],
    ['rules[0]', 0.5, 0.5, false],
  ]);
  assert.equal(out.passed, false);
  assert.match(out.gates[0]!.message, /Brier score 0\.2 fails <= 0\.1/);
  assert.equal(evaluateGates(defaultEvaluationConfig({}).gates, {}, null).passed, true, 'no gates configured → nothing blocks');
});

test('the starter evaluation block parses and keeps its gates', async () => {
  const { EVALUATION_STARTER_YAML } = await import('./starter.js');
  const c = parseConfig(`project: {name: x}\n${EVALUATION_STARTER_YAML}`);
  assert.equal(c.evaluation!.primaryMetric, 'pr_auc');
  assert.deepEqual(gateRules(c.evaluation!.gates).map((g) => g.gate), ['min_pr_auc']);
  assert.equal(c.evaluation!.gates.must_beat_baselines, true);
});
