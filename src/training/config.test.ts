import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../config/load.js';
import { isFwError } from '../core/errors.js';
import { parseLogisticParams } from '../models/linear/params.js';

const yaml = (model: string) => `project: {name: p}\nmodel:\n${model}\n`;
const refused = (text: string, ...patterns: RegExp[]) =>
  assert.throws(() => parseConfig(text), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_CONFIG_INVALID' && patterns.every((p) => p.test(e.message)), patterns.join(' '));

test('model.params are checked when the config loads: the path, the rule and the accepted names', () => {
  refused(yaml('  learner: gbdt\n  params: {max_dept: 5}'), /model\.params\.max_dept/, /known: n_estimators, .*max_depth/);
  refused(yaml('  learner: random_forest\n  params: {max_depth: "deep"}'), /model\.params\.max_depth: expected .*an integer/, /"deep"/);
  refused(yaml('  learner: logistic\n  params: {C: -1}'), /model\.params\.C: expected a finite number > 0/);
  refused(yaml('  learner: logistic\n  params: {penalty: l1}'), /model\.params\.penalty/, /known: C, lambda, class_weight, max_iter, tol/);
  assert.equal(parseConfig(yaml('  learner: gbdt\n  params: {n_trees: 50, max_depth: 4}')).model!.params.n_trees, 50, 'aliases are accepted');
});

test('search-space names and values are checked against the learner too', () => {
  refused(yaml('  learner: gbdt\n  search: {space: {max_dept: [2, 4]}}'), /model\.search\.space\.max_dept\[0\]/, /known: /);
  refused(yaml('  learner: gbdt\n  search: {space: {learning_rate: [0.1, -1]}}'), /model\.search\.space\.learning_rate\[1\]/);
  refused(yaml('  learner: gbdt\n  search: {space: {max_depth: {min: -5, max: 6, int: true}}}'), /model\.search\.space\.max_depth\.min/);
  assert.ok(parseConfig(yaml('  learner: gbdt\n  search: {space: {max_depth: [4, 6], learning_rate: {min: 0.03, max: 0.3, log: true}}}')).model!.search);
});

test('the logistic learner reads its parameters with the shared readParams and FW_ERR_MODEL_BAD_PARAM', () => {
  assert.deepEqual(parseLogisticParams({}), { C: 1, lambda: null, class_weight: null, max_iter: 1000, tol: 1e-7 });
  assert.deepEqual(parseLogisticParams({ class_weight: 'balanced', max_iter: 10 }).class_weight, 'balanced');
  for (const [raw, re] of [[{ C: 0 }, /parameter C must be a finite number > 0/], [{ C: 1, lambda: 2 }, /either C or lambda/], [{ max_iter: 1.5 }, /max_iter must be an integer/], [{ nope: 1 }, /unknown logistic parameter nope/]] as const) {
    assert.throws(() => parseLogisticParams(raw), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_MODEL_BAD_PARAM' && re.test(e.message), String(re));
  }
});
