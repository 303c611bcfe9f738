/**
 * `profileTables`: load each file into DuckDB and compute everything the profile report shows. The result is plain
 * JSON-able data; report.ts turns it into HTML.
 */
import { basename } from 'node:path';
import { openDuck, ident, type Duck } from '../duckdb.js';
import { loadTable, type LoadedTable } from './load-table.js';
import { columnStats, type ColumnStats } from './column-stats.js';
import {
  correlations, entityCoverage, histogram, rowsOverTime, timeExpr, valueCounts,
  type EntityCoverage, type HistogramBin, type TimeBucket,
} from './distributions.js';
import { ProfileErrors } from './errors.js';

export interface ProfileOptions {
  /** Label column: its class balance is charted. */
  label?: string;
  /** Time column: rows over time, and per-entity coverage with `entity`. */
  time?: string;
  /** Entity column (machine id...). */
  entity?: string;
  /** Tables with more rows than this are sampled for histograms and correlations. Default 5,000,000. */
  sampleAbove?: number;
  /** Rows of that sample. Default 1,000,000. */
  sampleRows?: number;
  /** Seed of the sample (reproducible reports). Default 42. */
  seed?: number;
  /** At most this many numeric columns in the correlation matrix. Default 30. */
  maxCorrelationColumns?: number;
}

export interface TableProfile {
  file: string;
  name: string;
  bytes: number;
  rows: number;
  duplicateRows: number;
  columns: ColumnStats[];
  /** Rows read for histograms and correlations when sampled, else null (all rows). */
  sampledRows: number | null;
  histograms: { column: string; bins: HistogramBin[] }[];
  label?: { column: string; counts: { value: string; count: number }[] };
  time?: { column: string; unit: string; buckets: TimeBucket[] };
  coverage?: { entity: string; time: string; stepHours: number | null; regular: boolean; entities: EntityCoverage[] };
  correlation?: { columns: string[]; cells: { a: string; b: string; r: number | null }[] };
  notes: string[];
}

export interface ProfileResult {
  generatedAt: string;
  options: ProfileOptions;
  tables: TableProfile[];
}

function checkOptions(files: unknown, o: ProfileOptions): void {
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) {
    throw ProfileErrors.FW_ERR_PROFILE_INVALID_OPTION('files: expected at least one file path');
  }
  for (const k of ['label', 'time', 'entity'] as const) {
    if (o[k] !== undefined && (typeof o[k] !== 'string' || o[k] === '')) throw ProfileErrors.FW_ERR_PROFILE_INVALID_OPTION(`${k}: expected a column name`);
  }
  for (const k of ['sampleAbove', 'sampleRows', 'maxCorrelationColumns'] as const) {
    const v = o[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw ProfileErrors.FW_ERR_PROFILE_INVALID_OPTION(`${k}: expected an integer ≥ 1, got ${String(v)}`);
  }
  if (o.seed !== undefined && (!Number.isInteger(o.seed) || o.seed < 0)) throw ProfileErrors.FW_ERR_PROFILE_INVALID_OPTION(`seed: expected an integer ≥ 0`);
}

async function profileOne(duck: Duck, t: LoadedTable, o: Required<Pick<ProfileOptions, 'sampleAbove' | 'sampleRows' | 'seed' | 'maxCorrelationColumns'>> & ProfileOptions): Promise<TableProfile> {
  const notes: string[] = [];
  if (t.rows === 0) notes.push('The file has a header but no data rows.');
  const columns = await columnStats(duck, t);
  const [dup] = await duck.all<{ n: number }>(`SELECT (SELECT count(*) FROM ${ident(t.table)}) - (SELECT count(*) FROM (SELECT DISTINCT * FROM ${ident(t.table)})) AS n`);
  let dataTable = t.table;
  let sampledRows: number | null = null;
  if (t.rows > o.sampleAbove) {
    dataTable = `${t.table}__sample`;
    await duck.run(`CREATE OR REPLACE TABLE ${ident(dataTable)} AS SELECT * FROM ${ident(t.table)} USING SAMPLE reservoir(${o.sampleRows} ROWS) REPEATABLE (${o.seed})`);
    sampledRows = Math.min(o.sampleRows, t.rows);
    notes.push(`Histograms and correlations use a reproducible random sample of ${sampledRows.toLocaleString('en-US')} of ${t.rows.toLocaleString('en-US')} rows (seed ${o.seed}); all other statistics use every row.`);
  }
  const histograms: TableProfile['histograms'] = [];
  for (const c of columns) {
    if (c.kind === 'numeric' && c.count - (c.nonFinite ?? 0) > 0) {
      // Histogram stats come from the full table; bins are counted on the (possibly sampled) data.
      histograms.push({ column: c.name, bins: await histogram(duck, dataTable, c) });
    }
  }
  const has = (col?: string) => col !== undefined && t.columns.some((c) => c.name === col);
  const p: TableProfile = {
    file: t.file, name: basename(t.file), bytes: t.bytes, rows: t.rows, duplicateRows: Number(dup?.n ?? 0), columns, sampledRows, histograms, notes,
  };
  if (has(o.label)) p.label = { column: o.label!, counts: await valueCounts(duck, t.table, o.label!, 30) };
  if (has(o.time)) {
    const col = t.columns.find((c) => c.name === o.time)!;
    const ts = await timeExpr(duck, t.table, col.name, col.type);
    if (ts === null) {
      notes.push(`Time column "${col.name}" (${col.type}) could not be read as timestamps (tried ISO, DD-MM-YYYY and DD/MM/YYYY); no time coverage shown.`);
    } else {
      const r = await rowsOverTime(duck, t.table, ts);
      p.time = { column: col.name, unit: r.unit, buckets: r.buckets };
      if (has(o.entity)) {
        const cov = await entityCoverage(duck, t.table, o.entity!, ts);
        p.coverage = { entity: o.entity!, time: col.name, ...cov };
      }
    }
  }
  const numeric = columns.filter((c) => c.kind === 'numeric' && c.distinct > 1 && c.name !== o.entity).map((c) => c.name);
  if (numeric.length > o.maxCorrelationColumns) notes.push(`Correlations show the first ${o.maxCorrelationColumns} of ${numeric.length} numeric columns.`);
  const corrCols = numeric.slice(0, o.maxCorrelationColumns);
  if (corrCols.length >= 2) p.correlation = { columns: corrCols, cells: await correlations(duck, dataTable, corrCols) };
  return p;
}

/**
 * Profile one or more CSV / Parquet files.
 * @example const result = await profileTables(['PdM_telemetry.csv'], { time: 'datetime', entity: 'machineID' });
 */
export async function profileTables(files: string[], options: ProfileOptions = {}): Promise<ProfileResult> {
  checkOptions(files, options);
  const o = { sampleAbove: 5_000_000, sampleRows: 1_000_000, seed: 42, maxCorrelationColumns: 30, ...options };
  const duck = await openDuck();
  try {
    const loaded: LoadedTable[] = [];
    for (const [i, f] of files.entries()) loaded.push(await loadTable(duck, f, `t${i}`));
    for (const k of ['label', 'time', 'entity'] as const) {
      const col = o[k];
      if (col !== undefined && !loaded.some((t) => t.columns.some((c) => c.name === col))) {
        const avail = [...new Set(loaded.flatMap((t) => t.columns.map((c) => c.name)))].map((c) => JSON.stringify(c)).join(', ');
        throw ProfileErrors.FW_ERR_PROFILE_UNKNOWN_COLUMN(`--${k} ${JSON.stringify(col)}: no such column in ${files.join(', ')} (columns: ${avail})`);
      }
    }
    const tables: TableProfile[] = [];
    for (const t of loaded) tables.push(await profileOne(duck, t, o));
    return { generatedAt: new Date().toISOString(), options, tables };
  } finally {
    duck.close();
  }
}
