import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FwError } from '../core/errors.js';
import { evaluate } from './evaluate.js';
import { defaultEvaluationConfig } from './config.js';
import { fixtureInput } from './test-fixture.js';

const cfg = defaultEvaluationConfig({ primaryMetric: 'pr_auc', threshold: { policy: 'max_f1' }, gates: { must_beat_baselines: true, min_recall: 0.5 } });

test('a skilled binary model: threshold from validation, beats both baselines, gates pass, JSON-safe and deterministic', () => {
  const r = evaluate(fixtureInput({ seed: 1, skill: 0.9 }, cfg));
  assert.equal(r.task.kind, 'binary');
  assert.equal(r.task.positiveClass, 'failure');
  assert.equal(r.threshold.chosenOn, 'validation');
  assert.equal(r.threshold.policy, 'max_f1');
  assert.ok(r.threshold.threshold! > 0 && r.threshold.threshold! < 1);
  assert.deepEqual(r.baselines.map((b) => b.name), ['majority', 'threshold_rule']);
  // The informative feature is found on train; noise is not.
  assert.equal(r.baselines[1]!.rule!.feature, 'temp');
  assert.equal(r.baselines[1]!.rule!.op, '>');
  assert.equal(r.beatsBaselines, true);
  assert.match(r.verdict, /beats every baseline on PR-AUC/);
  assert.equal(r.bootstrap!.unit, 'entity');
  assert.equal(r.bootstrap!.metric, 'pr_auc');
  assert.ok(r.bootstrap!.model.low <= r.metrics.pr_auc! && r.metrics.pr_auc! <= r.bootstrap!.model.high);
  assert.equal(r.passed, true);
  assert.deepEqual(r.gates.gates.map((g) => [g.name, g.passed]), [['min_recall', true], ['must_beat_baselines', true]]);
  assert.deepEqual(r.costs!.table.map((t) => t.strategy), ['run_to_failure', 'fixed_interval', 'model', 'baseline: majority', 'baseline: threshold_rule']);
  const rtf = r.costs!.table[0]!;
  assert.equal(rtf.totalCost, rtf.failuresMissed * 10_000);
  assert.ok(r.leadTime!.count > 0 && r.leadTime!.hours!.max <= 24, 'caught failures are warned within the 24 h horizon');
  assert.equal(r.metrics.savings_vs_run_to_failure, r.costs!.table[2]!.savingsPerMachineMonth);
  // The majority baseline never alerts: identical to run-to-failure.
  assert.equal(r.costs!.table[3]!.totalCost, rtf.totalCost);
  const json = JSON.stringify(r);
  assert.deepEqual(JSON.parse(json), r, 'round-trips through JSON unchanged (no NaN / Infinity / typed arrays)');
  assert.equal(JSON.stringify(evaluate(fixtureInput({ seed: 1, skill: 0.9 }, cfg))), json, 'same inputs → identical result');
});

test('a model without skill is told plainly that it does not beat the baselines, and its gate blocks it', () => {
  const r = evaluate(fixtureInput({ seed: 2, skill: 0 }, cfg));
  assert.equal(r.beatsBaselines, false);
  assert.equal(r.baselines.find((b) => b.name === 'threshold_rule')!.beatenByModel, false);
  assert.match(r.verdict, /does NOT beat the threshold_rule baseline/);
  const g = r.gates.gates.find((x) => x.name === 'must_beat_baselines')!;
  assert.equal(g.passed, false);
  assert.equal(r.passed, false);
});

test('multiclass with a none class: alerts on 1 − P(none), per-class metrics, component costs', () => {
  const r = evaluate(fixtureInput({ seed: 3, skill: 0.9, multiclass: true }, defaultEvaluationConfig({ threshold: { policy: 'target_recall', recall: 0.9 } })));
  assert.equal(r.task.kind, 'multiclass');
  assert.equal(r.task.noneClass, 'none');
  assert.equal(r.curves.scoreLabel, '1 − P(none)');
  assert.ok(r.threshold.validationRecall! >= 0.9);
  assert.deepEqual(r.perClass.map((c) => c.class), ['comp1', 'comp2', 'none']);
  assert.equal(r.perClass.reduce((s, c) => s + c.support, 0), r.task.nTest);
  assert.deepEqual(r.confusion.matrix.map((row) => row.reduce((a, b) => a + b, 0)), r.task.testClassCounts);
  // Two components → the fixed-interval strategy books two visits per calendar date.
  assert.equal(r.costs!.table[1]!.maintenanceActions % 2, 0);
});

test('threshold policy without validation falls back to argmax and says why; gates on missing metrics fail', () => {
  const input = fixtureInput({ seed: 4, skill: 0.9 }, defaultEvaluationConfig({ gates: { min_cost_per_machine_month: 0, max_log_loss: 10 } }));
  delete input.validation;
  delete input.events;
  const r = evaluate(input);
  assert.equal(r.threshold.policy, 'argmax');
  assert.equal(r.threshold.chosenOn, 'none');
  assert.ok(r.warnings.some((w) => /no validation predictions/.test(w)));
  assert.equal(r.costs, null);
  assert.ok(r.rowCostSweep.length > 10);
  const g = r.gates.gates.find((x) => x.name === 'min_cost_per_machine_month')!;
  assert.deepEqual([g.passed, g.value], [false, null]);
  assert.match(g.message, /could not be computed/);
  assert.equal(r.gates.gates.find((x) => x.name === 'max_log_loss')!.passed, true);
  assert.equal(r.passed, false);
});

test('bad input is refused with the field named', () => {
  const bad = (mut: (i: ReturnType<typeof fixtureInput>) => void, re: RegExp): void => {
    const input = fixtureInput({ seed: 5, machines: 3, days: 30 });
    mut(input);
    assert.throws(() => evaluate(input), (e: unknown) => e instanceof FwError && re.test(e.message), re.source);
  };
  bad((i) => { i.test.proba[7] = NaN; }, /test\.proba: row 3, class 1/);
  bad((i) => { i.test.y[2] = 9; }, /test\.y\[2\]: class index 9/);
  bad((i) => { i.test = { ...i.test, proba: i.test.proba.subarray(2) }; }, /test\.proba: expected \d+ rows × 2 classes/);
  bad((i) => { i.classes = ['none', 'none']; }, /classes: names must be unique/);
  bad((i) => { delete i.test.entity; }, /test\.entity and test\.time/);
  bad((i) => { i.events!.test.failures = [{ entity: 'm0', time: NaN }]; }, /failures\[0\]\.time/);
  bad((i) => { (i.test as { y: unknown }).y = [0, 1]; }, /test\.y: expected an Int32Array/);
  bad((i) => { (i as { classes: unknown }).classes = 'none,failure'; }, /classes: expected an array/);
  bad((i) => { i.featureImportance = [{ name: 'temp', gain: NaN, splits: 1 }]; }, /featureImportance\[0\]/);
});

test('evaluateModel scores a Model on validation and test and evaluates it', async () => {
  const { evaluateModel } = await import('./evaluate-model.js');
  const { pdmFixture } = await import('./test-fixture.js');
  const f = pdmFixture({ seed: 6, machines: 4, days: 40 });
  // A transparent hand-made model: P(failure) = logistic((temp − 64) · 1.5). Enough to exercise the seam.
  const model = {
    kind: 'logistic' as const,
    features: f.train.X.features,
    classes: f.classes,
    predictProba(rows: { nRows: number; nFeatures: number; data: Float64Array }) {
      const out = new Float64Array(rows.nRows * 2);
      for (let i = 0; i < rows.nRows; i++) {
        const p = 1 / (1 + Math.exp(-(rows.data[i * rows.nFeatures + 1]! - 64) * 1.5));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
      }
      return out;
    },
    predictOne: () => new Float64Array(2),
    featureImportance: () => [{ name: 'noise', gain: 0, splits: 0 }, { name: 'temp', gain: 1, splits: 1 }],
    contributions: () => { throw new Error('unused'); },
    toJSON: () => { throw new Error('unused'); },
  };
  const r = evaluateModel({ model, train: f.train.X, validation: f.validation.X, test: f.test.X, keys: { test: { entity: f.test.set.entity!, time: f.test.set.time! }, validation: { entity: f.validation.set.entity!, time: f.validation.set.time! } }, events: { horizonMs: f.horizonMs, test: { failures: f.test.failures } } });
  assert.equal(r.meta.modelKind, 'logistic');
  assert.equal(r.threshold.chosenOn, 'validation');
  assert.deepEqual(r.featureImportance.map((x) => x.name), ['temp', 'noise']);
  assert.equal(r.task.nTest, f.test.X.nRows);
  assert.ok(r.costs !== null && r.costs.table.length === 5);
  assert.throws(() => evaluateModel({ model, train: f.train.X, test: { ...f.test.X, columns: [f.test.X.columns[0]!] } }), (e: unknown) => e instanceof FwError && /1 feature columns but the model expects 2/.test(e.message));
});

test('a validation slice without failures does not sink the evaluation: argmax with a warning', () => {
  const input = fixtureInput({ seed: 7, machines: 3, days: 30 });
  const v = input.validation!;
  input.validation = { ...v, y: new Int32Array(v.y.length) };
  delete input.events!.validation;
  const r = evaluate(input);
  assert.equal(r.threshold.policy, 'argmax');
  assert.equal(r.threshold.chosenOn, 'none');
  assert.ok(r.warnings.some((w) => /validation has 0 failure rows/.test(w)), r.warnings.join('\n'));
});

test('binary with the none class second: ranking metrics still score the failure class', () => {
  const input = fixtureInput({ seed: 13, machines: 3, days: 30, skill: 0.9 });
  const a = evaluate(input);
  // Swap the class order: ['failure', 'none'] with the probability columns swapped to match.
  const swap = (s: NonNullable<typeof input.validation>) => {
    const p = new Float64Array(s.proba.length);
    for (let i = 0; i < s.y.length; i++) { p[2 * i] = s.proba[2 * i + 1]!; p[2 * i + 1] = s.proba[2 * i]!; }
    return { ...s, y: s.y.map((v) => 1 - v), proba: p };
  };
  const b = evaluate({ ...input, classes: ['failure', 'none'], test: swap(input.test), validation: swap(input.validation!), baselineData: undefined });
  assert.equal(b.task.positiveClass, 'failure');
  assert.equal(b.metrics.pr_auc, a.metrics.pr_auc);
  assert.equal(b.metrics.roc_auc, a.metrics.roc_auc);
  assert.equal(b.metrics.recall, a.metrics.recall);
  assert.equal(b.threshold.threshold, a.threshold.threshold);
});

test('multiclass without a none class: argmax, OvR macro metrics, top-label calibration, no detection metrics', async () => {
  const { renderEvaluationReport } = await import('./report/render.js');
  const classes = ['low', 'mid', 'high'];
  const y = Int32Array.from([0, 0, 1, 1, 2, 2, 0, 1, 2, 0]);
  const proba = new Float64Array(30);
  y.forEach((v, i) => { for (let k = 0; k < 3; k++) proba[i * 3 + k] = k === v ? 0.6 : 0.2; });
  proba.set([0.2, 0.6, 0.2], 0); // row 0 wrong: predicted mid
  const train = { features: [{ name: 'x', type: 'numeric' as const }], nRows: 6, columns: [Float64Array.from([1, 2, 3, 7, 8, 9])], y: Int32Array.from([0, 0, 0, 1, 2, 1]), classes };
  const r = evaluate({ classes, test: { y, proba }, baselineData: { train, test: { nRows: 10, columns: [Float64Array.from({ length: 10 }, (_, i) => i)] } }, config: defaultEvaluationConfig({ gates: { min_recall: 0.5 } }) });
  assert.equal(r.task.noneClass, null);
  assert.equal(r.metrics.accuracy, 0.9);
  assert.equal(r.metrics.recall, undefined);
  assert.equal(r.curves.roc, null);
  assert.equal(r.curves.scoreLabel, 'top-label confidence');
  assert.ok(r.warnings.some((w) => /needs a no-failure class/.test(w)));
  assert.equal(r.gates.gates[0]!.passed, false, 'recall is not defined here, so its gate cannot pass');
  // The rule baseline falls back to majority-vs-rest: fires → the commonest non-majority class among firing rows.
  assert.equal(r.baselines[1]!.rule!.firesClass, 'mid');
  const html = await renderEvaluationReport(r);
  assert.equal((html.match(/<svg/g) ?? []).length, 2, 'confusion + calibration only');
});
