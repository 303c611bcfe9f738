import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeRows } from './probe-rows.js';
import { exportModelToOnnx } from './export-model.js';
import { ensembleProba } from './tree-ensemble.js';
import type { GbdtEnsemble } from './tree-ensemble.js';
import { verifyOnnx } from './verify.js';
import { randomTree } from '../shap/random-tree.js';
import type { Model } from '../learner.js';
import type { FeatureSpec, RowMatrix } from '../dataset.js';
import { Rng } from '../../core/random.js';

/** A minimal gbdt Model over hand-built trees (the learner contract's fields), predicting with the reference walk. */
function fakeGbdt(e: GbdtEnsemble, features: FeatureSpec[]): Model {
  const predictOne = (row: Float64Array, out?: Float64Array): Float64Array => ensembleProba(e, 2, row, out);
  return {
    ...e, kind: 'gbdt', features, classes: ['ok', 'fail'],
    predictOne,
    predictProba(rows: RowMatrix, out = new Float64Array(rows.nRows * 2)) {
      for (let i = 0; i < rows.nRows; i++) predictOne(rows.data.subarray(i * rows.nFeatures, (i + 1) * rows.nFeatures), out.subarray(i * 2, i * 2 + 2));
      return out;
    },
    featureImportance: () => [], contributions: () => { throw new Error('unused'); }, toJSON: () => { throw new Error('unused'); },
  } as Model;
}

test('probe rows sit on both sides of every threshold, include NaN and unseen categories, and are seeded', async () => {
  const rng = new Rng(8);
  const features: FeatureSpec[] = [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }, { name: 'c', type: 'categorical', categories: ['x', 'y', 'z'] }];
  const trees = Array.from({ length: 5 }, () => randomTree(rng, { nFeatures: 3, categorical: new Set([2]), nCategories: 3, maxDepth: 4, nOutputs: 1, leaves: 'raw' }));
  // Thresholds not representable in float32 are where rounding could flip a split.
  for (const t of trees) for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! >= 0 && t.catStart[i]! < 0) t.threshold[i] = t.threshold[i]! + 0.1;
  const e: GbdtEnsemble = { kind: 'gbdt', trees, treeClass: new Int32Array(5), baseScore: Float64Array.of(0.2), nOutputs: 1 };
  const model = fakeGbdt(e, features);
  const rows = probeRows(model, 500, 3);
  assert.deepEqual(probeRows(model, 500, 3).data, rows.data);
  const values = new Set(Array.from({ length: rows.nRows }, (_, i) => rows.data[i * 3]!));
  const t0 = trees.flatMap((t) => [...t.feature].map((f, i) => (f === 0 && t.catStart[i]! < 0 ? t.threshold[i]! : NaN))).filter((v) => !Number.isNaN(v));
  for (const t of t0) {
    assert.ok([...values].some((v) => v <= t && v >= t - 1e-6), `a value at threshold ${t}`);
    assert.ok([...values].some((v) => v > t && v <= t + 1e-5), `a value just above threshold ${t}`);
  }
  let nan = 0, unseen = 0;
  for (let i = 0; i < rows.nRows; i++) {
    if (Number.isNaN(rows.data[i * 3 + 1]!)) nan++;
    if (rows.data[i * 3 + 2]! >= 3) unseen++;
  }
  assert.ok(nan > 0 && unseen > 0);
  for (const v of rows.data) if (!Number.isNaN(v)) assert.equal(Math.fround(v), v);
  const rep = await verifyOnnx(exportModelToOnnx(model), rows, model.predictProba(rows));
  assert.ok(rep.ok, `max diff ${rep.maxAbsDiff}`);
  assert.equal(rep.labelMismatches, 0);
});
