import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBins, quantileCuts } from './binning.js';
import { numericDataset } from '../test-fixtures.js';

test('few distinct values: one bin each, cuts at midpoints', () => {
  const cuts = quantileCuts(Float64Array.from([3, 1, 2, 2, 1, 3]), 6, 255);
  assert.deepEqual(Array.from(cuts), [1.5, 2.5]);
});

test('many distinct values: at most max_bin bins, x <= edges[b] iff bin(x) <= b', () => {
  const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000 / 10);
  const d = numericDataset([xs], xs.map(() => 0));
  const b = computeBins(d, 16);
  assert.ok(b.nBins[0]! <= 16 && b.nBins[0]! >= 12, `nBins ${b.nBins[0]}`);
  const e = b.edges[0]!;
  for (let i = 0; i < xs.length; i++) {
    const bin = b.bins[i]!;
    for (let k = 0; k < e.length; k++) assert.equal(xs[i]! <= e[k]!, bin <= k);
  }
});

test('NaN goes to the missing bin; categorical values bin by index, unknown index is missing', () => {
  const d = numericDataset([[1, NaN, 2]], [0, 1, 0]);
  const b = computeBins(d);
  assert.equal(b.bins[1], b.nBins[0]);
  const c = { features: [{ name: 'c', type: 'categorical' as const, categories: ['a', 'b', 'c'] }], nRows: 4, columns: [Float64Array.from([2, 0, 7, NaN])], y: Int32Array.from([0, 1, 0, 1]), classes: ['n', 'p'] };
  const bc = computeBins(c);
  assert.deepEqual(Array.from(bc.bins), [2, 0, 3, 3]);
  assert.equal(bc.nBins[0], 3);
});

test('too many categories is refused naming the feature', () => {
  const cats = Array.from({ length: 300 }, (_, i) => `c${i}`);
  const d = { features: [{ name: 'machine', type: 'categorical' as const, categories: cats }], nRows: 1, columns: [Float64Array.from([0])], y: Int32Array.from([0]), classes: ['n', 'p'] };
  assert.throws(() => computeBins(d), (e: Error & { code?: string }) => e.code === 'FW_ERR_MODEL_BAD_DATA' && /machine/.test(e.message));
});
