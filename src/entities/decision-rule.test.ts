import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindDecisionRule, decide, decisionRuleFromTags, type DecisionRule } from './decision-rule.js';

const labels = ['none', 'comp1', 'comp2'];
const bound = (rule: DecisionRule | null, l: readonly string[]) => bindDecisionRule(rule, l);
const named = (rule: ReturnType<typeof bindDecisionRule>, proba: number[], l: readonly string[], off = 0) => {
  const d = decide(rule!, proba, l.length, off);
  return { alert: d.alert, label: l[d.classIndex], score: d.score };
};

test('multiclass with a none class: alert on 1 − P(none) ≥ threshold, naming the likeliest failure class', () => {
  const rule = bound({ threshold: 0.3, noneClass: 'none', positiveClass: null, policy: 'min_cost' }, labels)!;
  assert.equal(rule.negIndex, 0);
  // argmax would say "none" (0.6), but 0.4 of failure mass is above the 0.3 threshold.
  assert.deepEqual(named(rule, [0.6, 0.15, 0.25], labels), { alert: true, label: 'comp2', score: 0.4 });
  const quiet = named(rule, [0.8, 0.15, 0.05], labels);
  assert.equal(quiet.alert, false);
  assert.equal(quiet.label, 'none');
  assert.ok(Math.abs(quiet.score - 0.2) < 1e-12);
  // ties between failure classes go to the lower index; float noise above 1 is clamped, not a negative score
  assert.deepEqual(named(rule, [0.5, 0.25, 0.25], labels), { alert: true, label: 'comp1', score: 0.5 });
  assert.equal(named(rule, [1 + 1e-12, 0, 0], labels).score, 0);
});

test('binary: alert on P(positive) ≥ threshold; offsets into a batch buffer', () => {
  const l2 = ['No_Machine_Failure', 'Machine_Failure'];
  const rule = bound({ threshold: 0.2, positiveClass: 'Machine_Failure', noneClass: null, policy: 'max_f1' }, l2);
  const batch = [0.9, 0.1, 0.7, 0.3];
  assert.deepEqual(named(rule, batch, l2, 0), { alert: false, label: 'No_Machine_Failure', score: 0.1 });
  assert.deepEqual(named(rule, batch, l2, 2), { alert: true, label: 'Machine_Failure', score: 0.3 });
});

test('no rule without a finite threshold or a known class', () => {
  assert.equal(bound(null, labels), null);
  assert.equal(bound({ threshold: null, noneClass: 'none', positiveClass: null, policy: 'argmax' }, labels), null);
  assert.equal(bound({ threshold: Number.NaN, noneClass: 'none', positiveClass: null, policy: 'x' }, labels), null);
  assert.equal(bound({ threshold: 0.5, noneClass: 'nope', positiveClass: null, policy: 'x' }, labels), null);
});

test('versions registered before the typed field: the rule is read from their decision.* tags', () => {
  assert.deepEqual(decisionRuleFromTags({ 'decision.threshold': '0.3', 'decision.none_class': 'none', 'decision.policy': 'min_cost' }), { threshold: 0.3, noneClass: 'none', positiveClass: null, policy: 'min_cost' });
  assert.equal(decisionRuleFromTags(undefined), null);
  assert.equal(decisionRuleFromTags({ 'decision.policy': 'argmax' }), null);
  assert.equal(decisionRuleFromTags({ 'decision.threshold': 'NaN', 'decision.none_class': 'none' }), null);
});
