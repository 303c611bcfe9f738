import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { MemoryModelSource } from './test-memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, TEST_FEATURES, testForest } from './test-fixtures.js';
import { createRecorder } from './prediction-recorder.js';
import { openStore } from '../db/open-store.js';
import { SqlPredictionLog } from '../monitoring/sql-prediction-log.js';
import type { PredictionRecord } from '../monitoring/prediction-log.js';

test('every protocol records its predictions (inputs, probabilities, label, decision, latency); close flushes; /metrics counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-plog-'));
  const store = await openStore(`sqlite:${join(dir, 'f.db')}`);
  const log = new SqlPredictionLog(store);
  try {
    const model = testForest(11);
    const source = new MemoryModelSource('pump-failure')
      .add('4', model, { signature: TEST_SIGNATURE, decision: { policy: 'fixed', threshold: 0, noneClass: null, positiveClass: 'failure' } })
      .setAlias('production', '4');
    const recorder = createRecorder(log, { flushIntervalMs: 5000 });
    const { app } = await buildApp({ source, modelName: 'pump-failure', defaultMetrics: false, recorder });
    const names = TEST_FEATURES.map((f) => f.name);
    const row = names.map((n) => (GOOD_RECORD as Record<string, unknown>)[n]);
    const calls = [
      { url: '/predict', payload: GOOD_RECORD, n: 1 },
      { url: '/predict?explain=true', payload: GOOD_RECORD, n: 1 },
      { url: '/predict/batch', payload: { records: [GOOD_RECORD, { ...GOOD_RECORD, 'Packet_Loss_%': null, Machine_Type: 'press' }] }, n: 2 },
      { url: '/invocations', payload: { dataframe_records: [GOOD_RECORD, GOOD_RECORD, GOOD_RECORD] }, n: 3 },
      { url: '/v2/models/pump-failure/infer', payload: { inputs: names.map((name, j) => ({ name, shape: [1], datatype: j === 4 ? 'BYTES' : 'FP64', data: [row[j]] })) }, n: 1 },
    ];
    for (const c of calls) {
      const res = await app.inject({ method: 'POST', url: c.url, payload: c.payload });
      assert.equal(res.statusCode, 200, `${c.url}: ${res.body}`);
    }
    const tagged = await app.inject({ method: 'POST', url: '/predict', headers: { 'x-forewarn-entity': '17', 'x-forewarn-time': '2015-11-02 06:00:00Z' }, payload: GOOD_RECORD });
    assert.equal(tagged.statusCode, 200, tagged.body);
    const badTime = await app.inject({ method: 'POST', url: '/predict', headers: { 'x-forewarn-time': 'yesterday' }, payload: GOOD_RECORD });
    assert.equal(badTime.statusCode, 400);
    assert.match(badTime.json().message, /X-Forewarn-Time: expected an ISO-8601 time/);
    const bad = await app.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, Error_Count: 'x' } });
    assert.equal(bad.statusCode, 400, 'a refused request is not a prediction');
    const rowsBeforeClose = await log.count({ model: 'pump-failure' });
    assert.equal(rowsBeforeClose, 0, 'nothing written on the request path');
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(metrics, /forewarn_prediction_log_pending 9/);
    await app.close();
    const rows: PredictionRecord[] = [];
    for await (const b of log.read({ model: 'pump-failure' })) rows.push(...b);
    assert.equal(rows.length, 9);
    const t = rows.find((r) => r.entity === '17')!;
    assert.equal(t.eventTime, '2015-11-02T06:00:00.000Z');
    assert.ok(rows.every((r) => r.version === '4' && r.latencyMs > 0 && r.decision?.alert === true && r.score! >= 0));
    const first = rows[0]!;
    assert.deepEqual(first.inputs, GOOD_RECORD);
    const p = first.probabilities;
    assert.ok(Math.abs(p.ok! + p.failure! - 1) < 1e-9);
    assert.equal(first.label, p.ok! >= p.failure! ? 'ok' : 'failure');
    const batchRows = rows.filter((r) => /#1$/.test(r.requestId));
    assert.ok(batchRows.some((r) => r.inputs['Packet_Loss_%'] === null && r.inputs.Machine_Type === 'press'), 'missing stays null, categories by name');
    assert.equal(new Set(rows.map((r) => r.requestId)).size, 9);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
