import { GOOD_RECORD } from '../../src/serving/testing/fixtures.js';

/**
 * Bodies built to make a parser or validator do more than linear work, each just under the default limits
 * (1 MiB body, 10,000 records): long digit runs, many columns, deep nesting, long strings, many records, many keys.
 * Shared by the event-loop test, the probe script and the soak.
 */
export interface AdversarialBody {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  contentType: string;
  body: string;
}

const MIB = 1024 * 1024;
const FEATURES = Object.keys(GOOD_RECORD);
const csvRow = (): string => FEATURES.map((f) => String((GOOD_RECORD as Record<string, unknown>)[f])).join(',');
/** Repeat `unit` to about `bytes` bytes. */
const fill = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

export function adversarialBodies(limitBytes = MIB - 4096): AdversarialBody[] {
  const L = limitBytes;
  const json = (o: unknown): string => JSON.stringify(o);
  const header = FEATURES.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
  const manyCols = Array.from({ length: Math.floor(L / 9) }, (_, i) => `c${i}`);
  const out: AdversarialBody[] = [
    // CSV (the regex of issue #10: 80 kB of digits took 25 s)
    { name: 'csv long digit run (80 kB)', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${FEATURES[0]}\n${'1'.repeat(80_000)}x\n` },
    { name: 'csv long digit run (1 MiB)', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${FEATURES[0]}\n${'1'.repeat(L - 40)}x\n` },
    { name: 'csv long digits then exponent', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${FEATURES[0]}\n${'1'.repeat(L / 2)}.${'1'.repeat(L / 2 - 60)}e+x\n` },
    { name: 'csv many columns', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${manyCols.join(',')}\n${manyCols.map(() => '1').join(',')}\n` },
    { name: 'csv duplicate column at the end', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${manyCols.join(',')},c0\n` },
    { name: 'csv many records (valid)', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `${header}\n${Array.from({ length: 10_000 }, csvRow).join('\n')}\n` },
    { name: 'csv too many tiny records', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `a\n${fill('1\n', L - 10)}` },
    { name: 'csv one long quoted cell', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `a\n"${fill('x""', L - 20)}"\n` },
    { name: 'csv unclosed quote', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `a\n"${fill('x', L - 20)}` },
    { name: 'csv many empty lines', method: 'POST', path: '/invocations', contentType: 'text/csv', body: `a\n${fill('\r\n', L - 10)}` },
    { name: 'csv many commas', method: 'POST', path: '/invocations', contentType: 'text/csv', body: fill(',', L - 10) },
    // MLflow JSON
    { name: 'dataframe_split many columns', method: 'POST', path: '/invocations', contentType: 'application/json', body: json({ dataframe_split: { columns: manyCols.slice(0, Math.floor(manyCols.length * 0.8)), data: [] } }) },
    { name: 'dataframe_split many rows', method: 'POST', path: '/invocations', contentType: 'application/json', body: json({ dataframe_split: { columns: FEATURES, data: Array.from({ length: 10_000 }, () => FEATURES.map((f) => (GOOD_RECORD as Record<string, unknown>)[f])) } }) },
    { name: 'dataframe_records many records', method: 'POST', path: '/invocations', contentType: 'application/json', body: json({ dataframe_records: Array.from({ length: 10_000 }, () => GOOD_RECORD) }) },
    { name: 'inputs columnar many columns', method: 'POST', path: '/invocations', contentType: 'application/json', body: json({ inputs: Object.fromEntries(manyCols.slice(0, 60_000).map((c) => [c, [1]])) }) },
    { name: 'invocations deep nesting', method: 'POST', path: '/invocations', contentType: 'application/json', body: `{"instances":${'['.repeat(L / 2 - 20)}${']'.repeat(L / 2 - 20)}}` },
    // forewarn protocol
    { name: 'predict long number', method: 'POST', path: '/predict', contentType: 'application/json', body: `{"${FEATURES[0]}":${'1'.repeat(L - 100)}}` },
    { name: 'predict long string', method: 'POST', path: '/predict', contentType: 'application/json', body: json({ ...GOOD_RECORD, Machine_Type: fill('x', L - 300) }) },
    { name: 'predict long escaped string', method: 'POST', path: '/predict', contentType: 'application/json', body: `{"Machine_Type":"${fill('\\u0041', L - 100)}"}` },
    { name: 'predict many keys', method: 'POST', path: '/predict', contentType: 'application/json', body: json(Object.fromEntries(manyCols.slice(0, 70_000).map((c) => [c, 1]))) },
    { name: 'predict deep nesting', method: 'POST', path: '/predict', contentType: 'application/json', body: `{"a":${'['.repeat(L / 2 - 20)}${']'.repeat(L / 2 - 20)}}` },
    { name: 'predict deep object nesting', method: 'POST', path: '/predict', contentType: 'application/json', body: `${'{"a":'.repeat(L / 5 - 10)}1${'}'.repeat(L / 5 - 10)}` },
    { name: 'predict nested __proto__ keys', method: 'POST', path: '/predict', contentType: 'application/json', body: `${'{"__proto__":'.repeat(L / 14 - 10)}1${'}'.repeat(L / 14 - 10)}` },
    { name: 'batch many records (valid)', method: 'POST', path: '/predict/batch', contentType: 'application/json', body: json({ records: Array.from({ length: 10_000 }, () => GOOD_RECORD) }) },
    { name: 'batch many records (valid, spaced)', method: 'POST', path: '/predict/batch', contentType: 'application/json', body: JSON.stringify({ records: Array.from({ length: 7_000 }, () => GOOD_RECORD) }, null, 1) },
    { name: 'batch many bad records', method: 'POST', path: '/predict/batch', contentType: 'application/json', body: json({ records: Array.from({ length: 10_000 }, () => ({ ...GOOD_RECORD, Error_Count: -1, Machine_Type: 'x', extra: 1 })) }) },
    { name: 'batch many tiny records', method: 'POST', path: '/predict/batch', contentType: 'application/json', body: `{"records":[${fill('{},', L - 40)}{}]}` },
    { name: 'batch too many records', method: 'POST', path: '/predict/batch', contentType: 'application/json', body: `{"records":[${fill('1,', L - 40)}1]}` },
    // Open Inference Protocol v2
    { name: 'v2 deep nested data', method: 'POST', path: '/v2/models/pump/infer', contentType: 'application/json', body: `{"inputs":[{"name":"x","shape":[1,5],"datatype":"FP64","data":${'['.repeat(L / 2 - 80)}${']'.repeat(L / 2 - 80)}}]}` },
    { name: 'v2 many tensors', method: 'POST', path: '/v2/models/pump/infer', contentType: 'application/json', body: json({ inputs: Array.from({ length: Math.floor(L / 60) }, (_, i) => ({ name: `t${i}`, shape: [1], datatype: 'FP64', data: [1] })) }) },
    { name: 'v2 long shape', method: 'POST', path: '/v2/models/pump/infer', contentType: 'application/json', body: json({ inputs: [{ name: 'x', shape: Array.from({ length: Math.floor(L / 3) }, () => 9), datatype: 'FP64', data: [1] }] }) },
    { name: 'v2 big matrix', method: 'POST', path: '/v2/models/pump/infer', contentType: 'application/json', body: json({ inputs: [{ name: 'x', shape: [10_000, 5], datatype: 'FP64', data: Array.from({ length: 50_000 }, (_, i) => (i % 5 === 4 ? 1 : 0.5)) }] }) },
    { name: 'v2 long datatype', method: 'POST', path: '/v2/models/pump/infer', contentType: 'application/json', body: json({ inputs: [{ name: 'x'.repeat(L / 2 - 100), shape: [1], datatype: 'F'.repeat(L / 2 - 100), data: [1] }] }) },
    // registry (writes need the token; the body is still read and refused without stalling)
    { name: 'registry long actor', method: 'PUT', path: '/api/models/pump/aliases/staging', contentType: 'application/json', body: json({ version: 1, actor: fill('a', L - 100) }) },
  ];
  return out.filter((b) => Buffer.byteLength(b.body) <= L);
}
