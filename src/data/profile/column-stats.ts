/**
 * Per-column statistics computed inside DuckDB in one pass per table (plus one GROUP BY per text column for its
 * top values). Numeric statistics are over finite values; NaN / ±Infinity are counted separately because a
 * profile should expose them, not let them poison the mean.
 */
import { ident, type Duck } from '../duckdb.js';
import type { LoadedColumn, LoadedTable } from './load-table.js';

export interface ColumnStats {
  name: string;
  type: string;
  kind: LoadedColumn['kind'];
  count: number;
  missing: number;
  distinct: number;
  /** Numeric columns: NaN / ±Infinity values (excluded from the statistics below). */
  nonFinite?: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  /** p5, p25, median, p75, p95 */
  quantiles?: [number, number, number, number, number];
  /** Most frequent values (text, boolean, low-cardinality numbers). */
  top?: { value: string; count: number }[];
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** `col` as DOUBLE, NULL when not finite, for numeric statistics. */
export function finiteExpr(col: string): string {
  return `CASE WHEN isfinite(${ident(col)}::DOUBLE) THEN ${ident(col)}::DOUBLE END`;
}

export async function columnStats(duck: Duck, t: LoadedTable, topK = 10): Promise<ColumnStats[]> {
  // Two passes: counts/distincts on raw columns, then numeric moments and quantiles over a CTE that computes each
  // finite-value expression once (measured ~2x faster than one query repeating the CASE per aggregate).
  const counts: string[] = [];
  const fin: string[] = [];
  const stats: string[] = [];
  t.columns.forEach((c, i) => {
    const q = ident(c.name);
    counts.push(`count(${q}) AS "c${i}_n"`);
    // Exact distinct counts are affordable up to a few million rows; beyond that HyperLogLog is within ~2 %.
    counts.push(t.rows <= 5_000_000 ? `count(DISTINCT ${q}) AS "c${i}_d"` : `approx_count_distinct(${q}) AS "c${i}_d"`);
    if (c.kind === 'numeric') {
      fin.push(`${finiteExpr(c.name)} AS "x${i}"`);
      const x = `"x${i}"`;
      stats.push(`count(${x}) AS "c${i}_fin"`, `min(${x}) AS "c${i}_min"`, `max(${x}) AS "c${i}_max"`, `avg(${x}) AS "c${i}_mean"`,
        `stddev_samp(${x}) AS "c${i}_std"`, `quantile_cont(${x}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS "c${i}_q"`);
    } else if (c.kind === 'temporal') {
      counts.push(`min(${q})::VARCHAR AS "c${i}_min"`, `max(${q})::VARCHAR AS "c${i}_max"`);
    } else if (c.kind === 'string') {
      counts.push(`min(length(${q})) AS "c${i}_min"`, `max(length(${q})) AS "c${i}_max"`);
    }
  });
  const [row1] = await duck.all<Record<string, unknown>>(`SELECT ${counts.join(', ')} FROM ${ident(t.table)}`);
  const [row2] = stats.length
    ? await duck.all<Record<string, unknown>>(`WITH f AS (SELECT ${fin.join(', ')} FROM ${ident(t.table)}) SELECT ${stats.join(', ')} FROM f`)
    : [{}];
  const row = { ...row1, ...row2 };
  const out: ColumnStats[] = [];
  for (const [i, c] of t.columns.entries()) {
    const r = row as Record<string, unknown>;
    const count = num(r[`c${i}_n`]);
    const s: ColumnStats = { name: c.name, type: c.type, kind: c.kind, count, missing: t.rows - count, distinct: num(r[`c${i}_d`]) };
    if (c.kind === 'numeric') {
      s.nonFinite = count - num(r[`c${i}_fin`]);
      s.min = num(r[`c${i}_min`]);
      s.max = num(r[`c${i}_max`]);
      s.mean = num(r[`c${i}_mean`]);
      s.std = num(r[`c${i}_std`]);
      const q = r[`c${i}_q`] as unknown[] | null;
      if (Array.isArray(q)) s.quantiles = q.map(num) as ColumnStats['quantiles'];
    } else if (c.kind === 'temporal') {
      s.min = (r[`c${i}_min`] as string | null) ?? undefined;
      s.max = (r[`c${i}_max`] as string | null) ?? undefined;
    } else if (c.kind === 'string') {
      // For text, min/max are lengths: the useful "range" of a string column.
      s.min = num(r[`c${i}_min`]);
      s.max = num(r[`c${i}_max`]);
    }
    if (c.kind === 'string' || c.kind === 'boolean' || (c.kind === 'numeric' && s.distinct <= 20)) {
      const top = await duck.all<{ v: string | null; n: number }>(
        `SELECT ${ident(c.name)}::VARCHAR AS v, count(*) AS n FROM ${ident(t.table)} WHERE ${ident(c.name)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${topK}`,
      );
      s.top = top.map((x) => ({ value: String(x.v), count: Number(x.n) }));
    }
    out.push(s);
  }
  return out;
}
