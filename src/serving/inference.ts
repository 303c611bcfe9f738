import type { LoadedModel } from '../inference/loaded-model.js';
import { MAX_FIELD_ERRORS, type InputFieldError } from '../inference/record-validator.js';
import { ServingErrors } from './errors.js';

/** At most this many field errors are returned (a 10,000-record batch of garbage must not produce a 50 MB reply). */
export const MAX_REPORTED_ERRORS = MAX_FIELD_ERRORS;

export function badInput(errors: InputFieldError[], what = 'the request'): never {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const head = shown.slice(0, 3).map((e) => `${e.field}: expected ${e.expected}, got ${e.got}`).join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  throw ServingErrors.FW_ERR_SERVE_BAD_INPUT(`${what} does not match the model signature: ${head}${more}`, {
    errors: shown,
    ...(errors.length > shown.length ? { truncated: errors.length - shown.length } : {}),
  });
}


/**
 * One record → probabilities. For sync predictors this is the zero-allocation hot path: the row and output are the
 * model's scratch buffers, valid until the caller next yields (callers serialise the reply before any await).
 */
export function predictOneSync(m: LoadedModel, record: unknown): Float64Array | undefined {
  const errors: InputFieldError[] = [];
  m.validator.fill(record, m.rowBuf, 0, errors);
  if (errors.length) badInput(errors, 'the record');
  const p = m.predictor;
  if (!p.predictOne) return undefined;
  return p.predictOne(m.rowBuf, m.outBuf);
}

/**
 * Rows validated or scored between two yields to the event loop. A 10,000-record batch of a 100-tree forest is
 * ~100 ms of CPU; in chunks, /health and small requests are answered in between, and a raised limit (a million
 * records) cannot freeze the service for seconds.
 */
export const CHUNK_ROWS = 1024;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Records produced on demand (a protocol's columns), so a large request never holds one object per record. */
export interface RecordSource {
  readonly n: number;
  at(i: number): unknown;
}

/** Validate and encode many records (errors prefixed `[i].`), then predict them, in chunks that yield. */
export function predictRecords(m: LoadedModel, records: readonly unknown[]): Promise<{ rows: Float64Array; probs: Float64Array }> {
  return predictRecordSource(m, { n: records.length, at: (i) => records[i] });
}

export async function predictRecordSource(m: LoadedModel, records: RecordSource): Promise<{ rows: Float64Array; probs: Float64Array }> {
  const P = m.nFeatures;
  const n = records.n;
  const rows = new Float64Array(n * P);
  const errors: InputFieldError[] = [];
  for (let i = 0; i < n; i++) {
    m.validator.fill(records.at(i), rows, i * P, errors, `[${i}].`);
    if (errors.length > MAX_REPORTED_ERRORS) break;
    if ((i + 1) % CHUNK_ROWS === 0 && i + 1 < n) await yieldToLoop();
  }
  if (errors.length) badInput(errors, n === 1 ? 'the record' : 'the batch');
  return { rows, probs: await predictRows(m, rows, n) };
}

/** Probabilities of n already encoded rows (row-major, n × nFeatures); batches over CHUNK_ROWS yield between chunks. */
export function predictRows(m: LoadedModel, rows: Float64Array, n: number): Float64Array | Promise<Float64Array> {
  if (n === 0) return new Float64Array(0);
  const P = m.nFeatures;
  if (n <= CHUNK_ROWS) return m.predictor.predictBatch({ nRows: n, nFeatures: P, data: rows });
  return (async () => {
    const K = m.labels.length;
    const out = new Float64Array(n * K);
    for (let s = 0; s < n; s += CHUNK_ROWS) {
      const e = Math.min(n, s + CHUNK_ROWS);
      out.set(await m.predictor.predictBatch({ nRows: e - s, nFeatures: P, data: rows.subarray(s * P, e * P) }), s * K);
      if (e < n) await yieldToLoop();
    }
    return out;
  })();
}
