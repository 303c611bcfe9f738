import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, deriveSeed } from './random.js';

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

test('the stream is pinned: seeded outputs (simulated fleets, splits, forests) must not change between versions', () => {
  // values produced by the original uint32-state implementation; the int32-state rewrite must reproduce them
  const r = new Rng(7);
  const got = Array.from({ length: 4 }, () => r.nextU32());
  for (let i = 0; i < 995; i++) r.nextU32();
  got.push(r.nextU32());
  assert.deepEqual(got, [1004282400, 2200021487, 1928073449, 741806228, 3747675409]);
  assert.equal(deriveSeed(42, 3), 2298828521);
  assert.equal(new Rng(0).nextU32(), 3809008728);
});
