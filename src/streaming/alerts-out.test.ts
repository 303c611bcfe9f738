import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { WebhookSink } from './webhook-sink.js';
import { SqlAlertStore, StoreAlertSink } from './alert-store.js';
import { streamRoutes } from './http/stream-routes.js';
import { openStore } from '../db/open-store.js';
import type { AlertChange, AlertEpisode } from './machine-alerts.js';

const H = 3_600_000;
const episode = (over: Partial<AlertEpisode> = {}): AlertEpisode => ({
  id: `7:comp2:${10 * H}`, machine: '7', component: 'comp2', status: 'open', openedAt: 10 * H, probability: 0.71, maxProbability: 0.71, score: 0.8,
  lastActiveAt: 10 * H, expectedFailure: { from: 10 * H, to: 34 * H }, topFeatures: [{ feature: 'vibration_mean_24h', value: 52.1, contribution: 1.3 }, { feature: 'since_comp2', value: NaN, contribution: 0.4 }],
  model: { name: 'm', version: '3' }, ...over,
});

test('webhook: 5xx retried with backoff until delivered; a 4xx is not retried; give-up after maxRetries', async () => {
  let calls = 0;
  const bodies: string[] = [];
  const statuses = [503, 500, 200, 400, 503, 503, 503];
  const srv = createServer((req, res) => {
    let b = '';
    req.on('data', (d) => (b += d));
    req.on('end', () => {
      bodies.push(`${req.headers['idempotency-key']} ${b}`);
      res.statusCode = statuses[calls++] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const waits: number[] = [];
  try {
    const sink = new WebhookSink({ url: `http://127.0.0.1:${port}/hook`, maxRetries: 2, backoffMs: 100, timeoutMs: 2000, sleep: async (ms) => void waits.push(ms) });
    await sink.publish({ kind: 'opened', episode: episode() });
    await sink.publish({ kind: 'closed', episode: episode({ id: 'x:comp1:1', status: 'closed' }) });
    await sink.publish({ kind: 'opened', episode: episode({ id: 'y:comp1:2' }) });
    await sink.close();
    assert.equal(sink.delivered, 1);
    assert.equal(sink.failed, 2, 'the 400 and the one that kept failing');
    assert.equal(sink.retries, 4);
    assert.equal(calls, 7);
    assert.ok(waits[1]! > waits[0]!, `backoff grows: ${waits.map((w) => w.toFixed(0)).join(', ')}`);
    assert.match(bodies[2]!, /^7:comp2:36000000 \{"kind":"opened","alert":\{"id":"7:comp2:36000000"/);
    assert.match(bodies[2]!, /"value":null/, 'NaN feature values are sent as null');
  } finally {
    srv.close();
  }
});

test('alert store: upsert keeps one row per episode, list filters, ack once; HTTP routes answer 4xx with codes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-alerts-'));
  const sql = await openStore(`sqlite:${join(dir, 'a.db')}`);
  try {
    const store = new SqlAlertStore(sql);
    const sink = new StoreAlertSink(store);
    const opened: AlertChange = { kind: 'opened', episode: episode() };
    await sink.publish(opened);
    await sink.publish(opened);
    await sink.publish({ kind: 'opened', episode: episode({ id: 'm8:comp1:1', machine: '8', component: 'comp1' }) });
    assert.equal((await store.list()).length, 2);
    assert.equal(await store.ack(`7:comp2:${10 * H}`, 'alice', 'ordered a bearing'), true);
    await sink.publish({ kind: 'closed', episode: episode({ status: 'closed', closedAt: 30 * H, closeReason: 'maintenance', maxProbability: 0.9 }) });
    const a = (await store.get(`7:comp2:${10 * H}`))!;
    assert.equal(a.status, 'closed');
    assert.equal(a.closeReason, 'maintenance');
    assert.equal(a.maxProbability, 0.9);
    assert.equal(a.ack?.by, 'alice', 'a later state change keeps the acknowledgement');
    assert.equal(a.topFeatures[1]!.value, null);
    assert.deepEqual((await store.list({ status: 'open' })).map((x) => x.machine), ['8']);
    assert.deepEqual((await store.list({ acked: false })).map((x) => x.machine), ['8']);
    assert.equal(await store.ack('nope', 'bob'), false);

    const app = Fastify();
    await streamRoutes(app, { registry: new Registry(), alerts: store, access: { auth: { token: 'secret-token-123' }, everything: false }, health: () => ({ ok: true }) });
    const bad = await app.inject({ method: 'GET', url: '/alerts?status=bogus' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /status/);
    const list = await app.inject({ method: 'GET', url: '/alerts?status=open' });
    assert.deepEqual(list.json().alerts.map((x: { id: string }) => x.id), ['m8:comp1:1']);
    const noAuth = await app.inject({ method: 'POST', url: '/alerts/m8:comp1:1/ack', payload: { by: 'carol' } });
    assert.equal(noAuth.statusCode, 401);
    const auth = { authorization: 'Bearer secret-token-123' };
    const ok = await app.inject({ method: 'POST', url: '/alerts/m8:comp1:1/ack', headers: auth, payload: { by: 'carol', note: 'seen' } });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().alert.ack.by, 'carol');
    const missing = await app.inject({ method: 'POST', url: '/alerts/none/ack', headers: auth, payload: {} });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'FW_ERR_STREAM_ALERT_NOT_FOUND');
    const wrongType = await app.inject({ method: 'POST', url: '/alerts/m8:comp1:1/ack', headers: auth, payload: { by: { name: 'x' } } });
    assert.equal(wrongType.statusCode, 400);
    const health = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    await app.close();
  } finally {
    await sql.close();
    await rm(dir, { recursive: true, force: true });
  }
});
