import { GOOD_RECORD } from '../../src/serving/test-fixtures.js';
import { adversarialBodies } from './adversarial.js';
import { pathVariants, rawRequest } from './raw-http.js';

/**
 * The probe matrix of issue #10 as code: hundreds of bad requests (wrong types, missing fields, NaN/Infinity, huge,
 * malformed, wrong content types, wrong methods, every route, every spelling of every protected route) with what
 * each must get. `runProbes` sends them over raw sockets and tallies outcomes per category.
 */
export interface Probe {
  category: string;
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
  /** What a correct server answers: a 4xx, a 2xx (controls), or anything but 5xx. */
  expect: '4xx' | '2xx' | 'not5xx';
  /** A 2xx here means the token check was bypassed. */
  protectedRoute?: boolean;
}

export type Outcome = '2xx' | '4xx' | '5xx' | 'hang' | 'other';

const FEATURES = Object.keys(GOOD_RECORD);
const rec = GOOD_RECORD as Record<string, unknown>;
const json = { 'content-type': 'application/json' };
const J = (v: unknown): string => JSON.stringify(v);

export function buildProbes(port: number, token: string): Probe[] {
  const out: Probe[] = [];
  const add = (category: string, method: string, target: string, body: string, expect: Probe['expect'], headers: Record<string, string> = json, protectedRoute = false) =>
    out.push({ category, method, target, headers, body, expect, protectedRoute });
  // Controls: good requests must still work.
  add('controls (valid)', 'POST', '/predict', J(GOOD_RECORD), '2xx');
  add('controls (valid)', 'POST', '/predict/batch', J({ records: [GOOD_RECORD, GOOD_RECORD] }), '2xx');
  add('controls (valid)', 'POST', '/invocations', J({ dataframe_records: [GOOD_RECORD] }), '2xx');
  add('controls (valid)', 'POST', '/invocations', `${FEATURES.join(',')}\n${FEATURES.map((f) => rec[f]).join(',')}\n`, '2xx', { 'content-type': 'text/csv' });
  add('controls (valid)', 'POST', '/v2/models/pump/infer', J({ inputs: FEATURES.map((f) => ({ name: f, shape: [1], datatype: typeof rec[f] === 'string' ? 'BYTES' : 'FP64', data: [rec[f]] })) }), '2xx');
  for (const p of ['/health', '/ready', '/ping', '/v2/health/live', '/model/info', '/api/models']) add('controls (valid)', 'GET', p, '', '2xx', {});

  // Wrong types and NaN/Infinity, per feature, through four protocols.
  const badValues: [string, unknown][] = [['string', 'hot'], ['bool', true], ['array', [1]], ['object', { v: 1 }], ['null-in-required', null], ['huge', 1e300], ['negative', -1e6], ['fraction-for-int', 2.5], ['unseen-category', 'drill'], ['empty-string', '']];
  for (const f of FEATURES) {
    for (const [name, v] of badValues) {
      if (name === 'null-in-required' && (f === 'Packet_Loss_%' || f === 'Vibration RMS')) continue; // nullable there
      if (name === 'fraction-for-int' && f !== 'Error_Count') continue;
      if (name === 'unseen-category' && f !== 'Machine_Type') continue;
      if ((name === 'huge' || name === 'negative') && f === 'Vibration RMS') continue; // no range in the signature: valid
      const r = { ...rec, [f]: v };
      add('wrong types / values', 'POST', '/predict', J(r), '4xx');
      add('wrong types / values', 'POST', '/predict/batch', J({ records: [GOOD_RECORD, r] }), '4xx');
      add('wrong types / values', 'POST', '/invocations', J({ dataframe_split: { columns: FEATURES, data: [FEATURES.map((k) => r[k])] } }), '4xx');
    }
    for (const lit of ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999']) {
      add('NaN / Infinity', 'POST', '/predict', J(rec).replace(`"${f}":${J(rec[f])}`, `"${f}":${lit}`), '4xx');
    }
    for (const cell of ['NaN', 'inf', '-inf', '1e999', 'nan']) {
      add('NaN / Infinity', 'POST', '/invocations', `${FEATURES.join(',')}\n${FEATURES.map((k) => (k === f ? cell : rec[k])).join(',')}\n`, '4xx', { 'content-type': 'text/csv' });
    }
    const missing = { ...rec };
    delete missing[f];
    add('missing fields', 'POST', '/predict', J(missing), '4xx');
    add('missing fields', 'POST', '/predict/batch', J({ records: [missing] }), '4xx');
    add('missing fields', 'POST', '/invocations', J({ dataframe_records: [missing] }), '4xx');
    add('missing fields', 'POST', '/v2/models/pump/infer', J({ inputs: FEATURES.filter((k) => k !== f).map((k) => ({ name: k, shape: [1], datatype: typeof rec[k] === 'string' ? 'BYTES' : 'FP64', data: [rec[k]] })) }), '4xx');
  }
  add('missing fields', 'PUT', '/api/models/pump/aliases/staging', J({ version: 1 }), '4xx', { ...json, authorization: `Bearer ${token}` });
  add('missing fields', 'POST', '/api/models/pump/versions/1/approve', J({ actor: 'a' }), '4xx', { ...json, authorization: `Bearer ${token}` });
  add('missing fields', 'PUT', '/api/models/pump/aliases/staging', J({ version: '1', actor: 'a' }), '4xx', { ...json, authorization: `Bearer ${token}` });

  // Malformed bodies on every body-taking route.
  const bodyRoutes = ['/predict', '/predict/batch', '/invocations', '/v2/models/pump/infer', '/api/models/pump/aliases/staging'];
  const malformed = ['', '{', '{"a":', '[1,2', 'nul', '{"a":1}{"b":2}', '\u0000\u0001\u0002', '\uFEFF', '{"a":01}', "{'a':1}", '{"a":1,}', 'undefined', '"just a string"', '12', 'null', '[]', '{}', `${'['.repeat(100)}${']'.repeat(100)}`];
  for (const route of bodyRoutes) {
    for (const m of malformed) add('malformed bodies', route.startsWith('/api') ? 'PUT' : 'POST', route, m, '4xx', route.startsWith('/api') ? { ...json, authorization: `Bearer ${token}` } : json);
  }
  // Wrong content types.
  for (const route of bodyRoutes) {
    for (const ct of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream', 'text/html', '']) {
      if (route === '/invocations' && ct === '') continue;
      const h: Record<string, string> = { authorization: `Bearer ${token}` };
      if (ct) h['content-type'] = ct;
      add('wrong content types', route.startsWith('/api') ? 'PUT' : 'POST', route, J(GOOD_RECORD), '4xx', h);
    }
    if (route !== '/invocations') add('wrong content types', 'POST', route, `${FEATURES.join(',')}\n1,2,3,4,mill\n`, '4xx', { 'content-type': 'text/csv', authorization: `Bearer ${token}` });
  }
  // Huge: over the byte limit, over the record limit, and the adversarial bodies at the limit.
  add('huge', 'POST', '/predict/batch', J({ records: Array.from({ length: 12_000 }, () => GOOD_RECORD) }), '4xx');
  add('huge', 'POST', '/predict/batch', J({ records: Array.from({ length: 10_001 }, () => ({})) }), '4xx');
  add('huge', 'POST', '/invocations', `${FEATURES.join(',')}\n${'1,2,3,4,mill\n'.repeat(10_001)}`, '4xx', { 'content-type': 'text/csv' });
  add('huge', 'POST', '/predict', J({ ...rec, Machine_Type: 'x'.repeat(2 * 1024 * 1024) }), '4xx');
  for (const b of adversarialBodies()) add('huge', b.method, b.path, b.body, 'not5xx', { 'content-type': b.contentType });
  // Wrong methods and unknown routes.
  const routes = ['/predict', '/predict/batch', '/invocations', '/v2/models/pump/infer', '/health', '/model/info', '/model/reload', '/metrics', '/api/models', '/api/models/pump/aliases/production'];
  for (const r of routes) for (const m of ['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) add('wrong methods / routes', m, r, '', '4xx', {});
  for (const r of ['/nope', '/predict/x', '/v2/models', '/api', '/api/models/pump/versions/abc', '/v2/models/other/infer', '/api/models/nope/audit', '/api/models/pump/versions/99', '/%00', '/..%2f..%2fetc%2fpasswd']) add('wrong methods / routes', 'GET', r, '', '4xx', {});
  // Every spelling of every protected route, without the right token.
  const writes: [string, string, unknown][] = [
    ['POST', '/model/reload', undefined],
    ['POST', '/api/models/pump/versions/2/approve', { actor: 'mallory', reason: 'x' }],
    ['POST', '/api/models/pump/versions/2/reject', { actor: 'mallory', reason: 'x' }],
    ['PUT', '/api/models/pump/aliases/production', { version: 2, actor: 'mallory', force: true, reason: 'x' }],
    ['DELETE', '/api/models/pump/aliases/staging', { actor: 'mallory', reason: 'x' }],
    ['POST', '/api/models/pump/aliases/staging/rollback', { actor: 'mallory', force: true, reason: 'x' }],
  ];
  for (const [m, p, b] of writes) {
    for (const v of pathVariants(p, port)) {
      for (const h of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-123' }, { authorization: token }]) {
        add('auth bypass (protected routes)', m, v.target, b === undefined ? '' : J(b), '4xx', { ...(b === undefined ? {} : json), ...h }, true);
      }
    }
  }
  return out;
}

export interface ProbeTable {
  rows: { category: string; counts: Record<Outcome | 'bypass' | 'failed', number>; total: number }[];
  failures: string[];
  total: number;
}

/** Send every probe (a few at a time) and tally outcomes per category. */
export async function runProbes(port: number, probes: Probe[], concurrency = 4): Promise<ProbeTable> {
  const byCat = new Map<string, ProbeTable['rows'][number]>();
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < probes.length) {
      const p = probes[next++]!;
      const r = await rawRequest(port, `${p.method} ${p.target} HTTP/1.1`, p.headers, p.body, 30_000);
      const outcome: Outcome = r.status === -1 ? 'hang' : r.status >= 200 && r.status < 300 ? '2xx' : r.status >= 400 && r.status < 500 ? '4xx' : r.status >= 500 ? '5xx' : 'other';
      const row = byCat.get(p.category) ?? { category: p.category, counts: { '2xx': 0, '4xx': 0, '5xx': 0, hang: 0, other: 0, bypass: 0, failed: 0 }, total: 0 };
      byCat.set(p.category, row);
      row.total++;
      row.counts[outcome]++;
      const bypass = !!p.protectedRoute && outcome === '2xx';
      if (bypass) row.counts.bypass++;
      let ok = outcome !== '5xx' && outcome !== 'hang' && outcome !== 'other' && !bypass;
      if (p.expect === '4xx' && outcome !== '4xx') ok = false;
      if (p.expect === '2xx' && outcome !== '2xx') ok = false;
      if (ok && outcome === '4xx') {
        try {
          const b = JSON.parse(r.body) as { code?: string; message?: string };
          if (!/^FW_ERR_/.test(b.code ?? '') || typeof b.message !== 'string') ok = false;
        } catch {
          ok = false;
        }
      }
      if (!ok) {
        row.counts.failed++;
        failures.push(`[${p.category}] ${p.method} ${p.target.slice(0, 80)} ${p.body.slice(0, 60).replace(/\n/g, '\\n')} → ${r.status} ${r.body.slice(0, 120)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rows: [...byCat.values()], failures, total: probes.length };
}

export function formatProbeTable(t: ProbeTable): string {
  const w = Math.max(...t.rows.map((r) => r.category.length), 8);
  const cols = ['2xx', '4xx', '5xx', 'hang', 'bypass', 'failed'] as const;
  const lines = [`${'probe'.padEnd(w)}  ${'sent'.padStart(5)}  ${cols.map((c) => c.padStart(6)).join('  ')}`];
  for (const r of t.rows) lines.push(`${r.category.padEnd(w)}  ${String(r.total).padStart(5)}  ${cols.map((c) => String(r.counts[c]).padStart(6)).join('  ')}`);
  const sum = (c: (typeof cols)[number]) => t.rows.reduce((a, r) => a + r.counts[c], 0);
  lines.push(`${'total'.padEnd(w)}  ${String(t.total).padStart(5)}  ${cols.map((c) => String(sum(c)).padStart(6)).join('  ')}`);
  return lines.join('\n');
}
