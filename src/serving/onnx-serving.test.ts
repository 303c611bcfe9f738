import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileModelSource } from '../inference/model-source.js';
import { buildApp } from './app.js';
import { GOOD_RECORD, TEST_FEATURES, TEST_LABELS, testForest } from './test-fixtures.js';

// The ONNX exporter and runtime wrapper belong to src/models/onnx/; imported by path so this suite skips (loudly)
// in a build that does not have them yet.
async function onnxExporter(): Promise<((e: unknown, o: unknown) => Uint8Array) | undefined> {
  try {
    const spec = '../models/onnx/tree-ensemble-export.js';
    return ((await import(spec)) as { exportTreeEnsemble: (e: unknown, o: unknown) => Uint8Array }).exportTreeEnsemble;
  } catch {
    return undefined;
  }
}
const exportTreeEnsemble = await onnxExporter();
const skip = exportTreeEnsemble ? false : 'SKIPPED LOUDLY: src/models/onnx (ONNX exporter/runtime) is not in this build';
if (skip) console.error(`\n*** onnx-serving.test: ${skip} ***\n`);

test('an ONNX random forest is served through every protocol, matching the JSON model to float32 precision', { skip }, async () => {
  const forest = testForest(5);
  const bytes = exportTreeEnsemble!({ kind: 'random_forest', trees: forest.trees }, { features: TEST_FEATURES, classes: TEST_LABELS });
  const dir = mkdtempSync(join(tmpdir(), 'fw-onnx-'));
  try {
    const path = join(dir, 'pump.onnx');
    writeFileSync(path, bytes);
    const { app, slot } = await buildApp({ source: new FileModelSource({ path }), defaultMetrics: false, docs: false });
    try {
      assert.equal(slot.current?.format, 'onnx', JSON.stringify(slot.lastError));
      const want = forest.predictOne(Float64Array.from([0.4, 0.2, -0.3, 3, 1]));
      const res = await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(Math.abs(res.json().probabilities.failure - want[1]!) < 1e-5);
      const bad = await app.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, Machine_Type: 'drill' } });
      assert.equal(bad.statusCode, 400);
      const ml = await app.inject({ method: 'POST', url: '/invocations', payload: { dataframe_records: [GOOD_RECORD, GOOD_RECORD] } });
      assert.equal(ml.json().predictions.length, 2);
      const v2 = await app.inject({ method: 'POST', url: '/v2/models/pump/infer', payload: { inputs: [{ name: 'x', shape: [1, 5], datatype: 'FP32', data: [0.4, 0.2, -0.3, 3, 1] }] } });
      assert.equal(v2.statusCode, 200, v2.body);
      const ex = await app.inject({ method: 'POST', url: '/predict?explain=true', payload: GOOD_RECORD });
      assert.equal(ex.statusCode, 400);
      assert.match(ex.json().message, /cannot compute feature contributions/);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
