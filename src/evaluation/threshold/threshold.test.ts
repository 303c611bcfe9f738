import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FwError } from '../../core/errors.js';
import { chooseThreshold, NEVER_ALERT } from './choose.js';
import { decide, detectionView, detectionScores } from './detection.js';

const y = Uint8Array.from([0, 0, 1, 1, 0, 1]);
const s = Float64Array.from([0.1, 0.2, 0.3, 0.8, 0.6, 0.9]);
// Operating points (t: tp, fp): .9:1,0 .8:2,0 .6:2,1 .3:3,1 .2:3,2 .1:3,3 — F1 = 2tp/(tp+fp+3): .5 .8 .667 .857 .75 .667

test('max_f1 picks the validation F1 maximum', () => {
  const c = chooseThreshold({ policy: 'max_f1' }, y, s);
  assert.equal(c.threshold, 0.3);
  assert.ok(Math.abs(c.validationValue! - 6 / 7) < 1e-12);
  assert.equal(c.validationRecall, 1);
});

test('target_recall picks the highest threshold that reaches the target', () => {
  assert.equal(chooseThreshold({ policy: 'target_recall', recall: 0.6 }, y, s).threshold, 0.8);
  assert.equal(chooseThreshold({ policy: 'target_recall', recall: 2 / 3 }, y, s).threshold, 0.8);
  assert.equal(chooseThreshold({ policy: 'target_recall', recall: 0.9 }, y, s).threshold, 0.3);
});

test('min_cost per-row proxy and event callback; never-alert when alerts cost more than failures', () => {
  // cost = missed·10 + alerts·1 + false alarms·1: none 30, .9 21, .8 12, .6 14, .3 5, .2 7, .1 9
  const c = chooseThreshold({ policy: 'min_cost' }, y, s, { costs: { missedFailure: 10, falseAlarm: 1, plannedMaintenance: 1 } });
  assert.deepEqual([c.threshold, c.validationValue, c.costBasis], [0.3, 5, 'rows']);
  const never = chooseThreshold({ policy: 'min_cost' }, y, s, { costs: { missedFailure: 1, falseAlarm: 5, plannedMaintenance: 5 } });
  assert.equal(never.threshold, NEVER_ALERT);
  const ev = chooseThreshold({ policy: 'min_cost' }, y, s, { costs: { missedFailure: 1, falseAlarm: 1, plannedMaintenance: 1 }, eventCost: (t) => Math.abs(t - 0.6) });
  assert.deepEqual([ev.threshold, ev.costBasis], [0.6, 'events']);
  assert.throws(() => chooseThreshold({ policy: 'max_f1' }, Uint8Array.from([0, 0]), Float64Array.from([0.1, 0.2])), (e: unknown) => e instanceof FwError && e.code === 'FW_ERR_EVAL_SINGLE_CLASS');
});

test('multiclass with a none class alerts on 1 − P(none) and predicts the likeliest failure class', () => {
  const classes = ['comp1', 'none', 'comp2'];
  const view = detectionView(classes, 'none');
  assert.deepEqual(view, { negIndex: 1, posIndex: null });
  const proba = Float64Array.from([0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0.3, 0.4, 0.3]);
  assert.deepEqual(Array.from(detectionScores(proba, 3, 3, view)).map((v) => Math.round(v * 10) / 10), [0.3, 0.5, 0.6]);
  const d = decide(proba, 3, 3, view, 0.4);
  assert.deepEqual(Array.from(d.alerts), [0, 1, 1]);
  assert.deepEqual(Array.from(d.pred), [1, 2, 0]); // row 3: comp1 and comp2 tie at 0.3 → lower index
  const am = decide(proba, 3, 3, view, null);
  assert.deepEqual(Array.from(am.pred), [1, 1, 1]);
  assert.deepEqual(detectionView(['ok', 'failure'], 'none'), { negIndex: 0, posIndex: 1 });
});
