import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from './app.js';
import { MemoryModelSource } from './testing/memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, TEST_LABELS, testForest } from './testing/fixtures.js';

const model = testForest(7);
const source = new MemoryModelSource('pump-failure').add('3', model, { signature: TEST_SIGNATURE, metrics: { auc: 0.91 } }).setAlias('production', '3');
const { app } = await buildApp({ source, modelName: 'pump-failure', defaultMetrics: false, maxBatchRecords: 50 });
after(() => app.close());

function encode(rec: typeof GOOD_RECORD): Float64Array {
  return Float64Array.from([rec['Spindle_Bearing_Temperature(?C)'], rec['Packet_Loss_%'], rec['Vibration RMS'], rec.Error_Count, ['lathe', 'mill', 'press'].indexOf(rec.Machine_Type)]);
}

test('POST /predict returns the model probabilities per label, the argmax label and the version', async () => {
  const res = await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  const expected = model.predictOne(encode(GOOD_RECORD));
  assert.deepEqual(body.model, { name: 'pump-failure', version: '3' });
  assert.ok(Math.abs(body.probabilities.ok - expected[0]!) < 1e-12);
  assert.ok(Math.abs(body.probabilities.failure - expected[1]!) < 1e-12);
  const k = expected[1]! > expected[0]! ? 1 : 0;
  assert.equal(body.label_index, k);
  assert.equal(body.predicted_label, TEST_LABELS[k]);
});

test('?explain=true adds top contributions that add up to the predicted probability', async () => {
  const res = await app.inject({ method: 'POST', url: '/predict?explain=true', payload: GOOD_RECORD });
  assert.equal(res.statusCode, 200, res.body);
  const { explanation, probabilities, predicted_label } = res.json();
  assert.equal(explanation.space, 'probability');
  assert.equal(explanation.output, predicted_label);
  assert.equal(explanation.top.length, 5);
  const sum = explanation.top.reduce((a: number, t: { contribution: number }) => a + t.contribution, explanation.expected_value);
  assert.ok(Math.abs(sum - probabilities[predicted_label]) < 1e-9, `${sum} vs ${probabilities[predicted_label]}`);
  const abs = explanation.top.map((t: { contribution: number }) => Math.abs(t.contribution));
  assert.deepEqual(abs, [...abs].sort((a, b) => b - a));
  assert.equal(explanation.top.find((t: { feature: string }) => t.feature === 'Machine_Type').value, 'mill');
});

test('POST /predict/batch predicts every record like /predict', async () => {
  const recs = [GOOD_RECORD, { ...GOOD_RECORD, Machine_Type: 'press', 'Packet_Loss_%': null }, { ...GOOD_RECORD, Error_Count: 900 }];
  const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { records: recs } });
  assert.equal(res.statusCode, 200, res.body);
  const preds = res.json().predictions;
  assert.equal(preds.length, 3);
  const p1 = model.predictOne(Float64Array.from([0.4, NaN, -0.3, 3, 2]));
  assert.ok(Math.abs(preds[1].probabilities.failure - p1[1]!) < 1e-12);
});

test('every field error of a record is listed with field, expected and got', async () => {
  const res = await app.inject({
    method: 'POST', url: '/predict',
    payload: { 'Spindle_Bearing_Temperature(?C)': 'hot', 'Packet_Loss_%': 150, Error_Count: 2.5, Machine_Type: 'drill', Extra: 1 },
  });
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.code, 'FW_ERR_SERVE_BAD_INPUT');
  const fields = body.errors.map((e: { field: string }) => e.field).sort();
  assert.deepEqual(fields, ['Error_Count', 'Extra', 'Machine_Type', 'Packet_Loss_%', 'Spindle_Bearing_Temperature(?C)', 'Vibration RMS'].sort());
  const byField = Object.fromEntries(body.errors.map((e: { field: string }) => [e.field, e]));
  assert.match(byField['Packet_Loss_%'].expected, /\[0, 100\]/);
  assert.equal(byField['Packet_Loss_%'].got, 'number 150');
  assert.match(byField.Machine_Type.expected, /"lathe", "mill", "press"/);
  assert.match(byField['Vibration RMS'].got, /missing/);
  assert.match(byField.Extra.expected, /unknown/);
  assert.match(byField['Spindle_Bearing_Temperature(?C)'].got, /string "hot"/);
});

test('NaN, Infinity (1e999) and numeric strings are refused, null only where nullable', async () => {
  const nan = await app.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, 'Packet_Loss_%': 'NaN' } });
  assert.equal(nan.statusCode, 400);
  assert.equal(nan.json().errors[0].field, 'Packet_Loss_%');
  const huge = await app.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(GOOD_RECORD).replace('"Error_Count":3', '"Error_Count":1e999') });
  assert.equal(huge.statusCode, 400);
  assert.equal(huge.json().errors[0].field, 'Error_Count');
  assert.match(huge.json().errors[0].got, /Infinity/);
  const str = await app.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, Error_Count: '3' } });
  assert.equal(str.statusCode, 400, 'no type coercion');
  const nul = await app.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, 'Spindle_Bearing_Temperature(?C)': null } });
  assert.equal(nul.statusCode, 400);
  assert.match(nul.json().errors[0].expected, /finite number in \[-50, 200\]$/);
});

test('batch errors are reported per record index; too many records is 413', async () => {
  const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { records: [GOOD_RECORD, { ...GOOD_RECORD, Error_Count: -1 }, GOOD_RECORD, { ...GOOD_RECORD, Machine_Type: 3 }] } });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), ['[1].Error_Count', '[3].Machine_Type']);
  const big = await app.inject({ method: 'POST', url: '/predict/batch', payload: { records: new Array(51).fill(GOOD_RECORD) } });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'FW_ERR_SERVE_BODY_TOO_LARGE');
});

test('bad bodies never produce a 500: each gets a 4xx JSON error with a code and a message', async () => {
  const cases: { url: string; payload?: string; ct?: string; want: number }[] = [
    { url: '/predict', payload: '{"a":', ct: 'application/json', want: 400 },
    { url: '/predict', payload: '', ct: 'application/json', want: 400 },
    { url: '/predict', payload: '[1,2,3]', ct: 'application/json', want: 400 },
    { url: '/predict', payload: '"text"', ct: 'application/json', want: 400 },
    { url: '/predict', payload: 'null', ct: 'application/json', want: 400 },
    { url: '/predict', payload: '{"x": {"nested": 1}}', ct: 'application/json', want: 400 },
    { url: '/predict', payload: 'a,b\n1,2', ct: 'text/csv', want: 415 },
    { url: '/predict', payload: '<xml/>', ct: 'application/xml', want: 415 },
    { url: '/predict', payload: JSON.stringify(GOOD_RECORD), ct: 'text/plain', want: 415 },
    { url: '/predict', payload: JSON.stringify(GOOD_RECORD), want: 415 },
    { url: '/predict?explain=maybe', payload: JSON.stringify(GOOD_RECORD), ct: 'application/json', want: 400 },
    { url: '/predict/batch', payload: '{}', ct: 'application/json', want: 400 },
    { url: '/predict/batch', payload: '{"records": {}}', ct: 'application/json', want: 400 },
    { url: '/predict/batch', payload: '{"records": [], "extra": 1}', ct: 'application/json', want: 400 },
    { url: '/predict/batch', payload: '{"records": [null, 1, "x"]}', ct: 'application/json', want: 400 },
    { url: '/predict', payload: '{"__proto__": {"x": 1}}', ct: 'application/json', want: 400 },
    { url: '/nope', payload: '{}', ct: 'application/json', want: 404 },
  ];
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: c.url, payload: c.payload, headers: c.ct ? { 'content-type': c.ct } : {} });
    assert.equal(res.statusCode, c.want, `${c.url} ${c.payload}: ${res.body}`);
    const body = res.json();
    assert.match(body.code, /^FW_ERR_/, res.body);
    assert.ok(typeof body.message === 'string' && body.message.length > 10, res.body);
  }
});

test('a body over the size limit is a 413 with a JSON message', async () => {
  const small = await buildApp({ source, modelName: 'pump-failure', defaultMetrics: false, docs: false, bodyLimitBytes: 200 });
  try {
    const res = await small.app.inject({ method: 'POST', url: '/predict/batch', payload: { records: new Array(10).fill(GOOD_RECORD) } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'FW_ERR_HTTP_BODY_TOO_LARGE');
    assert.match(res.json().message, /200 bytes/);
  } finally {
    await small.app.close();
  }
});

test('GET /model/info describes the served version and its signature', async () => {
  const info = (await app.inject({ url: '/model/info' })).json();
  assert.equal(info.loaded, true);
  assert.equal(info.model.name, 'pump-failure');
  assert.equal(info.model.version, '3');
  assert.equal(info.model.approval, 'approved');
  assert.deepEqual(info.model.metrics, { auc: 0.91 });
  assert.deepEqual(info.model.signature, TEST_SIGNATURE);
  assert.equal(info.last_load_error, null);
  assert.ok(!Number.isNaN(Date.parse(info.model.loaded_at)));
});

test('request metrics count every /predict and /predict/batch reply exactly once (self-timed routes: success, validation, media type, unmatched)', async () => {
  const src = new MemoryModelSource('pump-failure').add('3', model, { signature: TEST_SIGNATURE }).setAlias('production', '3');
  const { app: a } = await buildApp({ source: src, modelName: 'pump-failure', defaultMetrics: false, docs: false });
  try {
    const codes = [
      (await a.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).statusCode,
      (await a.inject({ method: 'POST', url: '/predict?explain=true', payload: GOOD_RECORD })).statusCode,
      (await a.inject({ method: 'POST', url: '/predict', payload: { ...GOOD_RECORD, extra: 1 } })).statusCode,
      (await a.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'text/xml' }, payload: '<r/>' })).statusCode,
      (await a.inject({ method: 'POST', url: '/predict/batch', payload: { records: [GOOD_RECORD, GOOD_RECORD] } })).statusCode,
      (await a.inject({ method: 'POST', url: '/predict/batch', payload: { records: [{}] } })).statusCode,
      (await a.inject({ method: 'GET', url: '/no/such/route' })).statusCode,
      (await a.inject({ method: 'GET', url: '/health' })).statusCode,
    ];
    assert.deepEqual(codes, [200, 200, 400, 415, 200, 400, 404, 200]);
    const text = (await a.inject({ url: '/metrics' })).body;
    const count = (route: string, method: string, status: number): number => Number(new RegExp(`forewarn_http_requests_total\\{route="${route.replace(/\//g, '\\/')}",method="${method}",status="${status}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    assert.equal(count('/predict', 'POST', 200), 2);
    assert.equal(count('/predict', 'POST', 400), 1);
    assert.equal(count('/predict', 'POST', 415), 1);
    assert.equal(count('/predict/batch', 'POST', 200), 1);
    assert.equal(count('/predict/batch', 'POST', 400), 1);
    assert.equal(count('unmatched', 'GET', 404), 1);
    assert.equal(count('/health', 'GET', 200), 1);
    assert.match(text, /forewarn_http_request_duration_seconds_count\{route="\/predict",method="POST",status="200"\} 2/);
    // The self-timed routes measure real time (Fastify's own reply clock never starts on them).
    for (const [route, status] of [['\\/predict', 200], ['\\/predict', 400], ['\\/predict\\/batch', 200]] as const) {
      const sum = Number(new RegExp(`forewarn_http_request_duration_seconds_sum\\{route="${route}",method="POST",status="${status}"\\} (\\S+)`).exec(text)?.[1]);
      assert.ok(sum > 0 && sum < 60, `${route} ${status}: latency sum ${sum}`);
    }
    assert.match(text, /forewarn_predictions_total\{label="(ok|failure)"\} [1-9]/);
  } finally {
    await a.close();
  }
});
