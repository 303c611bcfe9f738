import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from './app.js';
import { resolveAuthMode, isLoopback } from './auth.js';
import { startServer } from './server.js';
import { MemoryModelSource } from './testing/memory-source.js';
import { GOOD_RECORD, testForest } from './testing/fixtures.js';
import { FwError } from '../core/errors.js';
import { authenticated, readRoutes } from '../http/bearer-auth.js';
import { controlRoutes } from './protocols/admin-routes.js';

const source = () => new MemoryModelSource('m').add('1', testForest(1)).setAlias('production', '1');

test('loopback: predictions are open, reload needs the bearer token', async () => {
  const { app } = await buildApp({ source: source(), modelName: 'm', defaultMetrics: false, docs: false, token: 'tok-12345678', authMode: 'mutating' });
  try {
    assert.equal((await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).statusCode, 200);
    const none = await app.inject({ method: 'POST', url: '/model/reload' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    assert.equal(none.json().code, 'FW_ERR_HTTP_UNAUTHORIZED');
    assert.equal((await app.inject({ method: 'POST', url: '/model/reload', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
    const ok = await app.inject({ method: 'POST', url: '/model/reload', headers: { authorization: 'Bearer tok-12345678' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'unchanged');
  } finally {
    await app.close();
  }
});

test('no token configured: reload is refused with a message saying how to set one', async () => {
  const { app } = await buildApp({ source: source(), modelName: 'm', defaultMetrics: false, docs: false });
  try {
    const r = await app.inject({ method: 'POST', url: '/model/reload' });
    assert.equal(r.statusCode, 401);
    assert.match(r.json().message, /FOREWARN_API_TOKEN/);
  } finally {
    await app.close();
  }
});

test("mode 'all': every endpoint but the health probes needs the token", async () => {
  const { app } = await buildApp({ source: source(), modelName: 'm', defaultMetrics: false, token: 'tok-12345678', authMode: 'all' });
  try {
    for (const url of ['/health', '/ready', '/ping', '/v2/health/live', '/v2/health/ready']) assert.equal((await app.inject({ url })).statusCode, 200, url);
    for (const url of ['/model/info', '/metrics', '/openapi.json', '/v2/models/m', '/version']) assert.equal((await app.inject({ url })).statusCode, 401, url);
    assert.equal((await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD, headers: { authorization: 'Bearer tok-12345678' } })).statusCode, 200);
  } finally {
    await app.close();
  }
});

test("mode 'off': nothing is checked", async () => {
  const { app } = await buildApp({ source: source(), modelName: 'm', defaultMetrics: false, docs: false, authMode: 'off' });
  try {
    assert.equal((await app.inject({ method: 'POST', url: '/model/reload' })).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('the auth mode follows the bind address; an exposed bind without a token is refused before listening', async () => {
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost') && isLoopback('127.3.4.5'));
  assert.ok(!isLoopback('0.0.0.0') && !isLoopback('::') && !isLoopback('10.0.0.1') && !isLoopback('example.com'));
  assert.equal(resolveAuthMode('127.0.0.1', undefined, true), 'mutating');
  assert.equal(resolveAuthMode('0.0.0.0', 'tok-12345678', true), 'all');
  assert.equal(resolveAuthMode('0.0.0.0', undefined, false), 'off');
  assert.throws(() => resolveAuthMode('0.0.0.0', undefined, true), (e: FwError) => e.code === 'FW_ERR_SERVE_UNSAFE_BIND' && /--no-auth/.test(e.message));
  await assert.rejects(startServer({ source: source(), modelName: 'm', host: '0.0.0.0', port: 0, authEnabled: true, defaultMetrics: false, docs: false }), (e: FwError) => e.code === 'FW_ERR_SERVE_UNSAFE_BIND');
});

test('mounted route sets (the registry API) place their own reads and writes: writes need the token, reads do not', async () => {
  const mount = async (app: import('fastify').FastifyInstance, access: import('../http/bearer-auth.js').RouteAccess) => {
    await readRoutes(app, access, (s) => { s.get('/api/models', async () => ({ models: [] })); });
    await authenticated(app, access.auth, (s) => { s.post('/api/models/:name/aliases/:alias', async () => ({ ok: true })); });
  };
  const { app } = await buildApp({ source: source(), modelName: 'm', defaultMetrics: false, docs: false, token: 'tok-12345678', mounts: [mount] });
  try {
    assert.equal((await app.inject({ url: '/api/models' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/api/models/m/aliases/production' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: '/%61pi/models/m/aliases/production' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: '/api/models/m/aliases/production', headers: { authorization: 'Bearer tok-12345678' } })).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('state-changing route sets refuse to be registered outside an authenticated scope', async () => {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  await assert.rejects(async () => {
    await app.register(controlRoutes(undefined as never));
    await app.ready();
  }, /authenticated/);
  await app.close().catch(() => undefined);
});
