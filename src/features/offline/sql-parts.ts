import { ident } from '../../data/duckdb.js';
import { FeatureErrors } from '../errors.js';

/**
 * Small SQL builders shared by the feature and label compilers. Every user column goes through ident(); every
 * time becomes integer epoch milliseconds so window frames can be exact about open and closed ends.
 */

/** SQL turning a time column of the given DuckDB type into BIGINT epoch-ms. Numbers are taken as epoch-ms. */
export function timeExprFor(dataType: string, where: string): (colSql: string) => string {
  const t = dataType.toUpperCase();
  // TIMESTAMPTZ → TIMESTAMP would shift by the session time zone; epoch_ms reads the instant directly.
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return (c) => `epoch_ms(${c})`;
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return (c) => `epoch_ms(cast(${c} as timestamp))`;
  // Text: an explicit offset is honoured (a plain TIMESTAMP cast would drop it); naive text is UTC.
  if (t === 'VARCHAR') {
    return (c) => `(case when regexp_matches(trim(${c}), '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$') then epoch_ms(cast(trim(${c}) as timestamptz)) else epoch_ms(cast(trim(${c}) as timestamp)) end)`;
  }
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UINTEGER|UBIGINT|DOUBLE|FLOAT|DECIMAL)/.test(t)) return (c) => `cast(${c} as bigint)`;
  throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: a time column must be TIMESTAMP, DATE, an ISO text or epoch milliseconds, not ${dataType}`);
}

/** Entities are compared as text so an INTEGER machineID in one table joins a BIGINT one in another. */
export function entityExpr(col: string | null): string {
  return col === null ? `''` : `cast(${ident(col)} as varchar)`;
}

/** NaN, ±Infinity and NULL are all "missing" for aggregates (DuckDB's stddev rejects NaN outright). */
export function cleanNumber(colSql: string): string {
  return `(case when isfinite(cast(${colSql} as double)) then cast(${colSql} as double) end)`;
}

export function sqlList(values: string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::varchar[]`;
}

export function str(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}
