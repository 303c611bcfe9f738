import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportTreeEnsemble } from './tree-ensemble-export.js';
import { ensembleProba } from './tree-ensemble.js';
import type { TreeEnsemble } from './tree-ensemble.js';
import { verifyOnnx } from './verify.js';
import { loadOnnxClassifier, inspectOnnx } from './onnx-model.js';
import { randomTree, randomRow } from '../shap/random-tree.js';
import type { FeatureSpec, RowMatrix } from '../dataset.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { Rng } from '../../core/random.js';
import { isFwError } from '../../core/errors.js';

const P = 6;
const CAT = new Set([2, 5]);
const features: FeatureSpec[] = Array.from({ length: P }, (_, j) =>
  CAT.has(j) ? { name: `c${j}`, type: 'categorical', categories: ['a', 'b', 'c', 'd', 'e'] } : { name: `x${j} (°C)`, type: 'numeric' });

function rowsFor(rng: Rng, n: number): RowMatrix {
  const data = new Float64Array(n * P);
  for (let i = 0; i < n; i++) data.set(randomRow(rng, P, CAT), i * P);
  return { nRows: n, nFeatures: P, data };
}

function reference(e: TreeEnsemble, K: number, rows: RowMatrix): Float64Array {
  const out = new Float64Array(rows.nRows * K);
  for (let i = 0; i < rows.nRows; i++) out.set(ensembleProba(e, K, rows.data.subarray(i * P, i * P + P)), i * K);
  return out;
}

function gbdt(rng: Rng, K: number, T: number): TreeEnsemble {
  const nOut = K === 2 ? 1 : K;
  const trees = Array.from({ length: T }, () => randomTree(rng, { nFeatures: P, categorical: CAT, maxDepth: 5, nOutputs: 1, leaves: 'raw' }));
  for (const t of trees) for (let i = 0; i < t.value.length; i++) t.value[i]! *= 0.3;
  return { kind: 'gbdt', trees, treeClass: Int32Array.from({ length: T }, (_, t) => t % nOut), baseScore: Float64Array.from({ length: nOut }, (_, k) => 0.1 * k - 0.4), nOutputs: nOut };
}

function forest(rng: Rng, K: number, T: number): TreeEnsemble {
  return { kind: 'random_forest', trees: Array.from({ length: T }, () => randomTree(rng, { nFeatures: P, categorical: CAT, maxDepth: 6, nOutputs: K, leaves: 'proba' })) };
}

for (const [name, make, K] of [
  ['binary gbdt', gbdt, 2], ['3-class gbdt', gbdt, 3], ['binary random forest', forest, 2], ['4-class random forest', forest, 4],
] as const) {
  test(`ONNX export of a ${name} reproduces our probabilities in onnxruntime (1e-5)`, async () => {
    const rng = new Rng(K * 7 + name.length);
    const e = make(rng, K, 30);
    const classes = Array.from({ length: K }, (_, k) => `class ${k}`);
    const bytes = exportTreeEnsemble(e, { features, classes });
    const rows = rowsFor(rng, 400);
    const rep = await verifyOnnx(bytes, rows, reference(e, K, rows));
    assert.ok(rep.ok, `max diff ${rep.maxAbsDiff} at row ${rep.worstRow}`);
    assert.equal(rep.rows, 400);
    assert.ok(rep.maxAbsDiff <= 1e-5);
    // The file describes itself: features (with types) and classes come back from metadata_props.
    const clf = await loadOnnxClassifier(bytes, 'mem');
    assert.deepEqual(clf.features, features);
    assert.deepEqual(clf.classes, classes);
    assert.equal(clf.inputName, 'input');
    assert.equal(clf.probabilityOutput, 'probabilities');
    await clf.close();
    const info = inspectOnnx(bytes, 'mem');
    assert.deepEqual(info.opsets.map((o) => o.domain).sort(), ['', 'ai.onnx.ml']);
    assert.equal(info.outputs.map((o) => o.name).join(), 'label,probabilities');
  });
}

test('thresholds not representable in float32 keep x <= t exact for float32 inputs', async () => {
  // One stump on x0 <= 0.1: fround(0.1) > 0.1, so the float32 value nearest 0.1 must go RIGHT.
  const stump: TreeArrays = {
    nNodes: 3, nOutputs: 1, feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0.1, 0, 0), left: Int32Array.of(1, -1, -1),
    right: Int32Array.of(2, -1, -1), missingLeft: Uint8Array.of(0, 0, 0), catStart: Int32Array.of(-1, -1, -1), catWords: new Int32Array(3),
    catBits: new Uint32Array(0), value: Float64Array.of(0, -3, 3), cover: Float64Array.of(2, 1, 1), gain: new Float64Array(3),
  };
  const e: TreeEnsemble = { kind: 'gbdt', trees: [stump], treeClass: Int32Array.of(0), baseScore: Float64Array.of(0), nOutputs: 1 };
  const f: FeatureSpec[] = [{ name: 'x', type: 'numeric' }];
  const below = 0.09999999403953552; // the float32 just below 0.1
  const rows: RowMatrix = { nRows: 4, nFeatures: 1, data: Float64Array.of(Math.fround(0.1), below, NaN, -1e30) };
  const expected = new Float64Array(8);
  for (let i = 0; i < 4; i++) expected.set(ensembleProba(e, 2, rows.data.subarray(i, i + 1)), i * 2);
  assert.ok(expected[1]! > 0.9 && expected[3]! < 0.1); // fround(0.1) > 0.1 goes right (p1 high); below goes left
  const rep = await verifyOnnx(exportTreeEnsemble(e, { features: f, classes: ['ok', 'fail'] }), rows, expected);
  assert.ok(rep.ok, `max diff ${rep.maxAbsDiff} at row ${rep.worstRow}`);
  assert.equal(rep.labelMismatches, 0);
});

test('inconsistent ensembles are refused with an FwError naming the part', () => {
  const rng = new Rng(1);
  const e = gbdt(rng, 3, 4);
  assert.throws(() => exportTreeEnsemble(e, { features, classes: ['a', 'b'] }), (err) => isFwError(err) && /nOutputs 3/.test(err.message));
  assert.throws(() => exportTreeEnsemble({ ...e, trees: [] } as TreeEnsemble, { features, classes: ['a', 'b', 'c'] }), /no trees/);
  assert.throws(() => exportTreeEnsemble(e, { features: features.slice(0, 1), classes: ['a', 'b', 'c'] }), /outside 0..0/);
});
