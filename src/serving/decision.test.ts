import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, decisionFromTags } from './decision.js';

const labels = ['none', 'comp1', 'comp2'];

test('multiclass with a none class: alert on 1 − P(none) ≥ threshold, naming the likeliest failure class', () => {
  const rule = decisionFromTags({ 'decision.threshold': '0.3', 'decision.none_class': 'none', 'decision.policy': 'min_cost' }, labels)!;
  assert.equal(rule.noneIndex, 0);
  // argmax would say "none" (0.6), but 0.4 of failure mass is above the 0.3 threshold.
  assert.deepEqual(decide(rule, [0.6, 0.15, 0.25], labels), { alert: true, label: 'comp2', score: 0.4 });
  const quiet = decide(rule, [0.8, 0.15, 0.05], labels);
  assert.equal(quiet.alert, false);
  assert.equal(quiet.label, 'none');
  assert.ok(Math.abs(quiet.score - 0.2) < 1e-12);
});

test('binary: alert on P(positive) ≥ threshold; offsets into a batch buffer', () => {
  const l2 = ['No_Machine_Failure', 'Machine_Failure'];
  const rule = decisionFromTags({ 'decision.threshold': '0.2', 'decision.positive_class': 'Machine_Failure' }, l2)!;
  const batch = [0.9, 0.1, 0.7, 0.3];
  assert.deepEqual(decide(rule, batch, l2, 0), { alert: false, label: 'No_Machine_Failure', score: 0.1 });
  assert.deepEqual(decide(rule, batch, l2, 2), { alert: true, label: 'Machine_Failure', score: 0.3 });
});

test('no rule without a finite threshold or a known class', () => {
  assert.equal(decisionFromTags(undefined, labels), undefined);
  assert.equal(decisionFromTags({ 'decision.policy': 'argmax' }, labels), undefined);
  assert.equal(decisionFromTags({ 'decision.threshold': 'NaN', 'decision.none_class': 'none' }, labels), undefined);
  assert.equal(decisionFromTags({ 'decision.threshold': '0.5', 'decision.none_class': 'nope' }, labels), undefined);
});
