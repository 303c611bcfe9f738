/**
 * Data behind the charts: histograms, label balance, correlations, rows over time and per-entity time coverage.
 * All computed in DuckDB; on very large tables histograms and correlations read a fixed-seed sample (the report
 * says so), everything else reads every row.
 */
import { ident, type Duck } from '../duckdb.js';
import { finiteExpr, type ColumnStats } from './column-stats.js';

export interface HistogramBin { start: number; end: number; count: number }

export async function histogram(duck: Duck, table: string, s: ColumnStats, bins = 30): Promise<HistogramBin[]> {
  const min = s.min as number, max = s.max as number;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  const x = finiteExpr(s.name);
  if (max === min) return [{ start: min, end: min + 1, count: s.count - (s.nonFinite ?? 0) }];
  // Integer columns with a small range get one bin per integer, so counts like `age` don't alias.
  // Integer columns get integer-wide bins centred on the values, so ids and counts don't alias into uneven bars.
  const integral = /INT/.test(s.type.toUpperCase());
  const w = integral ? Math.max(1, Math.ceil((max - min + 1) / bins)) : (max - min) / bins;
  const n = integral ? Math.ceil((max - min + 1) / w) : bins;
  const lo = integral ? min - 0.5 : min;
  const rows = await duck.all<{ b: number; n: number }>(
    `SELECT least(floor((${x} - ${lo}) / ${w})::BIGINT, ${n - 1}) AS b, count(*) AS n FROM ${ident(table)} WHERE ${x} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const counts = new Array<number>(n).fill(0);
  for (const r of rows) counts[Number(r.b)] = Number(r.n);
  return counts.map((count, i) => ({ start: lo + i * w, end: lo + (i + 1) * w, count }));
}

export async function valueCounts(duck: Duck, table: string, column: string, limit = 30): Promise<{ value: string; count: number }[]> {
  const rows = await duck.all<{ v: string | null; n: number }>(
    `SELECT coalesce(${ident(column)}::VARCHAR, '(missing)') AS v, count(*) AS n FROM ${ident(table)} GROUP BY 1 ORDER BY n DESC, v LIMIT ${limit}`,
  );
  return rows.map((r) => ({ value: String(r.v), count: Number(r.n) }));
}

/** Pearson correlations between numeric columns (pairwise complete, finite values). */
export async function correlations(duck: Duck, table: string, columns: string[]): Promise<{ a: string; b: string; r: number | null }[]> {
  if (columns.length < 2) return [];
  const parts: string[] = [];
  const pairs: [string, string][] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      parts.push(`corr(${finiteExpr(columns[i]!)}, ${finiteExpr(columns[j]!)}) AS "p${pairs.length}"`);
      pairs.push([columns[i]!, columns[j]!]);
    }
  }
  const [row] = await duck.all<Record<string, unknown>>(`SELECT ${parts.join(', ')} FROM ${ident(table)}`);
  const out: { a: string; b: string; r: number | null }[] = [];
  for (const c of columns) out.push({ a: c, b: c, r: 1 });
  pairs.forEach(([a, b], k) => {
    const v = row![`p${k}`];
    const r = v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
    out.push({ a, b, r }, { a: b, b: a, r });
  });
  return out;
}

/**
 * SQL expression turning the time column into a TIMESTAMP. Typed columns are used as they are; text columns are
 * tried as ISO timestamps, then as DD-MM-YYYY [HH:MM] (seen in real exports). Returns null when nothing parses.
 */
export async function timeExpr(duck: Duck, table: string, column: string, type: string): Promise<string | null> {
  const q = ident(column);
  if (/^(DATE|TIMESTAMP)/i.test(type)) return `${q}::TIMESTAMP`;
  if (!/^VARCHAR$/i.test(type)) return null;
  const candidates = [
    `TRY_CAST(${q} AS TIMESTAMP)`,
    `coalesce(try_strptime(${q}, '%d-%m-%Y %H:%M:%S'), try_strptime(${q}, '%d-%m-%Y %H:%M'), try_strptime(${q}, '%d-%m-%Y'))`,
    `coalesce(try_strptime(${q}, '%d/%m/%Y %H:%M:%S'), try_strptime(${q}, '%d/%m/%Y %H:%M'), try_strptime(${q}, '%d/%m/%Y'))`,
  ];
  for (const expr of candidates) {
    const [r] = await duck.all<{ ok: number; n: number }>(`SELECT count(${expr}) AS ok, count(${q}) AS n FROM ${ident(table)}`);
    if (r && Number(r.n) > 0 && Number(r.ok) >= 0.95 * Number(r.n)) return expr;
  }
  return null;
}

export interface TimeBucket { start: string; rows: number }

/** Rows per time bucket (hour/day/week/month chosen from the span) over the whole table. */
export async function rowsOverTime(duck: Duck, table: string, ts: string): Promise<{ unit: string; buckets: TimeBucket[] }> {
  const [span] = await duck.all<{ s: number }>(`SELECT epoch(max(${ts})) - epoch(min(${ts})) AS s FROM ${ident(table)}`);
  const seconds = Number(span?.s ?? 0);
  const unit = seconds <= 3 * 86400 ? 'hour' : seconds <= 180 * 86400 ? 'day' : seconds <= 3 * 365 * 86400 ? 'week' : 'month';
  const rows = await duck.all<{ b: string; n: number }>(
    `SELECT strftime(date_trunc('${unit}', ${ts}), '%Y-%m-%dT%H:%M:%S') AS b, count(*) AS n FROM ${ident(table)} WHERE ${ts} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return { unit, buckets: rows.map((r) => ({ start: r.b, rows: Number(r.n) })) };
}

export interface EntityCoverage {
  entity: string;
  first: string;
  last: string;
  rows: number;
  /** Intervals longer than 1.5 × the table's typical (median) step (regular series only, else 0). */
  gaps: number;
  /** Longest interval between consecutive rows, in hours. */
  maxGapHours: number;
  /** Rows sharing the previous row's timestamp. */
  duplicates: number;
}

/**
 * First/last time, rows, gaps and repeated timestamps per entity. Gaps only mean something for a regular series
 * (telemetry): when fewer than 80 % of the steps equal the typical step the table is treated as an event log
 * (errors, failures) and `regular` is false.
 */
export async function entityCoverage(duck: Duck, table: string, entity: string, ts: string): Promise<{ stepHours: number | null; regular: boolean; entities: EntityCoverage[] }> {
  const base = `WITH x AS (
      SELECT e, ts, epoch(ts) - epoch(lag(ts) OVER (PARTITION BY e ORDER BY ts)) AS d
      FROM (SELECT ${ident(entity)}::VARCHAR AS e, ${ts} AS ts FROM ${ident(table)}) WHERE ts IS NOT NULL),
    m0 AS (SELECT median(d) AS step FROM x WHERE d > 0),
    m AS (SELECT m0.step, (SELECT count(*) FILTER (WHERE d = m0.step) / greatest(count(*), 1) FROM x WHERE d IS NOT NULL) AS share FROM m0)`;
  const rows = await duck.all<Record<string, unknown>>(`${base}
    SELECT coalesce(e, '(missing)') AS e, strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS first, strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS last,
      count(*) AS n, count(*) FILTER (WHERE m.share >= 0.8 AND d > 1.5 * m.step) AS gaps, coalesce(max(d), 0) / 3600 AS maxgap,
      count(*) FILTER (WHERE d = 0) AS dups, any_value(m.step) / 3600 AS step, any_value(m.share) AS share
    FROM x, m GROUP BY e ORDER BY try_cast(e AS BIGINT) NULLS LAST, e`);
  const step = rows.length ? rows[0]!.step : null;
  return {
    stepHours: step === null || step === undefined ? null : Number(step),
    regular: rows.length > 0 && Number(rows[0]!.share) >= 0.8,
    entities: rows.map((r) => ({
      entity: String(r.e), first: String(r.first), last: String(r.last), rows: Number(r.n), gaps: Number(r.gaps),
      maxGapHours: Number(r.maxgap), duplicates: Number(r.dups),
    })),
  };
}
