import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakWarning, singleFeatureLeaks } from './leak-check.js';
import { Rng } from '../../core/random.js';
import type { Dataset } from '../../models/dataset.js';

/** 3 classes; `copy` = label code, `ttf` = a continuous column the label was thresholded from, `id` unique, `sig` a real but noisy signal. */
function table(n: number, seed: number, idOffset: number): Dataset {
  const rng = new Rng(seed);
  const y = Int32Array.from({ length: n }, () => rng.int(3));
  const ttf = Float64Array.from(y, (k) => (k === 0 ? 100 + rng.next() * 50 : k === 1 ? 40 + rng.next() * 50 : rng.next() * 30));
  return {
    features: [{ name: 'sig', type: 'numeric' }, { name: 'id', type: 'numeric' }, { name: 'ttf', type: 'numeric' }, { name: 'copy', type: 'categorical', categories: ['a', 'b', 'c'] }],
    nRows: n,
    columns: [Float64Array.from(y, (k) => k + rng.normal() * 0.8), Float64Array.from(y, (_, i) => i + idOffset), ttf, Float64Array.from(y)],
    y,
    classes: ['ok', 'warn', 'fail'],
  };
}

test('a label copy and a column the label was computed from are flagged; a real signal and a unique id are not', () => {
  const train = table(2000, 1, 0), test = table(500, 2, 10_000);
  const leaks = singleFeatureLeaks(train, test, test.y);
  assert.deepEqual(leaks.map((l) => l.feature).sort(), ['copy', 'ttf']);
  assert.ok(leaks.every((l) => l.balancedAccuracy >= 0.99));
  const w = leakWarning(leaks)!;
  assert.match(w, /^WARNING: possible label leak: 2 features "(copy|ttf)"/);
  // the row-matrix form of the test features gives the same answer
  const P = test.features.length;
  const data = new Float64Array(test.nRows * P);
  for (let i = 0; i < test.nRows; i++) for (let j = 0; j < P; j++) data[i * P + j] = test.columns[j]![i]!;
  assert.deepEqual(singleFeatureLeaks(train, { nRows: test.nRows, nFeatures: P, data }, test.y), leaks);
});

test('no leak → no warning; tiny or single-class test sets are not judged', () => {
  const train = table(500, 3, 0), test = table(200, 4, 1000);
  const clean: Dataset = { ...train, features: train.features.slice(0, 2), columns: train.columns.slice(0, 2) };
  assert.deepEqual(singleFeatureLeaks(clean, { nRows: test.nRows, columns: test.columns.slice(0, 2) }, test.y), []);
  assert.equal(leakWarning([]), null);
  // 100 test rows scored perfectly are still too few to call (the Iris case: one petal feature, 30 rows)
  assert.deepEqual(singleFeatureLeaks(train, { nRows: 100, columns: test.columns.map((c) => c.slice(0, 100)) }, test.y.slice(0, 100)), []);
  assert.deepEqual(singleFeatureLeaks(train, test, new Int32Array(test.nRows)), []);
});
