import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTree, type CompiledTree } from './compiled-tree.js';
import { buildForestLayout, forestLeaves } from './compiled-tree-single.js';
import { leafIndex } from '../format/tree-arrays.js';
import { getLearner } from '../learner-registry.js';
import { makeClassification } from '../synthetic.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';

/** Random rows (outside the training data too, with NaN) so every branch direction and missing route is taken. */
function randomRows(n: number, p: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = new Float64Array(n * p);
  for (let i = 0; i < out.length; i++) out[i] = rnd() < 0.08 ? NaN : (rnd() - 0.5) * 8;
  return out;
}

test('forest layout walk reaches the same leaves as the reference leafIndex in every tree (NaN included)', async () => {
  const d = makeClassification({ nRows: 300, nFeatures: 6, seed: 41 });
  for (let i = 0; i < d.nRows; i += 6) d.columns[i % 6]![i] = NaN;
  // 13 trees: one group of 8, then 5 walked one by one; gbdt trees have 1 output per node, forest trees 2.
  for (const kind of ['gbdt', 'random_forest']) {
    const L = getLearner(kind);
    const m = (await L.fit(d, L.parseParams({ n_estimators: 13, max_depth: 5 }), { seed: 5, workers: 1 })) as TreeEnsembleModel;
    const compiled = m.trees.map((t) => compileTree(t)!);
    assert.ok(compiled.every((c) => c !== null));
    const stride = m.trees[0]!.nOutputs;
    const F = buildForestLayout(compiled as CompiledTree[], m.trees.map((t) => t.value), stride);
    assert.ok(F);
    const rows = randomRows(200, 6, 7);
    const out = new Int32Array(m.trees.length);
    for (let i = 0; i < 200; i++) {
      forestLeaves(F, rows, i * 6, out);
      m.trees.forEach((t, ti) => {
        const leaf = leafIndex(t, rows, i * 6);
        assert.equal(out[ti]! - F.root[ti]!, leaf, `${kind} row ${i} tree ${ti}`);
        for (let k = 0; k < stride; k++) assert.equal(F.value[out[ti]! * stride + k], t.value[leaf * stride + k]);
      });
    }
    // values that do not match the stride: no layout (predictOne then keeps the per-tree walk)
    assert.equal(buildForestLayout(compiled as CompiledTree[], m.trees.map((t) => t.value), stride + 1), null);
  }
});

test('predictOne (forest layout: groups of 8, then one by one) equals predictProba and a reference walk on random rows', async () => {
  const d = makeClassification({ nRows: 250, nFeatures: 5, nClasses: 3, seed: 42 });
  for (let i = 0; i < d.nRows; i += 5) d.columns[(i * 3) % 5]![i] = NaN;
  // 21 trees per output (63 for 3-class gbdt): groups of 8 plus a remainder walked tree by tree.
  for (const kind of ['gbdt', 'random_forest']) {
    const L = getLearner(kind);
    const m = (await L.fit(d, L.parseParams({ n_estimators: 21 }), { seed: 6, workers: 1 })) as TreeEnsembleModel;
    const n = 150;
    const data = randomRows(n, 5, 9);
    const batch = m.predictProba({ nRows: n, nFeatures: 5, data });
    for (let i = 0; i < n; i++) {
      const row = data.slice(i * 5, i * 5 + 5);
      const raw = new Float64Array(3);
      if (kind === 'gbdt') raw.set(m.baseScore);
      m.trees.forEach((t, ti) => {
        const leaf = leafIndex(t, row, 0);
        if (kind === 'gbdt') raw[m.treeClass[ti]!] += t.value[leaf]!;
        else for (let k = 0; k < 3; k++) raw[k] += t.value[leaf * 3 + k]!;
      });
      let ref: number[];
      if (kind === 'gbdt') { const mx = Math.max(...raw); const e = Array.from(raw, (r) => Math.exp(r - mx)); const s = e.reduce((a, b) => a + b); ref = e.map((x) => x / s); }
      else { const s = raw.reduce((a, b) => a + b); ref = Array.from(raw, (x) => (s > 0 ? x / s : 1 / 3)); }
      const one = m.predictOne(row);
      for (let k = 0; k < 3; k++) {
        assert.ok(Math.abs(one[k]! - ref[k]!) < 1e-12, `${kind} row ${i} class ${k}: ${one[k]} vs ${ref[k]}`);
        assert.equal(one[k], batch[i * 3 + k]);
      }
    }
  }
});
