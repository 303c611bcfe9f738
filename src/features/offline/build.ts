import type { Duck } from '../../data/duckdb.js';
import { ident } from '../../data/duckdb.js';
import { CoreErrors, isFwError } from '../../core/errors.js';
import type { ResolvedFeatureSpec } from '../spec.js';
import { FeatureErrors } from '../errors.js';
import { compileFeatureSql, type ColumnTypes } from './compile.js';

/** The DuckDB type of every column of every table the spec reads (the SQL needs them to convert times). */
export async function columnTypes(duck: Duck): Promise<ColumnTypes> {
  const rows = await duck.all<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns`,
  );
  const m = new Map(rows.map((r) => [`${r.table_name}\u0000${r.column_name}`, r.data_type]));
  return (table, column) => {
    const t = m.get(`${table}\u0000${column}`);
    if (t === undefined) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`column ${JSON.stringify(column)} of table ${JSON.stringify(table)} does not exist (was the table changed after the feature spec was resolved?)`);
    return t;
  };
}

export interface FeatureTableResult {
  table: string;
  rows: number;
  sql: string;
  elapsedMs: number;
}

/**
 * Materialise the feature table (`create or replace table ... as`): one statement, so a failure leaves the previous
 * table intact. Rows are ordered by entity, time, then base-row order.
 */
export async function buildFeatureTable(duck: Duck, spec: ResolvedFeatureSpec, outTable: string): Promise<FeatureTableResult> {
  const sql = compileFeatureSql(spec, await columnTypes(duck));
  const t0 = performance.now();
  try {
    await duck.run(`create or replace table ${ident(outTable)} as ${sql}`);
  } catch (e) {
    if (isFwError(e)) throw e;
    const msg = (e as Error).message.split('\n')[0]!;
    if (/Out of Range/i.test(msg)) {
      throw FeatureErrors.FW_ERR_FEATURES_OUT_OF_RANGE(`building feature table ${JSON.stringify(outTable)}: a source value is too large for a window aggregate (${msg})`, undefined, e);
    }
    throw CoreErrors.FW_ERR_CORE_INTERNAL(`building feature table ${JSON.stringify(outTable)} failed in DuckDB: ${(e as Error).message.split('\n')[0]}`, { sql }, e);
  }
  const elapsedMs = performance.now() - t0;
  const [{ n }] = await duck.all<{ n: number }>(`select count(*)::bigint as n from ${ident(outTable)}`);
  return { table: outTable, rows: Number(n), sql, elapsedMs };
}
