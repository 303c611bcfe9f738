import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { sqliteTestDatabase } from '../../db/test-databases.js';
import { SqlRegistryStore } from '../sql-registry-store.js';
import { registryRoutes } from './registry-routes.js';
import { ROUTE_PARAM_MAX_LENGTH } from '../../core/names.js';

const TOKEN = 's3cret-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('registry HTTP API', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;

  before(async () => {
    const opened = await sqliteTestDatabase().open();
    cleanup = opened.cleanup;
    const store = new SqlRegistryStore(opened.store);
    const gates = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.8, threshold: 0.7 }] };
    await store.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: 'file:///m/1.json', gates });
    await store.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: 'file:///m/2.json', gates });
    app = Fastify({ maxParamLength: ROUTE_PARAM_MAX_LENGTH, ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } } });
    // The host app's own error handler must survive mounting the plugin.
    app.setErrorHandler((_e, _req, reply) => reply.status(418).send({ host: true }));
    app.get('/host-boom', async () => {
      throw new Error('boom');
    });
    await app.register(registryRoutes, { store, access: { auth: { token: TOKEN }, everything: false } });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('lists models and shows a model with versions and one version', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/models' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().map((m: { name: string }) => m.name), ['pump']);
    const m = await app.inject({ method: 'GET', url: '/api/models/pump' });
    assert.deepEqual(m.json().versions.map((v: { version: number }) => v.version), [1, 2]);
    const v = await app.inject({ method: 'GET', url: '/api/models/pump/versions/2' });
    assert.equal(v.json().approval.status, 'PendingManualApproval');
    assert.equal(v.json().artifactUri, 'file:///m/2.json');
  });

  it('404s name what exists', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/models/pmup' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'FW_ERR_REGISTRY_MODEL_NOT_FOUND');
    assert.match(r.json().message, /pump/);
    const v = await app.inject({ method: 'GET', url: '/api/models/pump/versions/9' });
    assert.equal(v.statusCode, 404);
    assert.match(v.json().message, /versions: 1, 2/);
  });

  it('mutations need the bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      const r = await app.inject({ method: 'POST', url: '/api/models/pump/versions/1/approve', headers, payload: { actor: 'ana', reason: 'ok' } });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'FW_ERR_HTTP_UNAUTHORIZED');
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/models/pump/versions/1' })).json().approval.status, 'PendingManualApproval');
  });

  it('approve, alias, refuse ineligible production, rollback, audit', async () => {
    const ap = await app.inject({ method: 'POST', url: '/api/models/pump/versions/1/approve', headers: auth, payload: { actor: 'ana', reason: 'good' } });
    assert.equal(ap.statusCode, 200);
    assert.equal(ap.json().approval.status, 'Approved');
    const set = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/production', headers: auth, payload: { version: 1, actor: 'ana' } });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json().aliases, ['production']);
    const refused = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/production', headers: auth, payload: { version: 2, actor: 'ana' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'FW_ERR_REGISTRY_NOT_ELIGIBLE');
    const forced = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/production', headers: auth, payload: { version: 2, actor: 'boss', force: true, reason: 'hotfix' } });
    assert.equal(forced.statusCode, 200);
    const resolved = await app.inject({ method: 'GET', url: '/api/models/pump/aliases/production' });
    assert.equal(resolved.json().version, 2);
    const rb = await app.inject({ method: 'POST', url: '/api/models/pump/aliases/production/rollback', headers: auth, payload: { actor: 'oncall', reason: 'bad' } });
    assert.equal(rb.statusCode, 200);
    assert.equal(rb.json().version, 1);
    const audit = await app.inject({ method: 'GET', url: '/api/models/pump/audit?limit=3' });
    assert.equal(audit.statusCode, 200);
    assert.deepEqual(audit.json().map((a: { action: string }) => a.action), ['force', 'alias_move', 'rollback']);
    const rej = await app.inject({ method: 'POST', url: '/api/models/pump/versions/2/reject', headers: auth, payload: { actor: 'ana', reason: 'regressed' } });
    assert.equal(rej.statusCode, 200);
    assert.equal(rej.json().approval.status, 'Rejected');
  });

  it('bad input is a 400 naming the field, never coerced, stripped or a 500', async () => {
    const cases: { method: 'POST' | 'PUT' | 'GET'; url: string; payload?: unknown; field: RegExp; headers?: Record<string, string> }[] = [
      { method: 'PUT', url: '/api/models/pump/aliases/staging', payload: { version: '1', actor: 'a' }, field: /body has the wrong shape: version: expected integer, got string "1"/ },
      { method: 'PUT', url: '/api/models/pump/aliases/staging', payload: { version: 1 }, field: /body has the wrong shape: actor/ },
      { method: 'PUT', url: '/api/models/pump/aliases/staging', payload: { version: 1, actor: 'a', extra: true }, field: /body has the wrong shape: extra: expected no such field/ },
      { method: 'PUT', url: '/api/models/pump/aliases/Bad!', payload: { version: 1, actor: 'a' }, field: /params\.alias/ },
      { method: 'POST', url: '/api/models/pump/versions/0/approve', payload: { actor: 'a', reason: 'r' }, field: /params\.version/ },
      { method: 'POST', url: '/api/models/pump/versions/1/approve', payload: { actor: 'a' }, field: /body has the wrong shape: reason/ },
      { method: 'GET', url: '/api/models/pump/audit?limit=abc', field: /querystring\.limit/ },
      { method: 'GET', url: '/api/models/pump/versions/1.5', field: /params\.version/ },
    ];
    for (const c of cases) {
      const r = await app.inject({ method: c.method, url: c.url, headers: { ...auth, ...c.headers }, payload: c.payload as never });
      assert.equal(r.statusCode, 400, `${c.method} ${c.url} ${JSON.stringify(c.payload)} → ${r.body}`);
      assert.equal(r.json().code, 'FW_ERR_HTTP_INVALID_REQUEST');
      assert.ok(r.json().errors.length >= 1 && typeof r.json().errors[0].got === 'string', r.body);
      assert.equal(r.json().details, undefined);
      assert.match(r.json().message, c.field);
    }
    const badJson = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/staging', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"version": 1,' });
    assert.equal(badJson.statusCode, 400);
    assert.ok(badJson.json().code);
    const nan = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/staging', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"version": NaN, "actor": "a"}' });
    assert.equal(nan.statusCode, 400);
  });

  it('keeps the host app error handler', async () => {
    const r = await app.inject({ method: 'GET', url: '/host-boom' });
    assert.equal(r.statusCode, 418);
  });
});

describe('registry HTTP API auth ordering', () => {
  it('checks the token before validating the body (no schema probing without a token); no token configured refuses writes', async () => {
    const opened = await sqliteTestDatabase().open();
    const app = Fastify({ maxParamLength: ROUTE_PARAM_MAX_LENGTH, ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } } });
    try {
      await app.register(registryRoutes, { store: new SqlRegistryStore(opened.store), access: { auth: { token: TOKEN }, everything: false } });
      const r = await app.inject({ method: 'PUT', url: '/api/models/pump/aliases/staging', payload: { nonsense: 1 } });
      assert.equal(r.statusCode, 401);
      const open = Fastify({ maxParamLength: ROUTE_PARAM_MAX_LENGTH });
      await open.register(registryRoutes, { store: new SqlRegistryStore(opened.store), access: { auth: {}, everything: false } });
      const noToken = await open.inject({ method: 'PUT', url: '/api/models/pump/aliases/staging', payload: { version: 1, actor: 'a' } });
      assert.equal(noToken.statusCode, 401); // no token configured: writes are refused, saying how to set one
      assert.match(noToken.json().message, /FOREWARN_API_TOKEN/);
      assert.equal((await open.inject({ method: 'GET', url: '/api/models' })).statusCode, 200);
      await open.close();
    } finally {
      await app.close();
      await opened.cleanup();
    }
  });
});
