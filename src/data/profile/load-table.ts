/**
 * Load one CSV / Parquet file into a DuckDB table with DuckDB's own readers, keeping column names exactly as
 * written. Every failure names the file: missing, not a file, empty, unparsable.
 */
import { stat } from 'node:fs/promises';
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
  const reader = ext === '.parquet' || ext === '.pq'
    ? `read_parquet(${literal(file)})`
    // header=true: profiles are of tables with a header row; all_varchar fallback is not used so numbers stay numbers.
    : `read_csv(${literal(file)}, header = true, sample_size = 100000)`;
  try {
    await duck.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${reader}`);
  } catch (e) {
    throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: cannot be read as ${ext === '.parquet' || ext === '.pq' ? 'Parquet' : 'CSV'}: ${firstLine((e as Error).message)}`, undefined, e);
  }
  const desc = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(table)}`);
  const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`) as [{ n: number }];
  if (n === 0) throw ProfileErrors.FW_ERR_PROFILE_UNREADABLE(`${file}: has a header but no data rows`);
  return {
    file, table, bytes, rows: Number(n),
    columns: desc.map((d) => ({ name: d.column_name, type: d.column_type, kind: kindOf(d.column_type) })),
  };
}
