import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from './app.js';
import { MemoryModelSource } from './testing/memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, TEST_FEATURES, testForest } from './testing/fixtures.js';

const model = testForest(11);
const source = new MemoryModelSource('pump-failure').add('4', model, { signature: TEST_SIGNATURE }).setAlias('production', '4');
const { app } = await buildApp({ source, modelName: 'pump-failure', defaultMetrics: false });
after(() => app.close());

const names = TEST_FEATURES.map((f) => f.name);
const row = names.map((n) => (GOOD_RECORD as Record<string, unknown>)[n]);
const expectedLabel = (async () => (await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).json())();

test('MLflow /invocations accepts dataframe_split, dataframe_records, instances, inputs and CSV alike', async () => {
  const want = (await expectedLabel).predicted_label;
  const bodies = [
    { dataframe_split: { columns: names, data: [row, row] } },
    { dataframe_records: [GOOD_RECORD, GOOD_RECORD] },
    { instances: [GOOD_RECORD, row] },
    { inputs: [row, GOOD_RECORD] },
    { inputs: Object.fromEntries(names.map((n, j) => [n, [row[j], row[j]]])) },
  ];
  for (const b of bodies) {
    const res = await app.inject({ method: 'POST', url: '/invocations', payload: b });
    assert.equal(res.statusCode, 200, `${Object.keys(b)[0]}: ${res.body}`);
    assert.deepEqual(res.json(), { predictions: [want, want] });
  }
  const csv = `${names.map((n) => (n.includes(' ') ? `"${n}"` : n)).join(',')}\n${row.join(',')}\r\n${row.join(',')}\n`;
  const res = await app.inject({ method: 'POST', url: '/invocations', headers: { 'content-type': 'text/csv' }, payload: csv });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { predictions: [want, want] });
});

test('MLflow predict_proba returns probability lists in label order', async () => {
  const p = (await expectedLabel).probabilities;
  const res = await app.inject({ method: 'POST', url: '/invocations', payload: { dataframe_records: [GOOD_RECORD], params: { predict_method: 'predict_proba' } } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { predictions: [[p.ok, p.failure]], labels: ['ok', 'failure'] });
});

test('MLflow bad inputs: two formats, ragged split, CSV without header / with NaN, wrong content type', async () => {
  const cases: { payload: unknown; ct?: string; want: number; match: RegExp }[] = [
    { payload: { dataframe_records: [GOOD_RECORD], instances: [GOOD_RECORD] }, want: 400, match: /exactly one of/ },
    { payload: {}, want: 400, match: /exactly one of/ },
    { payload: { dataframe_split: { columns: names, data: [[1, 2]] } }, want: 400, match: /dataframe_split\.data\[0\] has 2 values/ },
    { payload: { instances: [[1, 2, 3]] }, want: 400, match: /positional row has 3 values/ },
    { payload: { dataframe_split: { columns: [names[0], names[0]], data: [[1, 2]] } }, want: 400, match: /appears twice/ },
    { payload: `${names.join(',')}\n${row.slice(0, 3).join(',')}\n`, ct: 'text/csv', want: 400, match: /line 2: 3 values/ },
    { payload: `${names.join(',')}\nNaN,${row.slice(1).join(',')}\n`, ct: 'text/csv', want: 400, match: /Spindle_Bearing_Temperature\(\?C\)/ },
    { payload: `${names.join(',')}\n1e999,${row.slice(1).join(',')}\n`, ct: 'text/csv', want: 400, match: /Infinity/ },
    { payload: '', ct: 'text/csv', want: 400, match: /CSV body is empty/ },
    { payload: 'x', ct: 'application/octet-stream', want: 415, match: /application\/octet-stream/ },
  ];
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: '/invocations', payload: typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload), headers: { 'content-type': c.ct ?? 'application/json' } });
    assert.equal(res.statusCode, c.want, res.body);
    assert.match(res.json().message, c.match);
  }
});

test('MLflow /ping and /version', async () => {
  assert.equal((await app.inject({ url: '/ping' })).statusCode, 200);
  assert.deepEqual((await app.inject({ url: '/version' })).json().model, { name: 'pump-failure', version: '4' });
});

test('Open Inference v2: metadata, readiness, and infer with per-feature tensors or one matrix', async () => {
  assert.equal((await app.inject({ url: '/v2' })).json().name, 'forewarn');
  assert.deepEqual((await app.inject({ url: '/v2/health/live' })).json(), { live: true });
  assert.deepEqual((await app.inject({ url: '/v2/health/ready' })).json(), { ready: true });
  const meta = (await app.inject({ url: '/v2/models/pump-failure' })).json();
  assert.deepEqual(meta.versions, ['4']);
  assert.equal(meta.inputs.find((i: { name: string }) => i.name === 'Machine_Type').datatype, 'BYTES');
  assert.equal((await app.inject({ url: '/v2/models/pump-failure/versions/4/ready' })).json().ready, true);
  assert.equal((await app.inject({ url: '/v2/models/other' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/v2/models/pump-failure/versions/3' })).statusCode, 404);

  const exp = await expectedLabel;
  const perFeature = {
    id: 'req-1',
    inputs: TEST_FEATURES.map((f, j) => ({ name: f.name, shape: [2], datatype: f.type === 'categorical' ? 'BYTES' : 'FP64', data: [row[j], row[j]] })),
  };
  const res = await app.inject({ method: 'POST', url: '/v2/models/pump-failure/infer', payload: perFeature });
  assert.equal(res.statusCode, 200, res.body);
  const out = res.json();
  assert.equal(out.id, 'req-1');
  assert.equal(out.model_version, '4');
  const probs = out.outputs.find((o: { name: string }) => o.name === 'probabilities');
  assert.deepEqual(probs.shape, [2, 2]);
  assert.equal(probs.datatype, 'FP64');
  assert.ok(Math.abs(probs.data[1] - exp.probabilities.failure) < 1e-12);
  assert.deepEqual(out.outputs.find((o: { name: string }) => o.name === 'predicted_label').data, [exp.predicted_label, exp.predicted_label]);

  const matrixRow = [...row.slice(0, 4), 1]; // Machine_Type 'mill' = category index 1
  const matrix = { inputs: [{ name: 'input', shape: [1, 5], datatype: 'FP32', data: [matrixRow] }], outputs: [{ name: 'predicted_label' }] };
  const res2 = await app.inject({ method: 'POST', url: '/v2/models/pump-failure/versions/4/infer', payload: matrix });
  assert.equal(res2.statusCode, 200, res2.body);
  assert.deepEqual(res2.json().outputs, [{ name: 'predicted_label', shape: [1], datatype: 'BYTES', data: [exp.predicted_label] }]);
});

test('Open Inference v2 validates datatype, shape and data, and answers with `error`', async () => {
  const t = (over: Record<string, unknown>) => ({ inputs: [{ name: 'input', shape: [1, 5], datatype: 'FP64', data: [0.4, 0.2, -0.3, 3, 1], ...over }] });
  const cases: { payload: unknown; match: RegExp }[] = [
    { payload: t({ shape: [1, 4] }), match: /shape must be \[N, 5\]/ },
    { payload: t({ shape: [2, 5] }), match: /needs 10 values, data has 5/ },
    { payload: t({ datatype: 'INT64' }), match: /must be FP32 or FP64/ },
    { payload: t({ data: [0.4, 0.2, -0.3, 'x', 1] }), match: /data\[3\] is string/ },
    { payload: t({ data: [0.4, 0.2, -0.3, 3, 7] }), match: /Machine_Type/ },
    { payload: { inputs: [] }, match: /inputs/ },
    { payload: { inputs: [{ name: 'Packet_Loss_%', shape: [1], datatype: 'FP64', data: [1] }] }, match: /Spindle_Bearing_Temperature/ },
    { payload: { inputs: [{ name: 'Machine_Type', shape: [1], datatype: 'FANCY', data: ['mill'] }, { name: 'Packet_Loss_%', shape: [1], datatype: 'FP64', data: [1] }] }, match: /not a v2 datatype/ },
    { payload: { ...t({}), outputs: [{ name: 'logits' }] }, match: /unknown output 'logits'/ },
    { payload: `{"inputs": [{"name": "input", "shape": [1, 5], "datatype": "FP64", "data": ${'['.repeat(20000)}${']'.repeat(20000)}}]}`, match: /nested (more than )?\d+ levels deep/ },
  ];
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: '/v2/models/pump-failure/infer', headers: { 'content-type': 'application/json' }, payload: typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload) });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error, c.match);
  }
});

test('GET /openapi.json documents every protocol; /docs serves the UI offline', async () => {
  const doc = (await app.inject({ url: '/openapi.json' })).json();
  assert.equal(doc.openapi, '3.0.3');
  for (const p of ['/predict', '/predict/batch', '/invocations', '/v2/models/{name}/infer', '/model/info', '/model/reload', '/metrics']) assert.ok(doc.paths[p], `missing ${p}`);
  assert.ok(doc.paths['/predict'].post.requestBody);
  const ui = await app.inject({ url: '/docs/' });
  assert.equal(ui.statusCode, 200);
  assert.match(ui.body, /swagger/i);
  const asset = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
  assert.equal(asset.statusCode, 200);
});

test('/metrics exposes request counts and latency by route and status, predictions by label, model info', async () => {
  await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
  await app.inject({ method: 'POST', url: '/predict', payload: {} });
  const text = (await app.inject({ url: '/metrics' })).body;
  assert.match(text, /forewarn_http_requests_total\{route="\/predict",method="POST",status="200"\} \d+/);
  assert.match(text, /forewarn_http_requests_total\{route="\/predict",method="POST",status="400"\} \d+/);
  assert.match(text, /forewarn_http_request_duration_seconds_bucket\{le="0.001",route="\/predict",method="POST",status="200"\}/);
  assert.match(text, /forewarn_predictions_total\{label="(ok|failure)"\} [1-9]/);
  assert.match(text, /forewarn_model_info\{name="pump-failure",version="4",format="forewarn-json"\} 1/);
  assert.match(text, /forewarn_model_load_seconds \d/);
});
