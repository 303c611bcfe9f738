import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from './app.js';
import { MemoryModelSource } from './test-memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from './test-fixtures.js';

const enc = Float64Array.from([0.4, 0.2, -0.3, 3, 1]);

test('swapping versions under concurrent load fails no request, and each reply is consistent with its version', async () => {
  const models = { a: testForest(1), b: testForest(2) };
  const want = { a: models.a.predictOne(enc)[1]!, b: models.b.predictOne(enc)[1]! };
  assert.notEqual(want.a, want.b);
  const source = new MemoryModelSource('m').add('a', models.a, { signature: TEST_SIGNATURE }).add('b', models.b, { signature: TEST_SIGNATURE }).setAlias('production', 'a');
  source.loadDelayMs = 5; // loads overlap with traffic
  const { app, slot } = await buildApp({ source, modelName: 'm', defaultMetrics: false, docs: false, token: 'secret-token-1' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    let stop = false;
    const seen = { a: 0, b: 0 };
    const failures: string[] = [];
    const client = async () => {
      while (!stop) {
        const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(GOOD_RECORD) });
        const body = (await res.json()) as { model: { version: 'a' | 'b' }; probabilities: { failure: number } };
        if (res.status !== 200) { failures.push(`${res.status} ${JSON.stringify(body)}`); continue; }
        seen[body.model.version]++;
        if (body.probabilities.failure !== want[body.model.version]) failures.push(`version ${body.model.version} answered with another model's probabilities`);
      }
    };
    const clients = Array.from({ length: 16 }, client);
    for (let i = 0; i < 20; i++) {
      source.setAlias('production', i % 2 === 0 ? 'b' : 'a');
      const r = i % 4 === 3
        ? await fetch(`${url}/model/reload`, { method: 'POST', headers: { authorization: 'Bearer secret-token-1' } }).then((x) => x.json() as Promise<{ status: string }>)
        : await slot.refresh();
      assert.equal(r.status, 'swapped');
      await new Promise((r) => setTimeout(r, 10));
    }
    stop = true;
    await Promise.all(clients);
    assert.deepEqual(failures, []);
    assert.ok(seen.a > 0 && seen.b > 0, `both versions served: ${JSON.stringify(seen)}`);
    assert.equal(slot.swaps, 20);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /forewarn_model_swaps_total 20/);
  } finally {
    await app.close();
  }
});

test('a failed load keeps the old model and reports the error in /model/info and metrics', async () => {
  const source = new MemoryModelSource('m').add('1', testForest(1), { signature: TEST_SIGNATURE }).add('2', testForest(2), { fail: true }).setAlias('production', '1');
  const { app, slot } = await buildApp({ source, modelName: 'm', defaultMetrics: false, docs: false, token: 'secret-token-1' });
  try {
    source.setAlias('production', '2');
    const res = await app.inject({ method: 'POST', url: '/model/reload', headers: { authorization: 'Bearer secret-token-1' } });
    assert.equal(res.statusCode, 502);
    assert.equal(res.json().code, 'FW_ERR_SERVE_MODEL_LOAD');
    assert.match(res.json().message, /still serving m v1.*corrupt/);
    const info = (await app.inject({ url: '/model/info' })).json();
    assert.equal(info.model.version, '1');
    assert.equal(info.last_load_error.version, '2');
    assert.match(info.last_load_error.message, /corrupt/);
    const pred = await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
    assert.equal(pred.statusCode, 200);
    assert.equal(pred.json().model.version, '1');
    assert.match((await app.inject({ url: '/metrics' })).body, /forewarn_model_load_failures_total\{code="FW_ERR_SERVE_MODEL_LOAD"\} 1/);
    // A good version afterwards clears the error.
    source.add('3', testForest(3), { signature: TEST_SIGNATURE }).setAlias('production', '3');
    assert.equal((await slot.refresh()).status, 'swapped');
    assert.equal((await app.inject({ url: '/model/info' })).json().last_load_error, null);
  } finally {
    await app.close();
  }
});

test('polling notices a moved alias; an unchanged alias does not reload', async () => {
  const source = new MemoryModelSource('m').add('1', testForest(1)).add('2', testForest(2)).setAlias('production', '1');
  const { app, slot } = await buildApp({ source, modelName: 'm', defaultMetrics: false, docs: false, pollSeconds: 0.02 });
  try {
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(source.loads, 1, 'no reload while the alias stays');
    source.setAlias('production', '2');
    for (let i = 0; i < 100 && slot.current?.version !== '2'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(slot.current?.version, '2');
  } finally {
    await app.close();
  }
});

test('no model at start: /ready is 503, predictions are 503 with the reason, the app still answers', async () => {
  const source = new MemoryModelSource('m');
  const { app } = await buildApp({ source, modelName: 'm', defaultMetrics: false, docs: false });
  try {
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
    const ready = await app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 503);
    const p = await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
    assert.equal(p.statusCode, 503);
    assert.match(p.json().message, /no alias 'production'/);
    assert.equal((await app.inject({ url: '/v2/health/ready' })).statusCode, 503);
  } finally {
    await app.close();
  }
});
