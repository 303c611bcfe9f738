import type { Duck } from '../duckdb.js';
import { ident } from '../duckdb.js';
import type { Contract } from '../contracts/schema.js';
import { sqlType } from '../validate/cell-rules.js';
import { hashJson } from '../../core/hash.js';

/**
 * Hash of a table's canonical content, computed in DuckDB: each row's typed values as text (NULL as \N, fields
 * joined by the unit separator) → md5, the row digests concatenated in file order → sha256. Parquet bytes are not
 * hashed because their layout may change with the writer's version or thread count while the data stays the same;
 * the text forms of DOUBLE (shortest round-trip) and TIMESTAMP are deterministic.
 */
export async function tableContentHash(duck: Duck, table: string, contract: Contract): Promise<string> {
  const cells = contract.columns.map((c) => `coalesce(cast(${ident(c.name)} as VARCHAR), '\\N')`).join(', ');
  const [r] = await duck.all<{ h: string }>(
    `select sha256(coalesce(string_agg(md5(concat_ws(chr(31), ${cells})), '' order by _row), '')) as h from ${ident(table)}`,
  );
  return r!.h;
}

/** Hash of what a contract means (not how it was written: key order and defaults are normalised by zod + canonical JSON). */
export function contractHash(contract: Contract): string {
  return hashJson(contract);
}

export function snapshotColumns(contract: Contract): { name: string; type: string; sqlType: string; unit?: string }[] {
  return contract.columns.map((c) => ({ name: c.name, type: c.type, sqlType: sqlType(c), ...(c.unit ? { unit: c.unit } : {}) }));
}
