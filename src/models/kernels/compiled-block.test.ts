import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceProba } from './test-reference-proba.js';
import { compileTree, compiledAddBlock } from './compiled-tree.js';
import { leafIndex } from '../format/tree-arrays.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';
import { randomRow, randomTree } from '../shap/random-tree.js';
import { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';
import type { Link } from '../ensemble/tree-ensemble.js';

const P = 6;

function rowsOf(rng: Rng, n: number, missingRate: number, categorical?: ReadonlySet<number>): Float64Array {
  const data = new Float64Array(n * P);
  for (let i = 0; i < n; i++) data.set(randomRow(rng, P, categorical, 5, missingRate), i * P);
  return data;
}

test('compiledAddBlock adds exactly the reference leafIndex outputs (random trees, NaN and NaN-free blocks, 1–3 outputs)', () => {
  const rng = new Rng(11);
  for (const nv of [1, 2, 3]) {
    for (let t = 0; t < 20; t++) {
      const tree = randomTree(rng, { nFeatures: P, maxDepth: 1 + rng.int(9), nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba' });
      const c = compileTree(tree);
      assert.ok(c, 'numeric random trees compile');
      for (const miss of [0, 0.2]) {
        for (const m of [0, 1, 7, 8, 9, 37]) {
          const data = rowsOf(rng, m + 3, miss);
          const off = 3 * P; // block starts inside the matrix
          const rs = nv + 2, ro = 1; // raw rows wider than the outputs, offset slot: checks the indexing
          const raw = Float64Array.from({ length: m * rs }, () => rng.normal());
          const ref = raw.slice();
          for (let i = 0; i < m; i++) {
            const leaf = leafIndex(tree, data, off + i * P);
            for (let k = 0; k < nv; k++) ref[i * rs + ro + k] += tree.value[leaf * nv + k]!;
          }
          let noNaN = true;
          for (let j = off; j < off + m * P; j++) if (Number.isNaN(data[j]!)) noNaN = false;
          compiledAddBlock(c, tree.value, nv, data, off, P, m, raw, rs, ro, noNaN);
          assert.deepEqual(raw, ref, `nv ${nv} tree ${t} rows ${m} missing ${miss}`);
          if (noNaN) {
            // the NaN-aware walk gives the same answer on NaN-free rows
            const raw2 = Float64Array.from({ length: m * rs }, () => 0);
            const ref2 = new Float64Array(m * rs);
            compiledAddBlock(c, tree.value, nv, data, off, P, m, raw2, rs, ro, false);
            for (let i = 0; i < m; i++) for (let k = 0; k < nv; k++) ref2[i * rs + ro + k] += tree.value[leafIndex(tree, data, off + i * P) * nv + k]!;
            assert.deepEqual(raw2, ref2);
          }
        }
      }
    }
  }
});

test('batch predictProba equals a reference leafIndex walk on random forests/boosters (categorical trees fall back, blocks with and without NaN)', () => {
  const rng = new Rng(12);
  const cat = new Set([2]);
  for (const [link, K] of [['mean', 2], ['mean', 3], ['logistic', 2], ['softmax', 3]] as [Link, number][]) {
    const O = link === 'logistic' ? 1 : K;
    const nv = link === 'mean' ? K : 1;
    const trees: TreeArrays[] = [];
    const T = 13;
    // every third tree may split on the categorical feature (not compiled: reference walk inside the batch loop)
    for (let t = 0; t < T; t++) trees.push(randomTree(rng, { nFeatures: P, maxDepth: 2 + rng.int(9), nOutputs: nv, leaves: nv === 1 ? 'raw' : 'proba', categorical: t % 3 === 0 ? cat : undefined, unused: t % 3 === 0 ? undefined : cat }));
    const treeClass = Int32Array.from({ length: T }, (_, t) => (link === 'softmax' ? t % K : 0));
    const baseScore = Float64Array.from({ length: O }, () => (link === 'mean' ? 0 : rng.normal()));
    const m = new TreeEnsembleModel({
      kind: link === 'mean' ? 'random_forest' : 'gbdt',
      features: Array.from({ length: P }, (_, j) => (j === 2 ? { name: `f${j}`, type: 'categorical' as const, categories: ['a', 'b', 'c', 'd', 'e'] } : { name: `f${j}`, type: 'numeric' as const })),
      classes: Array.from({ length: K }, (_, k) => `c${k}`),
      params: {}, trees, treeClass, baseScore, nOutputs: O, link,
    });
    // 700 rows = 2 full blocks + a partial one; the first 300 rows have no NaN (a NaN-free block), the rest do
    const n = 700;
    const data = new Float64Array(n * P);
    for (let i = 0; i < n; i++) data.set(randomRow(rng, P, cat, 5, i < 300 ? 0 : 0.2), i * P);
    const out = m.predictProba({ nRows: n, nFeatures: P, data });
    for (let i = 0; i < n; i++) {
      const ref = referenceProba(m, data, i * P);
      for (let k = 0; k < K; k++) assert.equal(out[i * K + k], ref[k], `${link} K ${K} row ${i} class ${k}`);
    }
  }
});
