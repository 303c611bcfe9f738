import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forestLearner } from './forest-learner.js';
import { poolTuning } from './forest-pool.js';

poolTuning.inlineBelow = 0; // exercise the worker threads even on tiny data
import { numericDataset, repeatRows } from '../test-fixtures.js';
import { makeClassification, splitIndices } from '../synthetic.js';
import { takeRows, toRowMatrix } from '../dataset.js';
import type { Dataset } from '../dataset.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import { accuracy } from '../metrics.js';

const fit = async (d: Dataset, params: Record<string, unknown>, workers = 1): Promise<TreeEnsembleModel> =>
  (await forestLearner.fit(d, forestLearner.parseParams(params), { seed: 11, workers })) as TreeEnsembleModel;

test('accepts the sklearn-style parameter set exactly as users write it', () => {
  const p = forestLearner.parseParams({ n_estimators: 200, max_depth: 10, min_samples_split: 2, min_samples_leaf: 1, max_features: 'sqrt', class_weight: 'balanced', random_state: 42 });
  assert.equal(p.seed, 42);
  assert.equal(p.max_features, 'sqrt');
  assert.equal(p.class_weight, 'balanced');
  assert.throws(() => forestLearner.parseParams({ max_features: 'half' }), /max_features must be 'sqrt', 'log2'/);
  assert.throws(() => forestLearner.parseParams({ criterion: 'mse' }), /criterion must be one of 'gini', 'entropy'/);
  assert.throws(() => forestLearner.parseParams({ min_samples_split: 1 }), /min_samples_split must be an integer ≥ 2/);
  assert.throws(() => forestLearner.parseParams({ class_weight: { pos: -1 } }), /class_weight/);
});

test('separable data: a split at the known threshold and pure leaves', async () => {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const d = numericDataset([xs], xs.map((x) => (x >= 5 ? 1 : 0)));
  const m = await fit(d, { n_estimators: 5, bootstrap: false, max_features: null });
  for (const t of m.trees) {
    assert.equal(t.nNodes, 3);
    assert.equal(t.threshold[0], 4.5);
    assert.deepEqual(Array.from(t.value.subarray(2, 6)), [1, 0, 0, 1]);
  }
  assert.deepEqual(Array.from(m.predictOne(Float64Array.from([7]))), [0, 1]);
});

test('missing values and categorical splits route as learned', async () => {
  const cat = [0, 1, 2, 3, NaN, NaN];
  const lab = [0, 1, 0, 1, 1, 1];
  const { cols, y } = repeatRows([cat], lab, 5);
  const d: Dataset = { ...numericDataset(cols, y), features: [{ name: 'line', type: 'categorical', categories: ['a', 'b', 'c', 'd'] }] };
  const m = await fit(d, { n_estimators: 3, bootstrap: false });
  for (const c of [0, 1, 2, 3]) assert.equal(m.predictOne(Float64Array.from([c]))[1], c % 2);
  assert.equal(m.predictOne(Float64Array.from([NaN]))[1], 1);
});

test('1 vs 2 workers give byte-identical JSON; same seed twice too', async () => {
  const d = makeClassification({ nRows: 400, nFeatures: 6, seed: 12 });
  const params = { n_estimators: 12, max_depth: 6, random_state: 42 };
  const a = JSON.stringify((await fit(d, params, 1)).toJSON());
  const b = JSON.stringify((await fit(d, params, 2)).toJSON());
  const c = JSON.stringify((await fit(d, params, 1)).toJSON());
  assert.equal(a, b);
  assert.equal(a, c);
});

test('multiclass probabilities sum to 1 and Iris-like accuracy is high; OOB score reported', async () => {
  const d = makeClassification({ nRows: 450, nFeatures: 4, nInformative: 4, nRedundant: 0, nClasses: 3, classSep: 2, clustersPerClass: 1, seed: 13 });
  const sp = splitIndices(d.nRows, 0.3, 3);
  const m = await fit(takeRows(d, sp.train), { n_estimators: 40, oob_score: true });
  const te = takeRows(d, sp.test);
  const p = m.predictProba(toRowMatrix(te));
  for (let i = 0; i < te.nRows; i++) assert.ok(Math.abs(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]! - 1) < 1e-12);
  const acc = accuracy(p, 3, te.y);
  assert.ok(acc > 0.85, `accuracy ${acc}`);
  const oob = m.info!.oob_accuracy as number;
  assert.ok(oob > 0.8 && oob <= 1, `oob ${oob}`);
});

test('class_weight balanced raises the minority-class probability', async () => {
  const d = makeClassification({ nRows: 1000, nFeatures: 5, seed: 14, weights: [0.9, 0.1], flipY: 0.05 });
  const rm = toRowMatrix(d);
  const mean1 = (p: Float64Array): number => { let s = 0; for (let i = 0; i < d.nRows; i++) s += p[2 * i + 1]!; return s / d.nRows; };
  const plain = mean1((await fit(d, { n_estimators: 20, max_depth: 4 })).predictProba(rm));
  const bal = mean1((await fit(d, { n_estimators: 20, max_depth: 4, class_weight: 'balanced' })).predictProba(rm));
  const sub = mean1((await fit(d, { n_estimators: 20, max_depth: 4, class_weight: 'balanced_subsample' })).predictProba(rm));
  assert.ok(bal > plain + 0.05, `balanced ${bal} vs ${plain}`);
  assert.ok(sub > plain + 0.05, `balanced_subsample ${sub} vs ${plain}`);
});

test('feature importance: the only informative feature gets most of the gain', async () => {
  const n = 300;
  const x0 = Array.from({ length: n }, (_, i) => i % 10);
  const x1 = Array.from({ length: n }, (_, i) => (i * 7) % 13);
  const d = numericDataset([x0, x1], x0.map((v) => (v >= 5 ? 1 : 0)));
  const imp = (await fit(d, { n_estimators: 10, max_features: null })).featureImportance();
  assert.equal(imp[0]!.name, 'x0');
  assert.ok(imp[0]!.gain > 0.99);
  assert.ok(Math.abs(imp[0]!.gain + imp[1]!.gain - 1) < 1e-12);
  assert.ok(imp[0]!.splits >= 10);
});

test('entropy criterion fits as well as gini on separable data and records its params', async () => {
  const d = makeClassification({ nRows: 400, nFeatures: 4, nInformative: 4, nRedundant: 0, classSep: 2, clustersPerClass: 1, seed: 15 });
  const m = await fit(d, { n_estimators: 10, criterion: 'entropy', max_depth: 5 });
  assert.equal(m.params.criterion, 'entropy');
  assert.ok(accuracy(m.predictProba(toRowMatrix(d)), 2, d.y) > 0.9);
  for (const t of m.trees) for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! >= 0) assert.ok(t.gain[i]! > 0, 'every split reduces impurity');
});

test('multiclass with missing values, a categorical feature and min_samples_leaf > 1: 1 vs 2 workers byte-identical', async () => {
  const base = makeClassification({ nRows: 600, nFeatures: 6, nInformative: 4, nRedundant: 0, nClasses: 5, seed: 21 });
  // punch holes (NaN) into two features and turn one into a 4-category feature
  const cols = base.columns.map((c) => Float64Array.from(c));
  for (let i = 0; i < base.nRows; i += 7) cols[1]![i] = NaN;
  for (let i = 3; i < base.nRows; i += 11) cols[4]![i] = NaN;
  cols[5] = Float64Array.from(cols[5]!, (x) => (x < -1 ? 0 : x < 0 ? 1 : x < 1 ? 2 : 3));
  const d: Dataset = { ...base, columns: cols, features: base.features.map((f, j) => (j === 5 ? { name: f.name, type: 'categorical', categories: ['a', 'b', 'c', 'd'] } : f)) };
  for (const params of [{ n_estimators: 8, max_depth: 7, min_samples_leaf: 3, class_weight: 'balanced' }, { n_estimators: 8, criterion: 'entropy' }]) {
    const one = await fit(d, params, 1);
    const two = await fit(d, params, 2);
    assert.equal(JSON.stringify(one.toJSON()), JSON.stringify(two.toJSON()));
    assert.ok(accuracy(one.predictProba(toRowMatrix(d)), 5, d.y) > 0.6);
    // every split leaves at least min_samples_leaf distinct rows on each side: leaf covers are positive
    for (const t of one.trees) for (let i = 0; i < t.nNodes; i++) assert.ok(t.cover[i]! > 0);
  }
});
