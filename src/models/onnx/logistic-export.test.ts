import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportModelToOnnx } from './export-model.js';
import { verifyOnnx } from './verify.js';
import { inspectOnnx } from './onnx-model.js';
import { fitLogistic } from '../linear/logistic.js';
import { parseLogisticParams } from '../linear/params.js';
import type { Dataset, FeatureSpec, RowMatrix } from '../dataset.js';
import { Rng } from '../../core/random.js';

function data(K: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const n = 300;
  const big = new Float64Array(n), x = new Float64Array(n), c = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    big[i] = 5000 + rng.normal() * 0.01; // large mean, tiny spread: the case that needs explicit standardisation
    x[i] = rng.normal();
    c[i] = rng.int(4);
    const z = x[i]! + (big[i]! - 5000) * 100 + (c[i] === 1 ? 1 : c[i] === 3 ? -1 : 0) + rng.normal() * 0.7;
    y[i] = K === 2 ? (z > 0 ? 1 : 0) : z < -0.7 ? 0 : z < 0.7 ? 1 : 2;
  }
  x[4] = NaN;
  const features: FeatureSpec[] = [
    { name: 'pressure', type: 'numeric' }, { name: 'x', type: 'numeric' },
    { name: 'model', type: 'categorical', categories: ['m1', 'm2', 'm3', 'm4'] },
  ];
  return { features, nRows: n, columns: [big, x, c], y, classes: K === 2 ? ['ok', 'fail'] : ['low', 'mid', 'high'] };
}

for (const K of [2, 3]) {
  test(`logistic (${K} classes, numeric + categorical + missing) exports to ONNX and matches in onnxruntime (1e-5)`, async () => {
    const d = data(K, K);
    const m = await fitLogistic(d, parseLogisticParams({ C: 2 }));
    const rng = new Rng(100 + K);
    const n = 200;
    const rows: RowMatrix = { nRows: n, nFeatures: 3, data: new Float64Array(n * 3) };
    for (let i = 0; i < n; i++) {
      rows.data[i * 3] = rng.next() < 0.1 ? NaN : Math.fround(5000 + rng.normal() * 0.01);
      rows.data[i * 3 + 1] = rng.next() < 0.1 ? NaN : Math.fround(rng.normal());
      const r = rng.next();
      rows.data[i * 3 + 2] = r < 0.1 ? NaN : r < 0.15 ? 7 : r < 0.2 ? 1.5 : rng.int(4); // missing, unseen, non-integer
    }
    const bytes = exportModelToOnnx(m);
    const rep = await verifyOnnx(bytes, rows, m.predictProba(rows));
    assert.ok(rep.ok, `max diff ${rep.maxAbsDiff} at row ${rep.worstRow}`);
    assert.equal(rep.labelMismatches, 0);
    // Much tighter than the contract: catches imputation / centring slips (a missing value must add exactly 0).
    assert.ok(rep.maxAbsDiff < 1e-6, `max diff ${rep.maxAbsDiff}`);
    const info = inspectOnnx(bytes, 'mem');
    assert.equal(info.metadata['forewarn.kind'], 'logistic');
    assert.deepEqual(info.outputs.map((o) => [o.name, o.type]), [['label', 'tensor(int64)'], ['probabilities', 'tensor(float)']]);
  });
}
