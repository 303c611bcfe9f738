import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceProba } from './test-reference-proba.js';
import { goesLeft, leafIndex } from '../format/tree-arrays.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';
import { randomRow, randomTree } from '../shap/random-tree.js';
import { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import type { Link } from '../ensemble/tree-ensemble.js';
import { buildQuantiser, quantiseVirtual, virtualCap, virtualKey } from './quantised-inputs.js';
import { buildBatchPlan, implicitAdd, quantise, type BatchPlan } from './batch-plan.js';

const P = 6;
const CAT = new Set([2, 4]);

/**
 * Category values leafIndex treats unusually: x | 0 truncates (−0.5 and 0.9 → 0, 2.7 → 2), wraps modulo 2^32
 * (2^32 + 1 → 1, 1e10 → 1410065408, 2^31 → negative), maps ±Infinity to 0; negative, unseen inside the bitset's
 * words (5, 33), beyond them (40 with one word, 64 with two) and NaN.
 */
const ODD = [NaN, -1, -0.5, -0, 0, 0.9, 1, 2.7, 3, 4, 5, 31, 32, 33, 39, 40, 63, 64, 1e10, 2 ** 32 + 1, -(2 ** 32) + 3, 2 ** 31, Infinity, -Infinity, -(2 ** 31)];

function oddRows(rng: Rng, n: number): Float64Array {
  const data = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    const row = randomRow(rng, P, CAT, 5, 0.1);
    for (const f of CAT) if (rng.next() < 0.6) row[f] = ODD[rng.int(ODD.length)]!;
    data.set(row, i * P);
  }
  return data;
}

/** Trees mixing numeric and categorical splits; categorical bitsets of 1 word (5 categories) or 2 words (40, every tenth tree). */
function mixedTrees(rng: Rng, T: number, nv: number, maxDepth = 8): TreeArrays[] {
  return Array.from({ length: T }, (_, t) => randomTree(rng, {
    nFeatures: P, maxDepth: 1 + (t % maxDepth), nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba', leafProbability: 0.2,
    categorical: CAT, nCategories: t % 10 === 1 ? 40 : 5, // 40-category bitsets are almost all distinct: few, shallow
  }));
}

function model(trees: TreeArrays[], link: Link, K: number, rng: Rng): TreeEnsembleModel {
  const O = link === 'logistic' ? 1 : K;
  return new TreeEnsembleModel({
    kind: link === 'mean' ? 'random_forest' : 'gbdt',
    features: Array.from({ length: P }, (_, j) => (CAT.has(j) ? { name: `f${j}`, type: 'categorical' as const, categories: Array.from({ length: 40 }, (_, c) => `c${c}`) } : { name: `f${j}`, type: 'numeric' as const })),
    classes: Array.from({ length: K }, (_, k) => `k${k}`),
    params: {}, trees, treeClass: Int32Array.from({ length: trees.length }, (_, t) => (link === 'softmax' ? t % K : 0)),
    baseScore: Float64Array.from({ length: O }, () => (link === 'mean' ? 0 : rng.normal())), nOutputs: O, link,
  });
}

/** Probabilities from the reference walk, summed in tree order. */
const reference = (m: TreeEnsembleModel, data: Float64Array, i: number): number[] => referenceProba(m, data, i * P);

const planOf = (m: TreeEnsembleModel): BatchPlan => (m as unknown as { plan: BatchPlan }).plan;

test('virtual columns hold each categorical split\'s routing bit exactly as goesLeft (truncation, wrap-around, ±Infinity, NaN, out of range)', () => {
  const rng = new Rng(31);
  const trees = mixedTrees(rng, 30, 1);
  const q = buildQuantiser(trees, P)!;
  assert.ok(q.virt.length > 10, `${q.virt.length} distinct categorical routings`);
  assert.equal(q.G, 16 * P + 8 * q.virt.length);
  const n = ODD.length;
  const data = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (const f of CAT) data[i * P + f] = ODD[(i + f) % n]!;
  const G = q.G;
  const out = new Uint16Array(Math.ceil(n / 8) * G);
  quantiseVirtual(q, data, 0, P, n, out);
  let checked = 0;
  for (const t of trees) {
    for (let i = 0; i < t.nNodes; i++) {
      if (t.feature[i]! < 0 || t.catStart[i]! < 0) continue;
      const v = q.virtIndex.get(virtualKey(t, i))!;
      for (let r = 0; r < n; r++) {
        const bit = out[(r >> 3) * G + 16 * P + 8 * v + (r & 7)]!;
        assert.equal(bit, goesLeft(t, i, data, r * P) ? 0 : 1, `value ${data[r * P + t.feature[i]!]} node ${i}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 500);
});

test('categorical trees take the implicit layout and predict bit-identically to the reference walk (RF, GBDT binary and multiclass; batch and single row)', () => {
  const rng = new Rng(32);
  for (const [link, K] of [['mean', 3], ['logistic', 2], ['softmax', 5]] as [Link, number][]) {
    const nv = link === 'mean' ? K : 1;
    const trees = mixedTrees(rng, 40, nv, 10);
    assert.ok(trees.filter((t) => Array.from(t.catStart).some((c) => c >= 0)).length > 20, 'most trees split on a category');
    assert.ok(trees.some((t) => Array.from(t.catStart).some((c, i) => c < 0 && t.feature[i]! >= 0 && Array.from(t.catStart).some((d) => d >= 0))), 'mixed numeric/categorical trees');
    const m = model(trees, link, K, rng);
    const n = 600; // 2 full blocks and a partial one
    const data = oddRows(rng, n);
    const first = m.predictOne(data.slice(0, P));
    const plan = planOf(m);
    assert.ok(plan.implicit.every((x) => x !== null), 'every tree implicit');
    assert.ok(plan.quantiser!.virt.length > 0);
    assert.ok(plan.one && plan.walk, 'wasm batch and single-row walks in use');
    const batch = m.predictProba({ nRows: n, nFeatures: P, data });
    for (let i = 0; i < n; i++) {
      const ref = reference(m, data, i);
      const one = i === 0 ? first : m.predictOne(data.slice(i * P, (i + 1) * P));
      for (let k = 0; k < K; k++) {
        assert.equal(batch[i * K + k], ref[k], `${link} row ${i} class ${k}`);
        assert.equal(one[k], ref[k], `${link} single row ${i} class ${k}`);
      }
    }
  }
});

test('the JS walk over virtual columns (no WebAssembly) adds exactly the reference leaf outputs', () => {
  const rng = new Rng(33);
  for (const nv of [1, 3]) {
    const trees = mixedTrees(rng, 25, nv, 10);
    const plan = buildBatchPlan(trees, P, nv, nv, 64, false);
    assert.equal(plan.walk, null);
    assert.ok(plan.implicit.every((x) => x !== null));
    for (const m of [1, 9, 64, 37]) {
      const data = oddRows(rng, m);
      plan.raw.fill(0);
      quantise(plan, data, 0, P, m);
      for (let t = 0; t < trees.length; t++) implicitAdd(plan, t, Math.ceil(m / 8), nv, 0);
      const ref = new Float64Array(m * nv);
      for (const t of trees) for (let i = 0; i < m; i++) { const l = leafIndex(t, data, i * P); for (let k = 0; k < nv; k++) ref[i * nv + k] += t.value[l * nv + k]!; }
      assert.deepEqual(plan.raw.subarray(0, m * nv), ref, `nv ${nv} rows ${m}`);
    }
  }
});

test('more distinct categorical routings than the operand encoding holds: later categorical trees fall back, numeric trees stay implicit, results unchanged', () => {
  const rng = new Rng(34);
  const cap = virtualCap(P);
  // depth-2 trees of 3 splits on a 40-category feature with random bitsets: (almost) every split distinct
  const nCat = Math.ceil(cap / 3) + 40;
  const cat = Array.from({ length: nCat }, () => randomTree(rng, { nFeatures: P, maxDepth: 2, nOutputs: 1, leaves: 'raw', leafProbability: 0, categorical: new Set([2]), nCategories: 40, unused: new Set([0, 1, 3, 4, 5]) }));
  const numeric = Array.from({ length: 10 }, () => randomTree(rng, { nFeatures: P, maxDepth: 4, nOutputs: 1, leaves: 'raw', unused: CAT }));
  const trees = [...numeric.slice(0, 5), ...cat, ...numeric.slice(5)];
  assert.ok(new Set(cat.flatMap((t) => Array.from(t.feature, (f, i) => (f >= 0 ? virtualKey(t, i) : '')).filter(Boolean))).size > cap);
  assert.equal(buildQuantiser(cat, P), null);
  const m = model(trees, 'logistic', 2, rng);
  const n = 100;
  const data = oddRows(rng, n);
  const batch = m.predictProba({ nRows: n, nFeatures: P, data });
  const plan = planOf(m);
  const imp = plan.implicit.map((x) => x !== null);
  const admitted = imp.slice(5, 5 + nCat);
  const k = admitted.indexOf(false);
  assert.ok(k > nCat / 2, `${k} categorical trees admitted`);
  assert.ok(admitted.slice(k).filter((x) => !x).length >= 10, 'the rest fall back');
  assert.ok(imp.slice(0, 5).every(Boolean) && imp.slice(5 + nCat).every(Boolean), 'numeric trees implicit');
  assert.ok(plan.quantiser!.virt.length <= cap && plan.quantiser!.virt.length > cap - 3);
  assert.equal(plan.one, null);
  for (let i = 0; i < n; i++) {
    const ref = reference(m, data, i);
    const one = m.predictOne(data.slice(i * P, (i + 1) * P));
    for (let k = 0; k < 2; k++) {
      assert.equal(batch[i * 2 + k], ref[k]);
      assert.equal(one[k], ref[k]);
    }
  }
});
