import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/serving/app.js';
import { startServer } from '../../src/serving/server.js';
import type { AuthMode } from '../../src/serving/auth.js';
import { MemoryModelSource } from '../../src/serving/testing/memory-source.js';
import { GOOD_RECORD, testForest } from '../../src/serving/testing/fixtures.js';
import { sqliteTestDatabase } from '../../src/db/test-databases.js';
import { SqlRegistryStore } from '../../src/registry/sql-registry-store.js';
import { registryRoutes } from '../../src/registry/http/registry-routes.js';
import type { RegistryStore } from '../../src/registry/registry-store.js';
import { rawRequest, pathVariants } from './raw-http.js';

/**
 * The token bypass of issue #10: authorization used to be a URL-prefix match on the raw request target, so
 * `PUT /%61pi/models/x/aliases/production` or `PUT http://host/api/...` moved production without a token. Over a
 * real listening server and raw sockets, every protected route is sent in every spelling with every wrong
 * credential; nothing may answer 2xx, and the registry, its audit log and the served model must not change.
 */
const TOKEN = 'correct-token-1234';

interface Protected { method: string; path: string; body?: unknown }

/** Every route that changes state (all registry writes and the reload trigger), with bodies that would succeed. */
const WRITES: Protected[] = [
  { method: 'POST', path: '/model/reload' },
  { method: 'POST', path: '/api/models/pump/versions/3/approve', body: { actor: 'mallory', reason: 'bypass' } },
  { method: 'POST', path: '/api/models/pump/versions/3/reject', body: { actor: 'mallory', reason: 'bypass' } },
  { method: 'PUT', path: '/api/models/pump/aliases/production', body: { version: 2, actor: 'mallory', force: true, reason: 'bypass' } },
  { method: 'PUT', path: '/api/models/pump/aliases/canary', body: { version: 1, actor: 'mallory' } },
  { method: 'DELETE', path: '/api/models/pump/aliases/staging', body: { actor: 'mallory', reason: 'bypass' } },
  { method: 'POST', path: '/api/models/pump/aliases/staging/rollback', body: { actor: 'mallory', force: true, reason: 'bypass' } },
];

/** On an exposed bind ('all') reads and predictions need the token too; only the probes stay public. */
const READS: Protected[] = [
  { method: 'GET', path: '/model/info' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/version' },
  { method: 'GET', path: '/v2/models/pump' },
  { method: 'GET', path: '/api/models' },
  { method: 'GET', path: '/api/models/pump/audit' },
  { method: 'POST', path: '/predict', body: GOOD_RECORD },
  { method: 'POST', path: '/predict/batch', body: { records: [GOOD_RECORD] } },
  { method: 'POST', path: '/invocations', body: { dataframe_records: [GOOD_RECORD] } },
];

const WRONG_CREDENTIALS: Record<string, string>[] = [
  {},
  { authorization: 'Bearer wrong-token-1234' },
  { authorization: `bearer ${TOKEN}x` },
  { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
  { authorization: TOKEN },
  { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
  { authorization: 'Bearer ' },
  { authorization: `Bearer ${TOKEN} ${TOKEN}` },
  { 'x-forwarded-authorization': `Bearer ${TOKEN}` },
];

interface Target {
  port: number;
  store: RegistryStore;
  source: MemoryModelSource;
  servedVersion(): string | undefined;
  close(): Promise<void>;
}

async function seedRegistry(): Promise<{ store: RegistryStore; cleanup: () => Promise<void> }> {
  const opened = await sqliteTestDatabase().open();
  const store = new SqlRegistryStore(opened.store);
  const gates = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.9, threshold: 0.7 }] };
  for (let i = 1; i <= 3; i++) await store.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: `file:///m/${i}.json`, gates });
  await store.approveVersion('pump', 1, { actor: 'ana', reason: 'ok' });
  await store.approveVersion('pump', 2, { actor: 'ana', reason: 'ok' });
  await store.setAlias('pump', 'production', 1, { actor: 'ana' });
  await store.setAlias('pump', 'staging', 1, { actor: 'ana' });
  await store.setAlias('pump', 'staging', 2, { actor: 'ana' });
  return { store, cleanup: opened.cleanup };
}

/** A server as `forewarn serve` builds it: the prediction preset plus the registry API over the same store. */
async function startTarget(mode: AuthMode, token: string | undefined): Promise<Target> {
  const { store, cleanup } = await seedRegistry();
  const source = new MemoryModelSource('pump').add('1', testForest(1)).add('2', testForest(2)).setAlias('production', '1');
  const mounts = [(app: import('fastify').FastifyInstance, access: import('../../src/http/bearer-auth.js').RouteAccess) => registryRoutes(app, { store, access })];
  let port: number;
  let closeApp: () => Promise<void>;
  let slot: { current?: { version: string } };
  if (mode === 'all') {
    // startServer only picks 'all' for a non-loopback bind; tests stay on loopback, so build with the mode directly.
    const built = await buildApp({ source, modelName: 'pump', token, authMode: 'all', defaultMetrics: false, mounts });
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    port = (built.app.server.address() as AddressInfo).port;
    closeApp = () => built.app.close();
    slot = built.slot as never;
  } else {
    const s = await startServer({ source, modelName: 'pump', token, host: '127.0.0.1', port: 0, authEnabled: mode !== 'off', defaultMetrics: false, mounts });
    port = Number(new URL(s.url).port);
    closeApp = () => s.close();
    slot = s.slot as never;
  }
  // The alias moves behind the server's back: a reload that gets through would swap to version 2.
  source.setAlias('production', '2');
  return { port, store, source, servedVersion: () => slot.current?.version, close: async () => { await closeApp(); await cleanup(); } };
}

async function snapshot(t: Target): Promise<string> {
  const versions = await t.store.listVersions('pump');
  const audit = await t.store.auditLog('pump');
  return JSON.stringify({ versions: versions.map((v) => [v.version, v.approval.status, [...v.aliases].sort()]), audit: audit.length, served: t.servedVersion(), loads: t.source.loads });
}

async function attack(t: Target, routes: Protected[], credentials: Record<string, string>[]): Promise<{ sent: number; failures: string[] }> {
  const failures: string[] = [];
  let sent = 0;
  for (const r of routes) {
    for (const v of pathVariants(r.path, t.port)) {
      for (const cred of credentials) {
        const body = r.body === undefined ? '' : JSON.stringify(r.body);
        const headers: Record<string, string> = { ...cred, ...(body ? { 'content-type': 'application/json' } : {}) };
        const res = await rawRequest(t.port, `${r.method} ${v.target} HTTP/1.1`, headers, body);
        sent++;
        if (!(res.status >= 400 && res.status < 500)) failures.push(`${r.method} ${v.target} [${v.name}] ${JSON.stringify(cred)} → ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
  }
  return { sent, failures };
}

for (const [label, mode, token] of [
  ['loopback bind, token configured', 'mutating', TOKEN],
  ['loopback bind, no token configured', 'mutating', undefined],
  ['exposed mode (everything but probes needs the token)', 'all', TOKEN],
] as const) {
  describe(`auth bypass matrix: ${label}`, () => {
    let t: Target;
    before(async () => {
      t = await startTarget(mode, token);
    });
    after(async () => {
      await t?.close();
    });

    it('no spelling of a state-changing route answers 2xx without the right token, and nothing changes', async () => {
      const before = await snapshot(t);
      const creds = token ? WRONG_CREDENTIALS : [...WRONG_CREDENTIALS, { authorization: `Bearer ${TOKEN}` }];
      const { sent, failures } = await attack(t, WRITES, creds);
      assert.ok(sent >= WRITES.length * 20 * creds.length, `sent ${sent}`);
      assert.deepEqual(failures, [], `${failures.length} of ${sent} requests got through or broke:\n${failures.slice(0, 20).join('\n')}`);
      assert.equal(await snapshot(t), before, 'registry, audit log or served model changed');
      assert.equal(t.servedVersion(), '1');
    });

    if (mode === 'all') {
      it('reads and predictions need the token too; the probes do not', async () => {
        const { sent, failures } = await attack(t, READS, WRONG_CREDENTIALS);
        assert.deepEqual(failures, [], `${failures.length} of ${sent}:\n${failures.slice(0, 20).join('\n')}`);
        for (const p of ['/health', '/ready', '/ping', '/v2/health/live', '/v2/health/ready']) {
          assert.equal((await rawRequest(t.port, `GET ${p} HTTP/1.1`, {})).status, 200, p);
        }
        const ok = await rawRequest(t.port, 'POST /predict HTTP/1.1', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, JSON.stringify(GOOD_RECORD));
        assert.equal(ok.status, 200, ok.body);
      });
    } else {
      it('reads and predictions stay open on loopback', async () => {
        assert.equal((await rawRequest(t.port, 'GET /api/models HTTP/1.1', {})).status, 200);
        const ok = await rawRequest(t.port, 'POST /predict HTTP/1.1', { 'content-type': 'application/json' }, JSON.stringify(GOOD_RECORD));
        assert.equal(ok.status, 200, ok.body);
      });
    }

    it(token ? 'the right token still works (positive control)' : 'without a configured token the refusal says how to set one', async () => {
      if (!token) {
        const r = await rawRequest(t.port, 'POST /model/reload HTTP/1.1', { authorization: 'Bearer anything-at-all' });
        assert.equal(r.status, 401);
        assert.match(JSON.parse(r.body).message, /FOREWARN_API_TOKEN/);
        assert.equal(JSON.parse(r.body).code, 'FW_ERR_HTTP_UNAUTHORIZED');
        return;
      }
      const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const move = await rawRequest(t.port, 'PUT /api/models/pump/aliases/production HTTP/1.1', auth, JSON.stringify({ version: 2, actor: 'ana' }));
      assert.equal(move.status, 200, move.body);
      const reload = await rawRequest(t.port, 'POST /model/reload HTTP/1.1', { authorization: `Bearer ${TOKEN}` });
      assert.equal(reload.status, 200, reload.body);
      assert.equal(t.servedVersion(), '2');
    });
  });
}
