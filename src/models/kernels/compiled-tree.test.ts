import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTree, compiledLeaf } from './compiled-tree.js';
import { leafIndex } from '../format/tree-arrays.js';
import { getLearner } from '../learner-registry.js';
import { makeClassification } from '../synthetic.js';
import { toRowMatrix } from '../dataset.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';

test('compiled walk reaches the same leaf as the reference leafIndex (NaN included)', async () => {
  const d = makeClassification({ nRows: 400, nFeatures: 5, seed: 31 });
  for (let i = 0; i < d.nRows; i += 7) d.columns[i % 5]![i] = NaN;
  for (const kind of ['gbdt', 'random_forest']) {
    const L = getLearner(kind);
    const m = (await L.fit(d, L.parseParams({ n_estimators: 5 }), { seed: 3, workers: 1 })) as TreeEnsembleModel;
    const rm = toRowMatrix(d);
    for (const t of m.trees) {
      const c = compileTree(t);
      assert.ok(c, 'numeric trees compile');
      for (let i = 0; i < d.nRows; i++) assert.equal(compiledLeaf(c, rm.data, i * 5), leafIndex(t, rm.data, i * 5));
    }
  }
});

test('trees with categorical splits or non-adjacent children are not compiled', async () => {
  const d = { features: [{ name: 'c', type: 'categorical' as const, categories: ['a', 'b', 'c'] }], nRows: 60, columns: [Float64Array.from({ length: 60 }, (_, i) => i % 3)], y: Int32Array.from({ length: 60 }, (_, i) => (i % 3 === 1 ? 1 : 0)), classes: ['n', 'p'] };
  const L = getLearner('gbdt');
  const m = (await L.fit(d, L.parseParams({ n_estimators: 1, max_depth: 1 }), { seed: 1, workers: 1 })) as TreeEnsembleModel;
  assert.equal(compileTree(m.trees[0]!), null);
  const t = { ...m.trees[0]!, catStart: Int32Array.from([-1, -1, -1]), left: Int32Array.from([2, -1, -1]), right: Int32Array.from([1, -1, -1]) };
  assert.equal(compileTree(t), null);
});

test('batch (4 rows interleaved) and single-row (4 trees interleaved) predictions equal a reference walk', async () => {
  const d = makeClassification({ nRows: 203, nFeatures: 5, nClasses: 3, seed: 32 });
  for (let i = 0; i < d.nRows; i += 5) d.columns[(i * 3) % 5]![i] = NaN;
  for (const kind of ['gbdt', 'random_forest']) {
    const L = getLearner(kind);
    const m = (await L.fit(d, L.parseParams({ n_estimators: 7 }), { seed: 4, workers: 1 })) as TreeEnsembleModel;
    const rm = toRowMatrix(d);
    const batch = m.predictProba(rm);
    for (let i = 0; i < d.nRows; i++) {
      // reference: raw scores from leafIndex, then the link
      const raw = new Float64Array(3);
      if (kind === 'gbdt') raw.set(m.baseScore);
      m.trees.forEach((t, ti) => {
        const leaf = leafIndex(t, rm.data, i * 5);
        if (kind === 'gbdt') raw[m.treeClass[ti]!] += t.value[leaf]!;
        else for (let k = 0; k < 3; k++) raw[k] += t.value[leaf * 3 + k]! / m.trees.length;
      });
      let ref: number[];
      if (kind === 'gbdt') { const mx = Math.max(...raw); const e = Array.from(raw, (r) => Math.exp(r - mx)); const s = e.reduce((a, b) => a + b); ref = e.map((x) => x / s); }
      else { const s = raw.reduce((a, b) => a + b); ref = Array.from(raw, (x) => x / s); }
      const one = m.predictOne(rm.data.slice(i * 5, i * 5 + 5));
      for (let k = 0; k < 3; k++) {
        assert.ok(Math.abs(batch[i * 3 + k]! - ref[k]!) < 1e-12, `${kind} row ${i} class ${k}: ${batch[i * 3 + k]} vs ${ref[k]}`);
        assert.equal(one[k], batch[i * 3 + k]);
      }
    }
  }
});
