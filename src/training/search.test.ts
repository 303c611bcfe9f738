import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClassification } from '../models/synthetic.js';
import { crossValidationFolds } from '../features/split-cv.js';
import { proposeTrials } from './search-space.js';
import { searchHyperparameters } from './search.js';
import { searchSchema } from './config.js';

test('grid search proposes the cartesian product; random search is seeded and respects ranges', () => {
  const grid = proposeTrials(searchSchema.parse({ method: 'grid', space: { a: [1, 2], b: ['x', 'y', 'z'] } }), 1);
  assert.equal(grid.length, 6);
  assert.deepEqual(grid[0], { a: 1, b: 'x' });
  const spec = searchSchema.parse({ method: 'random', trials: 20, space: { lr: { min: 0.01, max: 0.3, log: true }, depth: { min: 2, max: 8, int: true } } });
  const r1 = proposeTrials(spec, 7);
  const r2 = proposeTrials(spec, 7);
  assert.deepEqual(r1, r2);
  for (const t of r1) {
    assert.ok((t.lr as number) >= 0.01 && (t.lr as number) <= 0.3);
    assert.ok(Number.isInteger(t.depth) && (t.depth as number) >= 2 && (t.depth as number) <= 8);
  }
  assert.notDeepEqual(proposeTrials(spec, 8), r1);
  assert.throws(() => proposeTrials(searchSchema.parse({ method: 'grid', space: { lr: { min: 0.1, max: 0.2 } } }), 1), /grid search needs a list/);
});

test('search ranks trials by mean CV score and picks the better regularised model', async () => {
  const data = makeClassification({ nRows: 600, nFeatures: 6, nInformative: 3, seed: 3 });
  const folds = crossValidationFolds({ y: data.y, classes: data.classes }, { kind: 'stratified', testFraction: 0.2, force: false }, { seed: 1 }, 3);
  const seen: number[] = [];
  const res = await searchHyperparameters(data, folds, 'gbdt', { n_estimators: 30 }, searchSchema.parse({ method: 'grid', metric: 'log_loss', space: { learning_rate: [0.0001, 0.2] } }), { seed: 1, workers: 1 }, { onTrialEnd: (t) => { seen.push(t.index); } });
  assert.deepEqual(seen, [0, 1]);
  assert.equal(res.trials.length, 2);
  for (const t of res.trials) assert.equal(t.foldScores.length, 3);
  // A learning rate of 1e-4 barely moves from the prior in 30 rounds: its log loss must be worse.
  assert.equal(res.best.params.learning_rate, 0.2);
  assert.ok(res.trials[1]!.mean < res.trials[0]!.mean);
});

test('trials run one at a time elsewhere (only) and handed back (precomputed) give the serial search result', async () => {
  const data = makeClassification({ nRows: 400, nFeatures: 5, nInformative: 3, seed: 5 });
  const folds = crossValidationFolds({ y: data.y, classes: data.classes }, { kind: 'stratified', testFraction: 0.2, force: false }, { seed: 2 }, 2);
  const spec = searchSchema.parse({ method: 'grid', metric: 'log_loss', space: { learning_rate: [0.01, 0.3], max_depth: [2, 3] } });
  const base = { n_estimators: 10 };
  const serial = await searchHyperparameters(data, folds, 'gbdt', base, spec, { seed: 1, workers: 1 });
  const parts = await Promise.all([0, 1, 2, 3].map((i) => searchHyperparameters(data, folds, 'gbdt', base, spec, { seed: 1, workers: 1 }, { only: [i] })));
  for (const [i, p] of parts.entries()) {
    assert.equal(p.trials.length, 1);
    assert.deepEqual(p.trials[0]!.foldScores, serial.trials[i]!.foldScores);
  }
  let fitted = 0;
  const merged = await searchHyperparameters(data, folds, 'gbdt', base, spec, { seed: 1, workers: 1 }, {
    precomputed: new Map(parts.map((p) => [p.trials[0]!.index, p.trials[0]!])),
    onTrialStart: () => { fitted++; },
  });
  assert.equal(fitted, 0, 'precomputed trials are not fitted again');
  assert.equal(merged.best.index, serial.best.index);
  assert.deepEqual(merged.best.params, serial.best.params);
  // A trial computed for other params (the config changed between steps) is refused, not used.
  const wrong = new Map([[0, { ...parts[0]!.trials[0]!, params: { ...parts[0]!.trials[0]!.params, learning_rate: 0.5 } }]]);
  await assert.rejects(searchHyperparameters(data, folds, 'gbdt', base, spec, { seed: 1, workers: 1 }, { precomputed: wrong }), /FW_ERR_CORE_CONFLICT|precomputed trial has params/);
  await assert.rejects(searchHyperparameters(data, folds, 'gbdt', base, spec, { seed: 1, workers: 1 }, { only: [9] }), /no trial to run/);
});
