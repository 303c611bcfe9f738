import type { Duck } from '../data/duckdb.js';
import { ident } from '../data/duckdb.js';

/**
 * Tiny tables for tests: rows of JS values → a DuckDB table. Dates become TIMESTAMP literals, NaN a real NaN
 * double, null NULL. Not for production loading (that is the data layer's job).
 */
export type Cell = number | string | Date | null | boolean;

function lit(v: Cell, type: string): string {
  if (v === null) return `null::${type}`;
  if (v instanceof Date) return `timestamp '${v.toISOString().replace('T', ' ').replace('Z', '')}'`;
  if (typeof v === 'number') return Number.isNaN(v) ? `'nan'::double` : Number.isFinite(v) ? `${v}::${type}` : `'${v > 0 ? 'inf' : '-inf'}'::double`;
  if (typeof v === 'boolean') return String(v);
  return `'${v.replace(/'/g, "''")}'::${type}`;
}

export async function createTable(duck: Duck, name: string, columns: Record<string, string>, rows: Cell[][]): Promise<void> {
  const cols = Object.entries(columns);
  await duck.run(`create or replace table ${ident(name)} (${cols.map(([c, t]) => `${ident(c)} ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await duck.run(`insert into ${ident(name)} values ${chunk.map((r) => `(${r.map((v, j) => lit(v, cols[j]![1])).join(', ')})`).join(', ')}`);
  }
}

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);
export const at = (h: number): Date => new Date(T0 + h * HOUR);
