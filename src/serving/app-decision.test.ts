import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from './app.js';
import { MemoryModelSource } from './testing/memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from './testing/fixtures.js';

const model = testForest(7);
// A threshold just under this record's failure probability: the evaluated rule alerts even when argmax says "ok".
const encode = (r: typeof GOOD_RECORD) => Float64Array.from([r['Spindle_Bearing_Temperature(?C)'], r['Packet_Loss_%'], r['Vibration RMS'], r.Error_Count, ['lathe', 'mill', 'press'].indexOf(r.Machine_Type)]);
const p1 = model.predictOne(encode(GOOD_RECORD))[1]!;
const source = new MemoryModelSource('pump')
  .add('1', model, { signature: TEST_SIGNATURE, decision: { policy: 'min_cost', threshold: p1 - 1e-9, noneClass: null, positiveClass: 'failure' } })
  .add('2', model, { signature: TEST_SIGNATURE })
  .setAlias('production', '1')
  .setAlias('plain', '2');
const { app } = await buildApp({ source, modelName: 'pump', defaultMetrics: false });
const plain = await buildApp({ source, modelName: 'pump', alias: 'plain', defaultMetrics: false });
after(async () => { await app.close(); await plain.app.close(); });

test('a version with an evaluated decision rule returns alert and decision_label on /predict and /predict/batch', async () => {
  const one = (await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).json();
  assert.equal(one.alert, true);
  assert.equal(one.decision_label, 'failure');
  const explained = (await app.inject({ method: 'POST', url: '/predict?explain=true', payload: GOOD_RECORD })).json();
  assert.equal(explained.alert, true);
  const batch = (await app.inject({ method: 'POST', url: '/predict/batch', payload: { records: [GOOD_RECORD, GOOD_RECORD] } })).json();
  assert.deepEqual(batch.predictions.map((p: { alert: boolean; decision_label: string }) => [p.alert, p.decision_label]), [[true, 'failure'], [true, 'failure']]);
});

test('a version without a rule answers with the argmax label only', async () => {
  const one = (await plain.app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).json();
  assert.equal(one.alert, undefined);
  assert.equal(one.decision_label, undefined);
  assert.ok(typeof one.predicted_label === 'string');
});
