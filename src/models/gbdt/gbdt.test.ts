import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gbdtLearner } from './gbdt-learner.js';
import { numericDataset, repeatRows } from '../test-fixtures.js';
import { makeClassification, splitIndices } from '../synthetic.js';
import { takeRows, toRowMatrix } from '../dataset.js';
import type { Dataset } from '../dataset.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import { accuracy } from '../metrics.js';

const fit = async (d: Dataset, params: Record<string, unknown>, opts: { workers?: number; validation?: Dataset } = {}): Promise<TreeEnsembleModel> =>
  (await gbdtLearner.fit(d, gbdtLearner.parseParams(params), { seed: 7, workers: opts.workers ?? 1, validation: opts.validation })) as TreeEnsembleModel;

test('one stump splits at the known threshold (midpoint between 4 and 5)', async () => {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const { cols, y } = repeatRows([xs], xs.map((x) => (x >= 5 ? 1 : 0)), 5);
  const m = await fit(numericDataset(cols, y), { n_estimators: 1, max_depth: 1 });
  const t = m.trees[0]!;
  assert.equal(t.feature[0], 0);
  assert.equal(t.threshold[0], 4.5);
  assert.ok(m.predictOne(Float64Array.from([4]))[1]! < 0.5);
  assert.ok(m.predictOne(Float64Array.from([5]))[1]! > 0.5);
});

test('missing values follow the learned direction', async () => {
  // NaN rows are all positive, so NaN must be routed with the positive (right, x > 4.5) side.
  const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NaN, NaN];
  const { cols, y } = repeatRows([xs], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1], 5);
  const m = await fit(numericDataset(cols, y), { n_estimators: 20, max_depth: 1, learning_rate: 0.3 });
  assert.equal(m.trees[0]!.missingLeft[0], 0);
  assert.ok(m.predictOne(Float64Array.from([NaN]))[1]! > 0.8);
  // and the other way round
  const { cols: c2, y: y2 } = repeatRows([xs], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0], 5);
  const m2 = await fit(numericDataset(c2, y2), { n_estimators: 20, max_depth: 1, learning_rate: 0.3 });
  assert.equal(m2.trees[0]!.missingLeft[0], 1);
  assert.ok(m2.predictOne(Float64Array.from([NaN]))[1]! < 0.2);
});

test('categorical split groups the positive categories', async () => {
  const cat = [0, 1, 2, 3, 0, 1, 2, 3];
  const lab = [0, 1, 0, 1, 0, 1, 0, 1];
  const { cols, y } = repeatRows([cat], lab, 10);
  const d: Dataset = { ...numericDataset(cols, y), features: [{ name: 'line', type: 'categorical', categories: ['a', 'b', 'c', 'd'] }] };
  const m = await fit(d, { n_estimators: 10, max_depth: 1, learning_rate: 0.5 });
  const t = m.trees[0]!;
  assert.ok(t.catStart[0]! >= 0, 'root is a categorical split');
  const bits = t.catBits[t.catStart[0]!]!;
  assert.ok(bits === 0b0101 || bits === 0b1010, `left set ${bits.toString(2)}`);
  for (let c = 0; c < 4; c++) {
    const p = m.predictOne(Float64Array.from([c]))[1]!;
    assert.equal(p > 0.5, c % 2 === 1, `category ${c}: p=${p}`);
  }
});

test('training loss never increases across rounds; probabilities sum to 1', async () => {
  const d = makeClassification({ nRows: 600, nFeatures: 6, seed: 3 });
  const m = await fit(d, { n_estimators: 30, max_depth: 3 });
  const loss = m.info!.train_loss as number[];
  assert.equal(loss.length, 30);
  for (let i = 1; i < loss.length; i++) assert.ok(loss[i]! <= loss[i - 1]! + 1e-12, `round ${i}: ${loss[i]} > ${loss[i - 1]}`);
  const p = m.predictProba(toRowMatrix(d));
  for (let i = 0; i < d.nRows; i++) assert.ok(Math.abs(p[2 * i]! + p[2 * i + 1]! - 1) < 1e-12);
});

test('early stopping stops and keeps the best iteration', async () => {
  const d = makeClassification({ nRows: 800, nFeatures: 6, seed: 4, flipY: 0.3 });
  const sp = splitIndices(d.nRows, 0.3, 1);
  const m = await fit(takeRows(d, sp.train), { n_estimators: 400, max_depth: 4, learning_rate: 0.3, early_stopping_rounds: 5 }, { validation: takeRows(d, sp.test) });
  const info = m.info!;
  assert.equal(info.stopped_early, true);
  assert.ok((info.rounds_run as number) < 400);
  assert.equal(m.trees.length, (info.best_iteration as number) + 1);
  const vl = info.valid_loss as number[];
  assert.equal(Math.min(...vl), vl[info.best_iteration as number]);
  await assert.rejects(fit(d, { early_stopping_rounds: 3 }), /needs validation data/);
});

test('class weights shift predictions toward the weighted class', async () => {
  const d = makeClassification({ nRows: 1000, nFeatures: 5, seed: 5, weights: [0.9, 0.1], flipY: 0.05 });
  const rm = toRowMatrix(d);
  const mean1 = (p: Float64Array): number => { let s = 0; for (let i = 0; i < d.nRows; i++) s += p[2 * i + 1]!; return s / d.nRows; };
  const plain = mean1((await fit(d, { n_estimators: 20, max_depth: 3 })).predictProba(rm));
  const bal = mean1((await fit(d, { n_estimators: 20, max_depth: 3, class_weight: 'balanced' })).predictProba(rm));
  const spw = mean1((await fit(d, { n_estimators: 20, max_depth: 3, scale_pos_weight: 5 })).predictProba(rm));
  assert.ok(bal > plain + 0.05, `balanced ${bal} vs plain ${plain}`);
  assert.ok(spw > plain + 0.05, `scale_pos_weight ${spw} vs plain ${plain}`);
});

test('same seed gives byte-identical JSON (with row and column subsampling); another seed differs', async () => {
  const d = makeClassification({ nRows: 500, nFeatures: 8, seed: 6 });
  const params = { n_estimators: 15, max_depth: 3, subsample: 0.7, colsample_bytree: 0.5 };
  const a = JSON.stringify((await fit(d, params)).toJSON());
  const b = JSON.stringify((await fit(d, params)).toJSON());
  assert.equal(a, b);
  const c = JSON.stringify((await fit(d, { ...params, seed: 99 })).toJSON());
  assert.notEqual(a, c);
});

test('1 vs 2 workers give byte-identical models (parallel histograms)', async () => {
  const d = makeClassification({ nRows: 24_000, nFeatures: 6, seed: 8 });
  const params = { n_estimators: 3, max_depth: 4 };
  const a = JSON.stringify((await fit(d, params, { workers: 1 })).toJSON());
  const b = JSON.stringify((await fit(d, params, { workers: 2 })).toJSON());
  assert.equal(a, b);
});

test('1, 2 and 3 workers give byte-identical models and losses (parallel per-row work: multiclass, subsample, weights)', async () => {
  const d = makeClassification({ nRows: 21_000, nFeatures: 5, nClasses: 3, seed: 18 });
  d.weights = Float64Array.from({ length: d.nRows }, (_, i) => 0.5 + (i % 7) / 4);
  // one categorical feature (8 categories derived from an informative column) so parallel split finding has to
  // carry categorical left sets between threads, and some NaN for the missing direction
  const src = d.columns[0]!;
  d.features = d.features.map((f, j) => (j === 1 ? { name: f.name, type: 'categorical' as const, categories: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } : f));
  d.columns[1] = Float64Array.from(src, (x, i) => (i % 97 === 0 ? NaN : Math.min(7, Math.max(0, Math.floor(x * 2 + 4)))));
  for (let i = 0; i < d.nRows; i += 53) d.columns[2]![i] = NaN;
  const params = { n_estimators: 3, max_depth: 3, subsample: 0.8 };
  const a = JSON.stringify((await fit(d, params, { workers: 1 })).toJSON());
  assert.match(a, /train_loss/);
  for (const workers of [2, 3]) assert.equal(JSON.stringify((await fit(d, params, { workers })).toJSON()), a, `${workers} workers`);
});

test('deep trees give byte-identical models for 1 and 3 workers (levels of hundreds of nodes: task tables and histogram pages grow while helpers run; large nodes partitioned in chunks)', async () => {
  const d = makeClassification({ nRows: 40_000, nFeatures: 6, seed: 19, flipY: 0.2 });
  const params = { n_estimators: 2, max_depth: 11, min_child_weight: 0 };
  const m1 = await fit(d, params, { workers: 1 });
  // the trees must really be wide for this to test growth: tables start with room for 64 nodes, pages hold 8
  const t = m1.trees[0]!;
  const depth = new Int32Array(t.nNodes);
  const perDepth = new Map<number, number>();
  for (let i = 0; i < t.nNodes; i++) {
    perDepth.set(depth[i]!, (perDepth.get(depth[i]!) ?? 0) + 1);
    if (t.left[i]! >= 0) { depth[t.left[i]!] = depth[i]! + 1; depth[t.right[i]!] = depth[i]! + 1; }
  }
  const widest = Math.max(...perDepth.values());
  assert.ok(widest > 100, `widest level has only ${widest} nodes`);
  const a = JSON.stringify(m1.toJSON());
  assert.equal(JSON.stringify((await fit(d, params, { workers: 3 })).toJSON()), a);
});

test('multiclass softmax: K trees per round, rows sum to 1, accurate on Iris-like data', async () => {
  const d = makeClassification({ nRows: 450, nFeatures: 4, nInformative: 4, nRedundant: 0, nClasses: 3, classSep: 2, clustersPerClass: 1, seed: 9 });
  const sp = splitIndices(d.nRows, 0.3, 2);
  const m = await fit(takeRows(d, sp.train), { n_estimators: 30, max_depth: 3 });
  assert.equal(m.nOutputs, 3);
  assert.equal(m.trees.length, 90);
  const te = takeRows(d, sp.test);
  const p = m.predictProba(toRowMatrix(te));
  for (let i = 0; i < te.nRows; i++) assert.ok(Math.abs(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]! - 1) < 1e-12);
  assert.ok(accuracy(p, 3, te.y) > 0.85, `accuracy ${accuracy(p, 3, te.y)}`);
});

test('leaf-wise growth respects max_leaves; min_samples_leaf is honoured', async () => {
  const d = makeClassification({ nRows: 800, nFeatures: 6, seed: 10 });
  const m = await fit(d, { n_estimators: 5, max_leaves: 5, max_depth: -1, min_samples_leaf: 30 });
  for (const t of m.trees) {
    let leaves = 0;
    for (let i = 0; i < t.nNodes; i++) if (t.feature[i] === -1) leaves++;
    assert.ok(leaves <= 5 && leaves >= 2, `leaves ${leaves}`);
  }
  // min_samples_leaf: every leaf has at least 30 training rows → check by counting rows reaching each leaf
  const rm = toRowMatrix(d);
  const t = m.trees[0]!;
  const counts = new Map<number, number>();
  const { leafIndex } = await import('../format/tree-arrays.js');
  for (let i = 0; i < d.nRows; i++) { const l = leafIndex(t, rm.data, i * 6); counts.set(l, (counts.get(l) ?? 0) + 1); }
  for (const c of counts.values()) assert.ok(c >= 30, `leaf with ${c} rows`);
});

test('parseParams: defaults, aliases, unknown and bad values are refused naming the parameter', () => {
  const p = gbdtLearner.parseParams({ eta: 0.05, num_leaves: 31, reg_lambda: 2 });
  assert.equal(p.learning_rate, 0.05);
  assert.equal(p.max_leaves, 31);
  assert.equal(p.l2, 2);
  assert.equal(p.n_estimators, 100);
  assert.throws(() => gbdtLearner.parseParams({ n_estimator: 5 }), /unknown gbdt parameter n_estimator; known: n_estimators/);
  assert.throws(() => gbdtLearner.parseParams({ learning_rate: 0 }), /learning_rate must be a finite number in \(0, 1\]/);
  assert.throws(() => gbdtLearner.parseParams({ subsample: NaN }), /subsample/);
  assert.throws(() => gbdtLearner.parseParams({ max_depth: 2.5 }), /max_depth must be an integer/);
  assert.throws(() => gbdtLearner.parseParams({ eta: 0.1, learning_rate: 0.2 }), /given twice/);
  assert.throws(() => gbdtLearner.parseParams('fast'), /must be an object/);
});

test('bad training data is refused with the feature and row named', async () => {
  const d = numericDataset([[1, Infinity, 3]], [0, 1, 0]);
  await assert.rejects(fit(d, {}), /feature "x0", row 1: value Infinity is not finite/);
  const d2 = numericDataset([[1, 2, 3]], [0, 1, 2]);
  await assert.rejects(fit(d2, {}), /row 2: label index 2 is outside classes/);
});
