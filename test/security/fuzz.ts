import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/testing/memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from '../../src/serving/testing/fixtures.js';
import { sqliteTestDatabase } from '../../src/db/test-databases.js';
import { SqlRegistryStore } from '../../src/registry/sql-registry-store.js';
import { registryRoutes } from '../../src/registry/http/registry-routes.js';

/**
 * Property-based fuzzing of every endpoint and content type of a `forewarn serve` (prediction routes + registry
 * API): whatever is sent, the answer is never a 5xx, every error is the one envelope with an FW_ERR_ code and a
 * message, and nothing hangs.
 */
export const TOKEN = 'fuzz-token-12345';
const FEATURES = Object.keys(GOOD_RECORD);

const ROUTES: { method: string; url: string }[] = [
  { method: 'POST', url: '/predict' }, { method: 'POST', url: '/predict?explain=true' }, { method: 'POST', url: '/predict/batch' },
  { method: 'POST', url: '/invocations' }, { method: 'POST', url: '/invocations?predict_method=predict_proba' }, { method: 'POST', url: '/invocations?predict_method=bogus' },
  { method: 'POST', url: '/v2/models/pump/infer' }, { method: 'POST', url: '/v2/models/pump/versions/1/infer' }, { method: 'POST', url: '/v2/models/other/infer' },
  { method: 'GET', url: '/v2/models/pump' }, { method: 'GET', url: '/v2/models/pump/ready' }, { method: 'GET', url: '/v2' },
  { method: 'GET', url: '/health' }, { method: 'GET', url: '/ready' }, { method: 'GET', url: '/ping' }, { method: 'GET', url: '/version' },
  { method: 'GET', url: '/model/info' }, { method: 'GET', url: '/metrics' }, { method: 'POST', url: '/model/reload' }, { method: 'POST', url: '/model/reload?force=maybe' },
  { method: 'GET', url: '/api/models' }, { method: 'GET', url: '/api/models/pump' }, { method: 'GET', url: '/api/models/pump/versions/1' },
  { method: 'GET', url: '/api/models/pump/audit?limit=5' }, { method: 'GET', url: '/api/models/pump/aliases/production' },
  { method: 'POST', url: '/api/models/pump/versions/2/approve' }, { method: 'POST', url: '/api/models/pump/versions/2/reject' },
  { method: 'PUT', url: '/api/models/pump/aliases/staging' }, { method: 'DELETE', url: '/api/models/pump/aliases/staging' },
  { method: 'POST', url: '/api/models/pump/aliases/staging/rollback' },
  { method: 'PATCH', url: '/predict' }, { method: 'GET', url: '/predict' }, { method: 'POST', url: '/nope' },
];

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/csv', 'application/csv', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''];

const scalar = fc.oneof(
  fc.double(), fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), fc.boolean(),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', 'mill', 'lathe', '', '__proto__'),
  fc.constantFrom(0.4, -50, 200, 1e308, -0, 3, 10000, 10001),
);
const record = fc.oneof(
  fc.record(Object.fromEntries(FEATURES.map((f) => [f, scalar])), { requiredKeys: [] }),
  fc.dictionary(fc.oneof(fc.constantFrom(...FEATURES, '__proto__', 'constructor'), fc.string({ maxLength: 8 })), scalar, { maxKeys: 8 }),
  fc.constant(GOOD_RECORD),
  scalar,
);
const tensor = fc.record({
  name: fc.oneof(fc.constantFrom(...FEATURES, 'input'), fc.string({ maxLength: 8 })),
  shape: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 3 }),
  datatype: fc.constantFrom('FP64', 'FP32', 'INT64', 'BOOL', 'BYTES', 'UINT8', 'FANCY'),
  data: fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 5 })), { maxLength: 12 }),
}, { requiredKeys: [] });
const jsonBody = fc.oneof(
  record,
  fc.record({ records: fc.oneof(fc.array(record, { maxLength: 6 }), scalar) }, { requiredKeys: [] }),
  fc.record({ dataframe_split: fc.record({ columns: fc.array(fc.oneof(fc.constantFrom(...FEATURES), fc.string({ maxLength: 6 })), { maxLength: 7 }), data: fc.array(fc.array(scalar, { maxLength: 7 }), { maxLength: 4 }), index: fc.array(fc.integer(), { maxLength: 3 }) }, { requiredKeys: [] }) }),
  fc.record({ dataframe_records: fc.array(record, { maxLength: 4 }) }),
  fc.record({ instances: fc.array(fc.oneof(record, fc.array(scalar, { maxLength: 6 })), { maxLength: 4 }) }),
  fc.record({ inputs: fc.oneof(fc.array(fc.oneof(record, tensor), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FEATURES), fc.array(scalar, { maxLength: 3 }))) }),
  fc.record({ inputs: fc.array(tensor, { maxLength: 6 }), outputs: fc.array(fc.record({ name: fc.constantFrom('probabilities', 'predicted_label', 'logits') }), { maxLength: 2 }), id: fc.string({ maxLength: 5 }) }, { requiredKeys: ['inputs'] }),
  fc.record({ version: fc.oneof(fc.integer({ min: -2, max: 5 }), scalar), actor: fc.oneof(fc.string({ maxLength: 10 }), scalar), reason: fc.oneof(fc.string({ maxLength: 10 }), scalar), force: fc.oneof(fc.boolean(), scalar) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 4 }),
);
const csvCell = fc.oneof(fc.constantFrom('0.4', 'mill', '', 'NaN', 'inf', '"q""x"', '1e999', 'true', '3', '-'), fc.string({ maxLength: 6 }));
const csvBody = fc.tuple(fc.array(fc.oneof(fc.constantFrom(...FEATURES), fc.string({ maxLength: 6 })), { minLength: 0, maxLength: 7 }), fc.array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 5 }), fc.constantFrom('\n', '\r\n'))
  .map(([h, rows, nl]) => [h.join(','), ...rows.map((r) => r.join(','))].join(nl));

export const requestArb = fc.record({
  route: fc.constantFrom(...ROUTES),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  auth: fc.constantFrom('none', 'right', 'wrong'),
  body: fc.oneof(
    { weight: 5, arbitrary: jsonBody.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: csvBody },
    { weight: 1, arbitrary: fc.tuple(jsonBody, fc.nat()).map(([v, k]) => { const s = JSON.stringify(v) ?? ''; return s.slice(0, k % (s.length + 1)); }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{}', '[]', 'null', '"a,b\\n1,2"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '\uFEFF{}', '{"a":1}{"b":2}') },
  ),
});
export type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

export interface FuzzTarget { app: FastifyInstance; close(): Promise<void> }

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const opened = await sqliteTestDatabase().open();
  const store = new SqlRegistryStore(opened.store);
  const gates = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.9, threshold: 0.7 }] };
  for (let i = 1; i <= 2; i++) await store.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: `file:///m/${i}.json`, gates });
  const source = new MemoryModelSource('pump').add('1', testForest(1), { signature: TEST_SIGNATURE }).setAlias('production', '1');
  const { app } = await buildApp({ source, modelName: 'pump', token: TOKEN, defaultMetrics: false, maxBatchRecords: 50, mounts: [(a, access) => registryRoutes(a, { store, access })] });
  return { app, close: async () => { await app.close(); await opened.cleanup(); } };
}

/** Send one request; returns what is wrong with the answer, or undefined. */
export async function checkOne(t: FuzzTarget, r: FuzzRequest, timeoutMs = 5000, statuses?: Map<number, number>): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.auth !== 'none') headers.authorization = `Bearer ${r.auth === 'right' ? TOKEN : 'nope-nope-nope'}`;
  const hasBody = r.route.method !== 'GET';
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([
    t.app.inject({ method: r.route.method as 'POST', url: r.route.url, headers, ...(hasBody ? { payload: r.body } : {}) }),
    new Promise<'hang'>((resolve) => { timer = setTimeout(() => resolve('hang'), timeoutMs); }),
  ]);
  clearTimeout(timer);
  if (res === 'hang') return 'no answer within 5 s';
  statuses?.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (({} as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 400) {
    let body: { code?: unknown; message?: unknown; details?: unknown };
    try {
      body = res.json();
    } catch {
      return `status ${res.statusCode} without a JSON body: ${res.body.slice(0, 100)}`;
    }
    if (typeof body.code !== 'string' || !/^FW_ERR_[A-Z0-9]+_[A-Z0-9_]+$/.test(body.code)) return `status ${res.statusCode} with code ${String(body.code)}: ${res.body.slice(0, 200)}`;
    if (typeof body.message !== 'string' || body.message.length < 5) return `status ${res.statusCode} without a message`;
    if (body.details !== undefined) return 'a second envelope shape (details)';
  }
  return undefined;
}
