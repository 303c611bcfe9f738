import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeShap, treeExpectedValue } from './tree-shap.js';
import { randomTree, randomRow } from './random-tree.js';
import { leafIndex, goesLeft } from '../format/tree-arrays.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';
import { isFwError } from '../../core/errors.js';

/** E[f(x) | x_S] by cover: features in S follow the row, the others split by cover fraction. */
function condExpect(t: TreeArrays, row: Float64Array, inS: boolean[], i = 0): Float64Array {
  const K = t.nOutputs;
  if (t.feature[i] === -1) return t.value.slice(i * K, i * K + K);
  if (inS[t.feature[i]!]) return condExpect(t, row, inS, goesLeft(t, i, row) ? t.left[i]! : t.right[i]!);
  const l = condExpect(t, row, inS, t.left[i]!);
  const r = condExpect(t, row, inS, t.right[i]!);
  const cl = t.cover[t.left[i]!]!, cr = t.cover[t.right[i]!]!;
  if (cl + cr === 0) return l.map((v, k) => 0.5 * v + 0.5 * r[k]!); // the documented 50/50 rule
  return l.map((v, k) => (cl * v + cr * r[k]!) / (cl + cr));
}

/** Exact Shapley values over all 2^M subsets. */
function bruteShapley(t: TreeArrays, row: Float64Array, M: number): Float64Array {
  const K = t.nOutputs;
  const out = new Float64Array(K * (M + 1));
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1]! * i);
  const v = new Map<number, Float64Array>();
  for (let mask = 0; mask < 1 << M; mask++) {
    v.set(mask, condExpect(t, row, [...Array(M).keys()].map((j) => ((mask >> j) & 1) === 1)));
  }
  for (let j = 0; j < M; j++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if ((mask >> j) & 1) continue;
      let s = 0;
      for (let b = 0; b < M; b++) s += (mask >> b) & 1;
      const w = (fact[s]! * fact[M - s - 1]!) / fact[M]!;
      const a = v.get(mask | (1 << j))!, b0 = v.get(mask)!;
      for (let k = 0; k < K; k++) out[k * (M + 1) + j] += w * (a[k]! - b0[k]!);
    }
  }
  const e = v.get(0)!;
  for (let k = 0; k < K; k++) out[k * (M + 1) + M] = e[k]!;
  return out;
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

test('contributions + bias equal the leaf output (random trees, numeric/categorical/missing)', () => {
  const rng = new Rng(11);
  const cat = new Set([1, 4]);
  for (let trial = 0; trial < 60; trial++) {
    const M = 6;
    const K = trial % 3 === 0 ? 3 : 1;
    const t = randomTree(rng, { nFeatures: M, categorical: cat, maxDepth: 2 + (trial % 7), nOutputs: K, leaves: K > 1 ? 'proba' : 'raw' });
    for (let r = 0; r < 10; r++) {
      const row = randomRow(rng, M, cat);
      const phi = treeShap(t, row, M);
      const leaf = leafIndex(t, row);
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j <= M; j++) s += phi[k * (M + 1) + j]!;
        assert.ok(Math.abs(s - t.value[leaf * K + k]!) <= 1e-9, `trial ${trial} row ${r} output ${k}: ${s} vs ${t.value[leaf * K + k]}`);
      }
    }
  }
});

test('matches brute-force Shapley values over all feature subsets (≤ 6 features)', () => {
  const rng = new Rng(5);
  const cat = new Set([2]);
  for (let trial = 0; trial < 40; trial++) {
    const M = 3 + (trial % 4);
    const K = trial % 4 === 1 ? 2 : 1;
    const t = randomTree(rng, { nFeatures: M, categorical: cat, maxDepth: 3 + (trial % 4), nOutputs: K, leaves: K > 1 ? 'proba' : 'raw' });
    for (let r = 0; r < 5; r++) {
      const row = randomRow(rng, M, cat);
      close(treeShap(t, row, M), bruteShapley(t, row, M), 1e-9, `trial ${trial} row ${r}`);
    }
  }
});

test('zero-cover leaves and subtrees (zero-weight samples) still give exact Shapley values', () => {
  const rng = new Rng(21);
  for (let trial = 0; trial < 30; trial++) {
    const M = 4;
    const t = randomTree(rng, { nFeatures: M, maxDepth: 5, nOutputs: 1, leaves: 'raw', leafProbability: 0.1 });
    for (let i = 0; i < t.nNodes; i++) if (t.feature[i] === -1 && rng.next() < 0.3) t.cover[i] = 0;
    for (let i = t.nNodes - 1; i >= 0; i--) if (t.feature[i] !== -1) t.cover[i] = t.cover[t.left[i]!]! + t.cover[t.right[i]!]!;
    for (let r = 0; r < 5; r++) {
      const row = randomRow(rng, M);
      const phi = treeShap(t, row, M);
      close(phi, bruteShapley(t, row, M), 1e-9, `trial ${trial} row ${r}`);
      const s = phi.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(s - t.value[leafIndex(t, row)]!) < 1e-9);
    }
  }
});

test('a feature the tree never splits on gets exactly 0', () => {
  const rng = new Rng(9);
  for (let trial = 0; trial < 20; trial++) {
    const t = randomTree(rng, { nFeatures: 5, maxDepth: 6, nOutputs: 1, leaves: 'raw', unused: new Set([3]) });
    const phi = treeShap(t, randomRow(rng, 5), 5);
    assert.equal(phi[3], 0);
  }
});

test('bias is the cover-weighted mean of the leaves; a single leaf is all bias', () => {
  const leaf: TreeArrays = {
    nNodes: 1, nOutputs: 1, feature: Int32Array.of(-1), threshold: new Float64Array(1), left: Int32Array.of(-1), right: Int32Array.of(-1),
    missingLeft: new Uint8Array(1), catStart: Int32Array.of(-1), catWords: new Int32Array(1), catBits: new Uint32Array(0),
    value: Float64Array.of(2.5), cover: Float64Array.of(10), gain: new Float64Array(1),
  };
  assert.deepEqual([...treeShap(leaf, Float64Array.of(1, 2), 2)], [0, 0, 2.5]);
  // stump: x0 <= 0 → 1 (cover 3) else 5 (cover 1): expected 2, row x0 = 1 gets 5 - 2 = 3.
  const stump: TreeArrays = {
    nNodes: 3, nOutputs: 1, feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0, 0, 0), left: Int32Array.of(1, -1, -1),
    right: Int32Array.of(2, -1, -1), missingLeft: Uint8Array.of(1, 0, 0), catStart: Int32Array.of(-1, -1, -1), catWords: new Int32Array(3),
    catBits: new Uint32Array(0), value: Float64Array.of(2, 1, 5), cover: Float64Array.of(4, 3, 1), gain: new Float64Array(3),
  };
  assert.deepEqual([...treeExpectedValue(stump)], [2]);
  assert.deepEqual([...treeShap(stump, Float64Array.of(1, 0), 2)], [3, 0, 2]);
  assert.deepEqual([...treeShap(stump, Float64Array.of(NaN, 0), 2)], [-1, 0, 2]); // missing goes left
});

test('a row shorter than nFeatures or a tree splitting beyond nFeatures is refused with an FwError', () => {
  const rng = new Rng(1);
  const t = randomTree(rng, { nFeatures: 4, maxDepth: 4, nOutputs: 1, leaves: 'raw', leafProbability: 0 });
  assert.throws(() => treeShap(t, new Float64Array(2), 4), (e) => isFwError(e) && /row has 2 values/.test(e.message));
  assert.throws(() => treeShap(t, new Float64Array(4), 1), (e) => isFwError(e) && /feature/.test(e.message));
});
