import { createHash, type Hash } from 'node:crypto';
import type { Duck } from '../duckdb.js';
import { ident } from '../duckdb.js';
import type { Contract, ColumnContract } from '../contracts/schema.js';
import { sqlType } from '../validate/cell-rules.js';
import { hashJson, sha256 } from '../../core/hash.js';

/**
 * Hash of a table's canonical content, in file order: one sha256 per column over its values — numbers, integers,
 * booleans and timestamps (as epoch microseconds) as IEEE-754 float64 bytes (little-endian; NULL is NaN, which the
 * finite rule keeps out of accepted data), text as UTF-8 with each value terminated by NUL (NULL as \x01) — then a
 * sha256 over the column names, types and digests. This does not depend on Parquet bytes (which may change with the
 * writer's version or threads) nor on DuckDB's own hash() (not stable across versions), and it avoids formatting
 * every double as text, which costs seconds on a million rows.
 */
export async function tableContentHash(duck: Duck, table: string, contract: Contract): Promise<string> {
  const numeric = (c: ColumnContract): boolean => c.type !== 'string' && c.type !== 'category';
  const exprs = contract.columns.map((c) => {
    const x = ident(c.name);
    if (c.type === 'timestamp') return `epoch_us(${x})::DOUBLE`;
    if (numeric(c)) return `${x}::DOUBLE`;
    return `${x}::VARCHAR`;
  });
  const hashes: Hash[] = contract.columns.map(() => createHash('sha256'));
  const res = await duck.connection.stream(`select ${exprs.join(', ')} from ${ident(table)} order by _row`);
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let j = 0; j < contract.columns.length; j++) {
      const v = chunk.getColumnVector(j);
      if (numeric(contract.columns[j]!)) {
        const f = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const x = v.getItem(i) as number | null;
          f[i] = x === null ? NaN : x;
        }
        hashes[j]!.update(new Uint8Array(f.buffer));
      } else {
        let s = '';
        for (let i = 0; i < n; i++) {
          const x = v.getItem(i) as string | null;
          s += x === null ? '\u0001\u0000' : `${x}\u0000`;
        }
        hashes[j]!.update(s, 'utf8');
      }
    }
  }
  const parts = contract.columns.map((c, j) => `${c.name}\u0000${c.type}\u0000${hashes[j]!.digest('hex')}`);
  return sha256(parts.join('\n'));
}

/**
 * Hash of what a contract means: key order and defaults are normalised (zod + canonical JSON), and descriptions are
 * left out, so rewording a description does not make a new dataset version.
 */
export function contractHash(contract: Contract): string {
  const { description: _d, ...rest } = contract;
  return hashJson({ ...rest, columns: rest.columns.map(({ description: _c, ...col }) => col) });
}

export function snapshotColumns(contract: Contract): { name: string; type: string; sqlType: string; unit?: string }[] {
  return contract.columns.map((c) => ({ name: c.name, type: c.type, sqlType: sqlType(c), ...(c.unit ? { unit: c.unit } : {}) }));
}
