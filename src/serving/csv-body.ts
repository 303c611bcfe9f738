import { ServingErrors } from './errors.js';
import { setOwn } from './own-field.js';

/**
 * A text/csv request body, kept apart from a JSON string body (`"a,b\n1,2"` sent as application/json is a JSON
 * string, not a CSV document).
 */
export class CsvText {
  // A private field: invisible to the route's JSON-schema validation, which sees an object without properties.
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  get text(): string {
    return this.#text;
  }
}

/**
 * Parse a text/csv request body (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records keyed by the
 * header. Cells become JSON-like values so the same signature validator applies: empty → null, numeric text →
 * number (so "NaN", "inf" and "1e999" arrive as NaN/Infinity and are refused by range/finite checks), true/false →
 * boolean, anything else stays a string (categories).
 *
 * Linear in the body: one pass with indexOf over quoted runs, no backtracking regular expression, and it stops at the
 * first row over `maxRecords` or a header over `maxColumns` instead of building what it will refuse. (csv-parse 6 was
 * measured against it on 1 MiB bodies: as fast on well-formed rows, 2–10x slower on many empty lines or commas.)
 */
export function parseCsvRecords(text: string, maxRecords: number, maxColumns = 10_000): Record<string, unknown>[] {
  const { rows, header } = splitWithHeader(text, maxRecords, maxColumns);
  const out: Record<string, unknown>[] = [];
  buildRecords(rows, header, 1, rows.length, out);
  return out;
}

/** parseCsvRecords, building the records in chunks of `chunk` rows with a yield to the event loop in between. */
export async function parseCsvRecordsYielding(text: string, maxRecords: number, maxColumns = 10_000, chunk = 1024): Promise<Record<string, unknown>[]> {
  const { rows, header } = splitWithHeader(text, maxRecords, maxColumns);
  const out: Record<string, unknown>[] = [];
  for (let from = 1; from < rows.length; from += chunk) {
    if (from > 1) await new Promise((r) => setImmediate(r));
    buildRecords(rows, header, from, Math.min(rows.length, from + chunk), out);
  }
  return out;
}

function splitWithHeader(text: string, maxRecords: number, maxColumns: number): { rows: string[][]; header: string[] } {
  const rows = splitCsv(text, maxRecords + 1, maxColumns);
  if (rows.length === 0) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY('the CSV body is empty; send a header row with the feature names, then one row per record');
  const header = rows[0]!;
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === '') throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line 1, column ${j + 1}: empty column name (a header row with the feature names is required)`);
    if (seen.has(h)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line 1: column '${clip(h)}' appears twice`);
    seen.add(h);
  });
  return { rows, header };
}

function buildRecords(rows: string[][], header: string[], from: number, to: number, out: Record<string, unknown>[]): void {
  for (let i = from; i < to; i++) {
    const r = rows[i]!;
    if (r.length !== header.length) {
      throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${i + 1}: ${r.length} values, but the header has ${header.length} columns`);
    }
    const rec: Record<string, unknown> = {};
    for (let j = 0; j < header.length; j++) setOwn(rec, header[j]!, cellValue(r[j]!));
    out.push(rec);
  }
}

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

// Unambiguous (each character has one place to go), so a failed match is linear: no nested quantifiers.
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = new Map<string, number>([['nan', NaN], ['inf', Infinity], ['infinity', Infinity], ['-inf', -Infinity], ['-infinity', -Infinity], ['+inf', Infinity], ['+infinity', Infinity], ['+nan', NaN], ['-nan', NaN]]);

function cellValue(s: string): unknown {
  const t = s.trim();
  if (t === '') return null;
  if (t === 'true' || t === 'True' || t === 'TRUE') return true;
  if (t === 'false' || t === 'False' || t === 'FALSE') return false;
  if (NUMERIC.test(t)) return Number(t);
  if (t.length <= 9) {
    const low = t.toLowerCase();
    const sp = SPECIAL.get(low);
    // Only the spellings the previous parser accepted (nan/NaN/NAN, inf/Inf/INF, infinity/Infinity).
    if (sp !== undefined && /^[+-]?(?:nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)$/.test(t)) return sp;
  }
  return s;
}

const COMMA = 44, QUOTE = 34, LF = 10, CR = 13;
/** Longest cell accepted: categories and numbers are short; a 1 MiB cell is only ever an attack or a mistake. */
export const MAX_CELL_CHARS = 65_536;

function splitCsv(text: string, maxRows: number, maxColumns: number): string[][] {
  const rows: string[][] = [];
  // Blank lines are kept only when a non-blank row follows (trailing ones are dropped); counting them as they come
  // would let a body of a million empty lines build a million rows first.
  let pendingBlank = 0;
  let line = 1;
  const n = text.length;
  let i = 0;
  const push = (row: string[]): void => {
    const blank = row.length === 1 && row[0] === '';
    if (blank && rows.length > 0) {
      pendingBlank++;
    } else {
      for (; pendingBlank > 0; pendingBlank--) addRow(['']);
      if (!blank || rows.length > 0) addRow(row);
    }
  };
  const addRow = (row: string[]): void => {
    rows.push(row);
    if (rows.length > maxRows) throw ServingErrors.FW_ERR_SERVE_BODY_TOO_LARGE(`the CSV has more than ${maxRows - 1} records; the limit is ${maxRows - 1} (serve.maxBatchRecords)`);
  };
  while (i < n) {
    const first = text.charCodeAt(i);
    if ((first === LF || first === CR) && rows.length > 0) {
      // A blank line: counted, not built (see push).
      pendingBlank++;
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const row: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        const startLine = line;
        // To the closing quote (one not followed by another) in one pass; doubled quotes become one.
        let k = i + 1;
        let seg = k;
        let parts: string[] | undefined;
        for (;;) {
          if (k >= n) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${startLine}: a quoted field is never closed`);
          const d = text.charCodeAt(k);
          if (d === QUOTE) {
            if (text.charCodeAt(k + 1) !== QUOTE) break;
            (parts ??= []).push(text.slice(seg, k + 1));
            k += 2;
            seg = k;
            continue;
          }
          if (d === LF) line++;
          if (++k - i > MAX_CELL_CHARS) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${startLine}: a quoted value longer than ${MAX_CELL_CHARS} characters; no feature value needs that`);
        }
        cell = parts ? parts.join('') + text.slice(seg, k) : text.slice(seg, k);
        i = k + 1;
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c !== -1 && c !== COMMA && c !== LF && c !== CR) {
          throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${line}: unexpected character after a closing quote`);
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
        }
        if (j - i > MAX_CELL_CHARS) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${line}: a value longer than ${MAX_CELL_CHARS} characters; no feature value needs that`);
        cell = text.slice(i, j);
        i = j;
      }
      row.push(cell);
      if (row.length > maxColumns) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${line}: more than ${maxColumns} columns; the model has far fewer features`);
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === COMMA) {
        i++;
        if (i === n) row.push('');
        else continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    push(row);
  }
  return rows;
}
