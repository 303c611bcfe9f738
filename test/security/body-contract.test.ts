import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/testing/memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from '../../src/serving/testing/fixtures.js';
import { randomForestFixture } from '../../src/serving/testing/forest-fixture.js';
import { CHUNK_ROWS } from '../../src/serving/inference.js';

const pump = () => new MemoryModelSource('pump').add('1', testForest(1, 20, 6), { signature: TEST_SIGNATURE }).setAlias('production', '1');

test('a JSON string body on /invocations is not read as CSV; text/csv still is', async () => {
  const { app } = await buildApp({ source: pump(), modelName: 'pump', defaultMetrics: false, docs: false });
  try {
    const csv = `${Object.keys(GOOD_RECORD).join(',')}\n${Object.values(GOOD_RECORD).join(',')}\n`;
    const asJson = await app.inject({ method: 'POST', url: '/invocations', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(csv) });
    assert.equal(asJson.statusCode, 400, asJson.body);
    assert.match(asJson.json().code, /^FW_ERR_/);
    const asCsv = await app.inject({ method: 'POST', url: '/invocations', headers: { 'content-type': 'text/csv' }, payload: csv });
    assert.equal(asCsv.statusCode, 200, asCsv.body);
    assert.equal(asCsv.json().predictions.length, 1);
  } finally {
    await app.close();
  }
});

test('enum errors list the allowed values', async () => {
  const { app } = await buildApp({ source: pump(), modelName: 'pump', defaultMetrics: false, docs: false });
  try {
    const r = await app.inject({ method: 'POST', url: '/invocations?predict_method=guess', payload: { dataframe_records: [GOOD_RECORD] } });
    assert.equal(r.statusCode, 400);
    assert.match(r.json().message, /one of "predict", "predict_proba"/);
  } finally {
    await app.close();
  }
});

test('a feature named __proto__ is served through every protocol, and nothing is polluted', async () => {
  const features = [{ name: '__proto__', type: 'numeric' as const }, { name: 'x', type: 'numeric' as const }];
  const model = randomForestFixture({ features, classes: ['ok', 'failure'], nTrees: 3, depth: 3, seed: 3 });
  const source = new MemoryModelSource('odd').add('1', model).setAlias('production', '1');
  const { app } = await buildApp({ source, modelName: 'odd', defaultMetrics: false, docs: false });
  try {
    const one = await app.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": 0.5, "x": 1}' });
    assert.equal(one.statusCode, 200, one.body);
    const want = one.json().probabilities;
    const batch = await app.inject({ method: 'POST', url: '/predict/batch', headers: { 'content-type': 'application/json' }, payload: '{"records":[{"__proto__": 0.5, "x": 1}]}' });
    assert.equal(batch.statusCode, 200, batch.body);
    assert.deepEqual(batch.json().predictions[0].probabilities, want);
    for (const [ct, payload] of [
      ['text/csv', '__proto__,x\n0.5,1\n'],
      ['application/json', '{"dataframe_split":{"columns":["__proto__","x"],"data":[[0.5,1]]}}'],
      ['application/json', '{"dataframe_records":[{"__proto__":0.5,"x":1}]}'],
      ['application/json', '{"inputs":{"__proto__":[0.5],"x":[1]}}'],
      ['application/json', '{"instances":[[0.5,1]]}'],
    ] as const) {
      const r = await app.inject({ method: 'POST', url: '/invocations?predict_method=predict_proba', headers: { 'content-type': ct }, payload });
      assert.equal(r.statusCode, 200, `${payload}: ${r.body}`);
      assert.deepEqual(r.json().predictions[0], [want.ok, want.failure], payload);
    }
    const v2 = await app.inject({ method: 'POST', url: '/v2/models/odd/infer', payload: { inputs: [{ name: '__proto__', shape: [1], datatype: 'FP64', data: [0.5] }, { name: 'x', shape: [1], datatype: 'FP64', data: [1] }] } });
    assert.equal(v2.statusCode, 200, v2.body);
    assert.deepEqual(v2.json().outputs[0].data, [want.ok, want.failure]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  } finally {
    await app.close();
  }
});

test('large batches are scored in chunks with the same results as one record at a time', async () => {
  const { app } = await buildApp({ source: pump(), modelName: 'pump', defaultMetrics: false, docs: false, maxBatchRecords: 10_000 });
  try {
    const n = CHUNK_ROWS * 2 + 17;
    const records = Array.from({ length: n }, (_, i) => ({ ...GOOD_RECORD, 'Spindle_Bearing_Temperature(?C)': (i % 200) - 50, Error_Count: i % 37, Machine_Type: ['lathe', 'mill', 'press'][i % 3] }));
    // Spaced JSON defeats the byte scanner, so both the scanner path and the generic path are chunked and checked.
    for (const payload of [JSON.stringify({ records }), JSON.stringify({ records }, null, 1)]) {
      const r = await app.inject({ method: 'POST', url: '/predict/batch', headers: { 'content-type': 'application/json' }, payload });
      assert.equal(r.statusCode, 200);
      const preds = r.json().predictions as { probabilities: Record<string, number> }[];
      assert.equal(preds.length, n);
      for (const i of [0, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 2 * CHUNK_ROWS, n - 1]) {
        const one = await app.inject({ method: 'POST', url: '/predict', payload: records[i] });
        assert.deepEqual(preds[i]!.probabilities, one.json().probabilities, `record ${i}`);
      }
    }
  } finally {
    await app.close();
  }
});
