import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../core/random.js';
import { sortFloat64 } from './sort-float.js';

test('radix sort orders like the native sort: negatives, ±0, duplicates, tiny and huge magnitudes', () => {
  const rng = new Rng(3);
  const n = 20_000;
  const a = new Float64Array(n);
  const specials = [0, -0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, 0.5, 0.5];
  for (let i = 0; i < n; i++) a[i] = i % 7 === 0 ? specials[i % specials.length]! : rng.normal() * 10 ** rng.int(6);
  const got = sortFloat64(a);
  const want = a.slice().sort();
  assert.equal(got.length, n);
  for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], want[i]), `index ${i}: ${got[i]} vs ${want[i]}`);
  assert.notEqual(got, a, 'input untouched');
  // Probabilities in [0, 1] share their top bits: skipped passes must still give the right order.
  const p = Float64Array.from({ length: 10_000 }, () => rng.next());
  assert.deepEqual(sortFloat64(p), p.slice().sort());
});
