import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gbdtShap, forestShap } from './ensemble-shap.js';
import { randomTree, randomRow } from './random-tree.js';
import { leafIndex } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';

test('GBDT: contributions + expected = raw score per output (binary and 3-class)', () => {
  const rng = new Rng(3);
  for (const K of [1, 3]) {
    const T = 12;
    const trees = Array.from({ length: T }, () => randomTree(rng, { nFeatures: 5, categorical: new Set([0]), maxDepth: 4, nOutputs: 1, leaves: 'raw' }));
    const treeClass = Int32Array.from({ length: T }, (_, t) => t % K);
    const baseScore = Float64Array.from({ length: K }, (_, k) => 0.3 * k - 0.2);
    for (let r = 0; r < 20; r++) {
      const row = randomRow(rng, 5, new Set([0]));
      const c = gbdtShap({ trees, treeClass, baseScore, nOutputs: K }, row, 5);
      assert.equal(c.space, 'logit');
      assert.equal(c.nOutputs, K);
      for (let k = 0; k < K; k++) {
        let raw = baseScore[k]!;
        trees.forEach((t, i) => { if (treeClass[i] === k) raw += t.value[leafIndex(t, row)]!; });
        let s = c.expected[k]!;
        for (let j = 0; j < 5; j++) s += c.values[k * 5 + j]!;
        assert.ok(Math.abs(s - raw) < 1e-9, `K=${K} k=${k}: ${s} vs ${raw}`);
      }
    }
  }
});

test('random forest: contributions + expected = mean leaf probability per class; expected sums to 1', () => {
  const rng = new Rng(4);
  const K = 3;
  const trees = Array.from({ length: 7 }, () => randomTree(rng, { nFeatures: 4, maxDepth: 5, nOutputs: K, leaves: 'proba' }));
  for (let r = 0; r < 20; r++) {
    const row = randomRow(rng, 4);
    const c = forestShap({ trees }, row, 4);
    assert.equal(c.space, 'probability');
    let e = 0;
    for (let k = 0; k < K; k++) {
      let p = 0;
      for (const t of trees) p += t.value[leafIndex(t, row) * K + k]! / trees.length;
      let s = c.expected[k]!;
      for (let j = 0; j < 4; j++) s += c.values[k * 4 + j]!;
      assert.ok(Math.abs(s - p) < 1e-12, `class ${k}: ${s} vs ${p}`);
      e += c.expected[k]!;
    }
    assert.ok(Math.abs(e - 1) < 1e-12);
  }
});

test('inconsistent ensembles are refused', () => {
  const rng = new Rng(2);
  const t = randomTree(rng, { nFeatures: 2, maxDepth: 2, nOutputs: 1, leaves: 'raw' });
  assert.throws(() => gbdtShap({ trees: [t], treeClass: Int32Array.of(2), baseScore: new Float64Array(1), nOutputs: 1 }, new Float64Array(2), 2), /treeClass\[0\] = 2/);
  assert.throws(() => forestShap({ trees: [] }, new Float64Array(2), 2), /no trees/);
});
