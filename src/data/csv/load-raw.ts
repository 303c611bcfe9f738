import type { Duck } from '../duckdb.js';
import { ident, literal } from '../duckdb.js';
import { DataErrors } from '../errors.js';
import type { Preflight } from './preflight.js';

/**
 * Load a pre-flighted CSV into DuckDB as text, exactly as written: every column VARCHAR, nothing inferred; rows keep
 * DuckDB's `rowid` (0-based record number: insertion order is preserved). Typing happens later in SQL so that a bad cell becomes a reported
 * violation on its row instead of a failed load.
 *
 * The pre-flight already proved the structure sound, so DuckDB's strict mode is off: it is what rejects files that
 * mix CRLF and LF line endings, which are legal here.
 */
/**
 * `extra` adds computed columns (`expr as name`) in the same pass, so a large file is materialised only once.
 * `headerLine` > 1 skips blank lines before the header (DuckDB would otherwise take a blank line as the header).
 */
export async function loadRawCsv(duck: Duck, table: string, p: Pick<Preflight, 'file' | 'header'>, delimiter = ',', extra: string[] = [], headerLine = 1): Promise<void> {
  const cols = p.header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ');
  const src = `read_csv(${literal(p.file)}, header = true, auto_detect = false, strict_mode = false, delim = ${literal(delimiter)}, quote = '"', escape = '"', columns = {${cols}}, skip = ${headerLine - 1}, null_padding = false, max_line_size = 8388608)`;
  try {
    await duck.run(`create or replace temp table ${ident(table)} as select *${extra.map((e) => `, ${e}`).join('')} from ${src}`);
  } catch (e) {
    throw DataErrors.FW_ERR_DATA_MALFORMED_CSV(`${p.file}: DuckDB could not read the file after the pre-flight accepted it: ${(e as Error).message.split('\n')[0]}`, { file: p.file }, e);
  }
}

/** The load must see exactly the records the pre-flight counted; anything else means the two parsers disagreed. */
export async function checkRawCount(duck: Duck, table: string, p: Pick<Preflight, 'file' | 'records'>): Promise<void> {
  const [{ n }] = await duck.all<{ n: number }>(`select count(*)::bigint as n from ${ident(table)}`);
  if (Number(n) !== p.records) {
    throw DataErrors.FW_ERR_DATA_MALFORMED_CSV(`${p.file}: DuckDB read ${n} rows but the file has ${p.records} records; the file has a construct forewarn cannot map to lines`, { file: p.file });
  }
}
