/**
 * Load one CSV / Parquet file into a DuckDB table with DuckDB's own readers, keeping column names exactly as
 * written. Every failure names the file: missing, not a file, empty, unparsable.
 */
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { extname } from 'node:path';
import { ident, literal, type Duck } from '../duckdb.js';
import { ProfileErrors } from './errors.js';

export type ColumnKind = 'numeric' | 'boolean' | 'temporal' | 'string' | 'other';

export interface LoadedColumn {
  name: string;
  type: string;
  kind: ColumnKind;
}

export interface LoadedTable {
  file: string;
  table: string;
  bytes: number;
  rows: number;
  columns: LoadedColumn[];
}

export function kindOf(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'numeric';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP|TIME)/.test(t)) return 'temporal';
  if (t === 'VARCHAR') return 'string';
  return 'other';
}

function firstLine(msg: string): string {
  return msg.split('\n').find((l) => l.trim() !== '')?.trim() ?? msg;
}

/** Fields of one CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Read the header line ourselves: DuckDB's dialect sniffer can silently take a later (wider) row as the header of a
 * ragged file, so we pin the delimiter and then check DuckDB's columns against this header.
 */
async function csvHeader(file: string): Promise<{ delim: string; fields: string[] }> {
  const fh = await open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
  const nl = text.indexOf('\n');
  if (nl < 0 && text.length >= 65536 - 4) throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: line 1 (the header) is longer than 64 KB; is this a CSV file?`);
  const line = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  if (line.trim() === '') throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: line 1 is empty; expected a header row`);
  let delim = ',';
  let best = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = splitCsvLine(line, d).length;
    if (n > best) { best = n; delim = d; }
  }
  return { delim, fields: splitCsvLine(line, delim) };
}

/**
 * After DuckDB refused a CSV, find the first physical line whose field count differs from the header's, so the
 * error can name it. Quote state carries across lines (quoted newlines); a quote still open at the end is reported.
 */
export async function findBadCsvLine(file: string, delim: string, nFields: number): Promise<string | null> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let record = '';
  let startLine = 0;
  try {
    for await (const raw of rl) {
      lineNo++;
      if (lineNo === 1) continue;
      if (record === '') startLine = lineNo;
      record = record === '' ? raw : `${record}\n${raw}`;
      if (((record.match(/"/g)?.length ?? 0) & 1) === 1) continue; // inside a quoted field: record continues
      const n = record === '' ? nFields : splitCsvLine(record, delim).length;
      if (record.trim() !== '' && n !== nFields) return `line ${startLine} has ${n} fields, the header has ${nFields}`;
      record = '';
    }
  } finally {
    rl.close();
  }
  return record !== '' ? `line ${startLine}: a quoted field is never closed` : null;
}

export async function loadTable(duck: Duck, file: string, table: string): Promise<LoadedTable> {
  let bytes: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw ProfileErrors.FW_ERR_PROFILE_FILE_NOT_FOUND(`${file}: not a regular file`);
    bytes = s.size;
  } catch (e) {
    if ((e as { code?: string }).code === 'FW_ERR_PROFILE_FILE_NOT_FOUND') throw e;
    throw ProfileErrors.FW_ERR_PROFILE_FILE_NOT_FOUND(`${file}: no such file`, undefined, e);
  }
  if (bytes === 0) throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: the file is empty`);
  const ext = extname(file).toLowerCase();
  const isParquet = ext === '.parquet' || ext === '.pq';
  // Compressed CSV (.gz, .zst): DuckDB decompresses; our plain-text header read can't, so its sniffer decides.
  const compressed = /\.(gz|zst)$/i.test(file);
  const header = isParquet || compressed ? null : await csvHeader(file);
  const reader = isParquet
    ? `read_parquet(${literal(file)})`
    : compressed
    ? `read_csv(${literal(file)}, header = true, strict_mode = true, null_padding = false, sample_size = 100000)`
    // Dialect pinned from our own header read; strict mode so ragged rows fail instead of being padded or skipped.
    : `read_csv(${literal(file)}, header = true, delim = ${literal(header!.delim)}, quote = '"', escape = '"', strict_mode = true, null_padding = false, sample_size = 100000)`;
  try {
    await duck.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${reader}`);
  } catch (e) {
    const where = header ? await findBadCsvLine(file, header.delim, header.fields.length).catch(() => null) : null;
    const why = where ?? firstLine((e as Error).message);
    throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: cannot be read as ${isParquet ? 'Parquet' : 'CSV'}: ${why}`, undefined, e);
  }
  const desc = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(table)}`);
  if (header) {
    const names = desc.map((d) => d.column_name);
    const same = names.length === header.fields.length && header.fields.every((f, i) => f.trim() === '' || names[i] === f || names.indexOf(f) !== names.lastIndexOf(f) || names[i]!.startsWith(f));
    if (!same) {
      const where = await findBadCsvLine(file, header.delim, header.fields.length).catch(() => null);
      if (where) throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: cannot be read as CSV: ${where}`);
      throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(
        `${file}: line 1 has ${header.fields.length} fields (${header.fields.slice(0, 8).map((f) => JSON.stringify(f)).join(', ')}${header.fields.length > 8 ? ', ...' : ''}) but the rows could not be read with that header; the file has ragged or malformed rows`,
      );
    }
  }
  const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`) as [{ n: number }];
  return {
    file, table, bytes, rows: Number(n),
    columns: desc.map((d) => ({ name: d.column_name, type: d.column_type, kind: kindOf(d.column_type) })),
  };
}
