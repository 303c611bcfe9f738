import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceProba } from './test-reference-proba.js';
import { leafIndex } from '../format/tree-arrays.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';
import { randomRow, randomTree } from '../shap/random-tree.js';
import { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import type { Link } from '../ensemble/tree-ensemble.js';
import { buildQuantiser, quantiseBlock, MAX_THRESHOLDS, MISSING_BIN } from './quantised-inputs.js';
import { implicitShape, MAX_IMPLICIT_DEPTH } from './implicit-tree.js';
import { buildBatchPlan, implicitAdd, quantise } from './batch-plan.js';

const P = 6;

/** A tree splitting on `f` at `t` (root) with two leaves: enough to put a threshold into a quantiser. */
function stump(f: number, t: number, missingLeft = 0): TreeArrays {
  return {
    nNodes: 3, nOutputs: 1, feature: Int32Array.from([f, -1, -1]), threshold: Float64Array.from([t, 0, 0]),
    left: Int32Array.from([1, -1, -1]), right: Int32Array.from([2, -1, -1]), missingLeft: Uint8Array.from([missingLeft, 0, 0]),
    catStart: Int32Array.from([-1, -1, -1]), catWords: new Int32Array(3), catBits: new Uint32Array(0),
    value: Float64Array.from([0, -1, 1]), cover: Float64Array.from([2, 1, 1]), gain: new Float64Array(3),
  };
}

function rowsOf(rng: Rng, n: number, missingRate: number, categorical?: ReadonlySet<number>): Float64Array {
  const data = new Float64Array(n * P);
  for (let i = 0; i < n; i++) data.set(randomRow(rng, P, categorical, 5, missingRate), i * P);
  return data;
}

/** Reference raw sums: leafIndex walk, one tree after another (the order the kernels must keep). */
function referenceRaw(trees: TreeArrays[], data: Float64Array, n: number, nv: number, rs: number, ro: number, init: Float64Array): Float64Array {
  const raw = init.slice();
  for (const t of trees) {
    for (let i = 0; i < n; i++) {
      const leaf = leafIndex(t, data, i * P);
      for (let k = 0; k < nv; k++) raw[i * rs + ro + k] += t.value[leaf * nv + k]!;
    }
  }
  return raw;
}

test('quantised bins route exactly like the thresholds (duplicates, ±0, ±Infinity, neighbours, NaN), JS and wasm alike', () => {
  const ts = [-Infinity, -3, -1e-300, -0, 0, 5e-324, 0.1, 0.1 + 2 ** -56, 0.30000000000000004, 0.3, 1, 1, 2.5, 1e300, Infinity];
  const trees = ts.map((t, i) => stump(i % 3, t, i % 2));
  const sorted = [0, 1, 2].map((f) => [...new Set(ts.filter((_, i) => i % 3 === f).map((t) => t + 0))].sort((a, b) => a - b));
  const xs = [NaN, -Infinity, Infinity, -0, 0, 5e-324, -5e-324, 0.1, 0.2, 0.3, 1, 1 - 2 ** -53, 1 + 2 ** -52, 2.5, -3, 7];
  const m = 37; // four full groups and a partial one
  const data = new Float64Array(m * P);
  for (let i = 0; i < m * P; i++) data[i] = xs[(i * 7) % xs.length]!;
  const q = buildQuantiser(trees, P)!;
  const js = new Uint16Array(Math.ceil(m / 8) * 16 * P);
  quantiseBlock(q, data, 0, P, m, js);
  for (let r = 0; r < m; r++) {
    for (let f = 0; f < 3; f++) {
      const x = data[r * P + f]!;
      const o = (r >> 3) * 16 * P + 16 * f + (r & 7);
      const bin = js[o]!;
      assert.equal(js[o + 8], (bin + 1) & 0xffff);
      if (Number.isNaN(x)) { assert.equal(bin, MISSING_BIN); continue; }
      sorted[f]!.forEach((t, j) => assert.equal(bin > j, x > t, `x ${x} vs t_${j} = ${t}`));
    }
  }
  const plan = buildBatchPlan(trees, P, 1, 1, 64);
  assert.ok(plan.walk && plan.quant, 'WebAssembly kernels in use');
  quantise(plan, data, 0, P, m);
  for (let r = 0; r < m; r++) {
    for (let f = 0; f < 3; f++) {
      const o = (r >> 3) * 16 * P + 16 * f + (r & 7);
      assert.equal(plan.q[o], js[o]);
      assert.equal(plan.q[o + 8], js[o + 8]);
    }
  }
});

test('implicit walk adds exactly the reference leaf outputs (JS and wasm; depth-padded trees, NaN, 1–3 outputs, partial groups)', () => {
  const rng = new Rng(21);
  for (const nv of [1, 2, 3]) {
    const trees: TreeArrays[] = [];
    for (let t = 0; t < 24; t++) {
      trees.push(randomTree(rng, { nFeatures: P, maxDepth: 1 + (t % MAX_IMPLICIT_DEPTH), nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba', leafProbability: 0.3 }));
    }
    // unbalanced trees: some leaf sits above the tree's depth, so its walk runs through padding nodes
    assert.ok(trees.some((t) => {
      const sh = implicitShape(t)!;
      return Array.from(t.feature).some((f, i) => f < 0 && sh.dep[i]! < sh.depth);
    }));
    for (const useWasm of [false, true]) {
      const rs = nv + 2, ro = 1; // raw rows wider than the outputs, offset slot: checks the indexing
      const plan = buildBatchPlan(trees, P, rs, nv, 64, useWasm);
      assert.equal(plan.walk !== null, useWasm);
      assert.ok(plan.implicit.every((x) => x !== null));
      for (const [m, miss] of [[1, 0], [7, 0.3], [8, 0], [9, 0.2], [64, 0.15], [37, 1]] as const) {
        const data = rowsOf(rng, m, miss);
        const init = Float64Array.from({ length: 64 * rs }, () => rng.normal());
        const ref = referenceRaw(trees, data, m, nv, rs, ro, init);
        plan.raw.set(init);
        quantise(plan, data, 0, P, m);
        for (let t = 0; t < trees.length; t++) implicitAdd(plan, t, Math.ceil(m / 8), rs, ro);
        assert.deepEqual(plan.raw.subarray(0, m * rs), ref.subarray(0, m * rs), `nv ${nv} wasm ${useWasm} rows ${m} missing ${miss}`);
      }
    }
  }
});

test('trees the implicit layout cannot take fall back: depth > MAX_IMPLICIT_DEPTH, too many thresholds (categorical splits take it)', () => {
  const rng = new Rng(22);
  const cat = new Set([2]);
  const trees = [
    randomTree(rng, { nFeatures: P, maxDepth: 6, nOutputs: 1, leaves: 'raw', categorical: cat }),
    randomTree(rng, { nFeatures: P, maxDepth: MAX_IMPLICIT_DEPTH + 3, nOutputs: 1, leaves: 'raw', leafProbability: 0.05, unused: cat }),
    randomTree(rng, { nFeatures: P, maxDepth: 5, nOutputs: 1, leaves: 'raw', unused: cat }),
  ];
  assert.ok(Array.from(trees[0]!.catStart).some((c) => c >= 0), 'tree 0 has a categorical split');
  assert.equal(implicitShape(trees[1]!), null, 'tree 1 is too deep');
  const plan = buildBatchPlan(trees, P, 1, 1, 64);
  // the categorical tree walks on virtual routing columns (categorical-kernel.test.ts)
  assert.deepEqual(plan.implicit.map((x) => x !== null), [true, false, true]);
  assert.ok(plan.anyOther);
  // a feature with more distinct thresholds than 16-bit bins can hold: no quantiser at all
  const n = MAX_THRESHOLDS + 1;
  const many = { nNodes: n, feature: new Int32Array(n), catStart: new Int32Array(n).fill(-1), threshold: Float64Array.from({ length: n }, (_, i) => i / 7) } as unknown as TreeArrays;
  assert.equal(buildQuantiser([many], P), null);
  assert.ok(buildQuantiser([{ ...many, nNodes: n - 1 }], P));
});

test('batch predictProba is bit-identical to the reference walk with implicit, compiled and reference trees mixed (RF with NaN, GBDT binary and multiclass)', () => {
  const rng = new Rng(23);
  const cat = new Set([2]);
  for (const [link, K] of [['mean', 2], ['mean', 3], ['logistic', 2], ['softmax', 3]] as [Link, number][]) {
    const O = link === 'logistic' ? 1 : K;
    const nv = link === 'mean' ? K : 1;
    const T = 17;
    const trees: TreeArrays[] = [];
    for (let t = 0; t < T; t++) {
      // every fifth tree splits on the categorical feature (virtual columns), every seventh is too deep (compiled walk)
      const deep = t % 7 === 3;
      trees.push(randomTree(rng, {
        nFeatures: P, maxDepth: deep ? MAX_IMPLICIT_DEPTH + 2 : 1 + rng.int(MAX_IMPLICIT_DEPTH), nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba',
        categorical: t % 5 === 0 ? cat : undefined, unused: t % 5 === 0 ? undefined : cat, leafProbability: deep ? 0.02 : 0.2,
      }));
    }
    const treeClass = Int32Array.from({ length: T }, (_, t) => (link === 'softmax' ? t % K : 0));
    const baseScore = Float64Array.from({ length: O }, () => (link === 'mean' ? 0 : rng.normal()));
    const m = new TreeEnsembleModel({
      kind: link === 'mean' ? 'random_forest' : 'gbdt',
      features: Array.from({ length: P }, (_, j) => (j === 2 ? { name: `f${j}`, type: 'categorical' as const, categories: ['a', 'b', 'c', 'd', 'e'] } : { name: `f${j}`, type: 'numeric' as const })),
      classes: Array.from({ length: K }, (_, k) => `c${k}`),
      params: {}, trees, treeClass, baseScore, nOutputs: O, link,
    });
    const n = 600; // 2 full blocks and a partial one; the first 256 rows have no NaN
    const data = new Float64Array(n * P);
    for (let i = 0; i < n; i++) data.set(randomRow(rng, P, cat, 5, i < 256 ? 0 : 0.2), i * P);
    const out = m.predictProba({ nRows: n, nFeatures: P, data });
    const plan = (m as unknown as { plan: ReturnType<typeof buildBatchPlan> }).plan;
    assert.ok(plan.walk, 'WebAssembly walk in use');
    assert.ok(plan.implicit.some((x) => x !== null) && plan.implicit.some((x) => x === null), 'kernels mixed');
    // predictOne walks the compiled single-row layout: the two paths must agree bit for bit
    for (let i = 0; i < n; i++) {
      const one = m.predictOne(data.slice(i * P, (i + 1) * P));
      const ref = referenceProba(m, data, i * P);
      for (let k = 0; k < K; k++) {
        assert.equal(out[i * K + k], ref[k], `${link} K ${K} row ${i} class ${k}`);
        assert.equal(one[k], ref[k]);
      }
    }
  }
});

test('a model whose thresholds overflow 16-bit bins still predicts exactly (compiled kernel for every tree)', () => {
  // 17 full depth-12 trees on one feature, distinct thresholds everywhere: 17 × 4095 > MAX_THRESHOLDS
  const trees: TreeArrays[] = [];
  let next = 0;
  for (let t = 0; t < 17; t++) {
    const nNodes = 2 ** 13 - 1, inner = 2 ** 12 - 1;
    const tr = stump(0, 0);
    const feature = new Int32Array(nNodes).fill(-1), threshold = new Float64Array(nNodes);
    const left = new Int32Array(nNodes).fill(-1), right = new Int32Array(nNodes).fill(-1);
    for (let i = 0; i < inner; i++) { feature[i] = 0; threshold[i] = next++ / 1000; left[i] = 2 * i + 1; right[i] = 2 * i + 2; }
    trees.push({
      ...tr, nNodes, feature, threshold, left, right, missingLeft: new Uint8Array(nNodes), catStart: new Int32Array(nNodes).fill(-1),
      catWords: new Int32Array(nNodes), value: Float64Array.from({ length: nNodes }, (_, i) => i * 1e-3), cover: new Float64Array(nNodes), gain: new Float64Array(nNodes),
    });
  }
  const m = new TreeEnsembleModel({
    kind: 'gbdt', features: Array.from({ length: P }, (_, j) => ({ name: `f${j}`, type: 'numeric' as const })), classes: ['a', 'b'],
    params: {}, trees, treeClass: new Int32Array(17), baseScore: Float64Array.of(0.1), nOutputs: 1, link: 'logistic',
  });
  const n = 50;
  const data = Float64Array.from({ length: n * P }, (_, i) => (i % 11 === 0 ? NaN : ((i * 7919) % 70000) / 1000));
  const out = m.predictProba({ nRows: n, nFeatures: P, data });
  const plan = (m as unknown as { plan: ReturnType<typeof buildBatchPlan> }).plan;
  assert.equal(plan.quantiser, null);
  assert.ok(plan.implicit.every((x) => x === null));
  for (let i = 0; i < n; i++) {
    let raw = 0.1;
    for (const t of trees) raw += t.value[leafIndex(t, data, i * P)]!;
    const p1 = 1 / (1 + Math.exp(-raw));
    assert.equal(out[2 * i + 1], p1);
    assert.equal(out[2 * i], 1 - p1);
    // no single-row wasm walk either: predictOne takes the compiled single-row layout
    assert.deepEqual(Array.from(m.predictOne(data.slice(i * P, (i + 1) * P))), [1 - p1, p1]);
  }
  assert.equal(plan.one, null);
});

test('single-row wasm walk (every tree implicit, trees grouped by depth) equals predictProba and the reference walk bit for bit', () => {
  const rng = new Rng(24);
  for (const [link, K] of [['mean', 2], ['mean', 3], ['logistic', 2], ['softmax', 3]] as [Link, number][]) {
    const O = link === 'logistic' ? 1 : K;
    const nv = link === 'mean' ? K : 1;
    // 12 unbalanced trees of up to 1 … 12 levels, then 17 full depth-3 trees: groups of 8, 8 and 1 (padded with repeats)
    const trees = Array.from({ length: 29 }, (_, t) => randomTree(rng, {
      nFeatures: P, maxDepth: t < 12 ? t + 1 : 3, nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba', leafProbability: t < 12 ? 0.15 : 0,
    }));
    assert.ok(trees.slice(12).every((t) => implicitShape(t)!.depth === 3 && t.nNodes === 15));
    const treeClass = Int32Array.from({ length: trees.length }, (_, t) => (link === 'softmax' ? t % K : 0));
    const baseScore = Float64Array.from({ length: O }, () => (link === 'mean' ? 0 : rng.normal()));
    const m = new TreeEnsembleModel({
      kind: link === 'mean' ? 'random_forest' : 'gbdt',
      features: Array.from({ length: P }, (_, j) => ({ name: `f${j}`, type: 'numeric' as const })),
      classes: Array.from({ length: K }, (_, k) => `c${k}`),
      params: {}, trees, treeClass, baseScore, nOutputs: O, link,
    });
    const n = 300;
    const data = rowsOf(rng, n, 0.2);
    const first = m.predictOne(data.slice(0, P)); // builds the plan through the single-row path
    const plan = (m as unknown as { plan: ReturnType<typeof buildBatchPlan> }).plan;
    assert.ok(plan.one, 'single-row wasm walk in use');
    const batch = m.predictProba({ nRows: n, nFeatures: P, data });
    for (let i = 0; i < n; i++) {
      const one = i === 0 ? first : m.predictOne(data.slice(i * P, (i + 1) * P));
      const ref = referenceProba(m, data, i * P);
      for (let k = 0; k < K; k++) {
        assert.equal(one[k], ref[k], `${link} K ${K} row ${i} class ${k}`);
        assert.equal(batch[i * K + k], ref[k]);
      }
    }
  }
});
