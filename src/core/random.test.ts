import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './random.js';

test('same seed, same stream; different seed, different stream', () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const sa = Array.from({ length: 5 }, () => a.nextU32());
  const sb = Array.from({ length: 5 }, () => b.nextU32());
  const sc = Array.from({ length: 5 }, () => c.nextU32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('uniforms are in [0,1) with a mean near 0.5 and normals near N(0,1)', () => {
  const r = new Rng(1);
  let s = 0, sn = 0, sn2 = 0;
  const n = 100000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    s += u;
    const z = r.normal();
    sn += z; sn2 += z * z;
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.01);
  assert.ok(Math.abs(sn / n) < 0.02);
  assert.ok(Math.abs(sn2 / n - 1) < 0.03);
});
