import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dataset } from '../../models/dataset.js';
import { majorityBaseline } from './majority.js';
import { fitThresholdRule, thresholdRuleBaseline } from './threshold-rule.js';

function ds(cols: number[][], y: number[], classes: string[]): Dataset {
  return {
    features: cols.map((_, j) => ({ name: `f${j}`, type: 'numeric' as const })),
    nRows: y.length,
    columns: cols.map((c) => Float64Array.from(c)),
    y: Int32Array.from(y),
    classes,
  };
}

test('majority baseline predicts the train majority with train priors as probabilities', () => {
  const b = majorityBaseline(Int32Array.from([0, 0, 0, 1]), ['none', 'failure'], 2, 0);
  assert.deepEqual(Array.from(b.pred), [0, 0]);
  assert.deepEqual(Array.from(b.proba), [0.75, 0.25, 0.75, 0.25]);
  assert.deepEqual(Array.from(b.alerts!), [0, 0]);
  assert.match(b.description, /always predict "none".*75\.0%/);
});

test('the threshold rule finds the separating feature, direction and midpoint cut on train', () => {
  // f0 is noise; f1 separates perfectly when low (failure ⇔ f1 ≤ 2): cut midway between 2 and 5.
  const train = ds([[3, 1, 4, 1, 5, 9], [1, 2, 5, 6, 7, 8]], [1, 1, 0, 0, 0, 0], ['none', 'failure'].reverse());
  // classes ['failure', 'none'] with none at index 1: the rule targets y ≠ 1.
  const rule = fitThresholdRule({ ...train, y: Int32Array.from([0, 0, 1, 1, 1, 1]) }, 1)!;
  assert.deepEqual([rule.feature, rule.op, rule.threshold, rule.trainF1, rule.firesClass], ['f1', '<=', 3.5, 1, 'failure']);
});

test('rule baseline: NaN never fires, branch probabilities come from train, multiclass fires the commonest failure class', () => {
  const classes = ['a', 'b', 'none'];
  const train = ds([[0, 1, 2, 10, 11, 12, 13]], [2, 2, 2, 1, 1, 0, 2], classes);
  const b = thresholdRuleBaseline(train, { nRows: 3, columns: [Float64Array.from([0, 20, NaN])] }, 2)!;
  assert.deepEqual([b.rule.op, b.rule.threshold, b.rule.firesClass], ['>', 6, 'b']);
  assert.deepEqual(Array.from(b.alerts!), [0, 1, 0]);
  assert.deepEqual(Array.from(b.pred), [2, 1, 2]);
  // fires branch on train: a 1, b 2, none 1 → [.25, .5, .25]; other branch: all none.
  assert.deepEqual(Array.from(b.proba.subarray(3, 6)), [0.25, 0.5, 0.25]);
  assert.deepEqual(Array.from(b.proba.subarray(0, 3)), [0, 0, 1]);
  assert.equal(fitThresholdRule(ds([[1, 2]], [0, 0], ['none', 'x']), 0), null, 'a single-class train set has no rule');
});
