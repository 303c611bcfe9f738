import { ServingErrors } from './errors.js';

/**
 * Parse a text/csv request body (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records keyed by the
 * header. Cells become JSON-like values so the same signature validator applies: empty → null, numeric text →
 * number (so "NaN", "inf" and "1e999" arrive as NaN/Infinity and are refused by range/finite checks), true/false →
 * boolean, anything else stays a string (categories).
 */
export function parseCsvRecords(text: string, maxRecords: number): Record<string, unknown>[] {
  const rows = splitCsv(text);
  while (rows.length && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === '') rows.pop();
  if (rows.length === 0) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY('the CSV body is empty; send a header row with the feature names, then one row per record');
  const header = rows[0]!;
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === '') throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line 1, column ${j + 1}: empty column name (a header row with the feature names is required)`);
    if (seen.has(h)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line 1: column '${h}' appears twice`);
    seen.add(h);
  });
  if (rows.length - 1 > maxRecords) throw ServingErrors.FW_ERR_SERVE_BODY_TOO_LARGE(`the CSV has ${rows.length - 1} records; the limit is ${maxRecords} (serve.maxBatchRecords)`);
  const out: Record<string, unknown>[] = [];
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length !== header.length) {
      throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${i + 1}: ${r.length} values, but the header has ${header.length} columns`);
    }
    const rec: Record<string, unknown> = {};
    for (let j = 0; j < header.length; j++) rec[header[j]!] = cellValue(r[j]!);
    out.push(rec);
  }
  return out;
}

const NUMERIC = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)$/;

function cellValue(s: string): unknown {
  const t = s.trim();
  if (t === '') return null;
  if (t === 'true' || t === 'True' || t === 'TRUE') return true;
  if (t === 'false' || t === 'False' || t === 'FALSE') return false;
  if (NUMERIC.test(t)) {
    const low = t.toLowerCase().replace(/^[+]/, '');
    if (low === 'nan') return NaN;
    if (low === 'inf' || low === 'infinity') return Infinity;
    if (low === '-inf' || low === '-infinity') return -Infinity;
    return Number(t);
  }
  return s;
}

function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && cell === '') {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${startLine}: a quoted field is never closed`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (c === '\n') line++;
        cell += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`CSV line ${line}: unexpected character after a closing quote`);
      }
      continue;
    }
    if (ch === ',') { row.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      row.push(cell); cell = '';
      rows.push(row); row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    cell += ch;
    i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
