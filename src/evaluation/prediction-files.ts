import { existsSync } from 'node:fs';
import { openDuck, ident, literal, type Duck } from '../data/duckdb.js';
import { CoreErrors } from '../core/errors.js';
import { EvalErrors } from './errors.js';
import type { PredictionSet } from './evaluate.js';
import type { FailureEvent } from './costs/event-index.js';
import type { Dataset } from '../models/dataset.js';

/**
 * Read predictions made anywhere (scikit-learn, another tool) from CSV / Parquet files into PredictionSets, so any
 * model can get the same honest evaluation. Layout: a label column holding class NAMES, one probability column per
 * class named <prefix><class> (`p_none`, `p_comp1`), optional entity and time columns. Files are read with DuckDB
 * (auto-detected CSV dialect, or Parquet by extension). Every problem names the file, column and row.
 */

export interface PredictionFileSpec {
  classes: string[];
  test: string;
  validation?: string;
  label: string;
  probaPrefix: string;
  entity?: string;
  time?: string;
  /** Failure events (entity, time[, class]) covering both test and validation periods; split by each set's time range. */
  failures?: string;
  failureClass?: string;
  /** Numeric feature columns present in `train` and `test`: enables the baselines (majority, threshold rule). */
  features?: string[];
  /** Training rows (label + feature columns) the baselines are fitted on. */
  train?: string;
}

export interface LoadedPredictions {
  test: PredictionSet;
  validation?: PredictionSet;
  failures?: { test: FailureEvent[]; validation?: FailureEvent[] };
  baselineData?: { train: Dataset; test: Pick<Dataset, 'columns' | 'nRows'> };
}

function source(path: string): string {
  if (!existsSync(path)) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path}: no such file`);
  return /\.parquet$/i.test(path) ? `read_parquet(${literal(path)})` : `read_csv(${literal(path)}, auto_detect = true, header = true)`;
}

async function columnsOf(duck: Duck, path: string): Promise<string[]> {
  try {
    const rows = await duck.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${source(path)}`);
    return rows.map((r) => r.column_name);
  } catch (e) {
    if (e instanceof Error && 'code' in e) throw e;
    throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: cannot be read as CSV/Parquet: ${(e as Error).message.split('\n')[0]}`);
  }
}

function need(cols: string[], col: string, path: string, what: string): void {
  if (!cols.includes(col)) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: no column "${col}" (${what}); columns are ${cols.map((c) => JSON.stringify(c)).join(', ')}`);
}

function toEpochMs(v: unknown, path: string, col: string, row: number): number {
  const t = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${col}", data row ${row + 1}: ${JSON.stringify(v)} is not a timestamp or epoch milliseconds`);
  return t;
}

async function readSet(duck: Duck, path: string, spec: PredictionFileSpec): Promise<PredictionSet> {
  const cols = await columnsOf(duck, path);
  need(cols, spec.label, path, 'the true label');
  const probaCols = spec.classes.map((c) => spec.probaPrefix + c);
  for (const c of probaCols) need(cols, c, path, `probability of class "${c.slice(spec.probaPrefix.length)}"`);
  if (spec.entity) need(cols, spec.entity, path, 'entity');
  if (spec.time) need(cols, spec.time, path, 'prediction time');
  const K = spec.classes.length;
  const select = [
    `CAST(${ident(spec.label)} AS VARCHAR) AS label`,
    ...probaCols.map((c, k) => `TRY_CAST(${ident(c)} AS DOUBLE) AS p${k}`),
    spec.entity ? `CAST(${ident(spec.entity)} AS VARCHAR) AS entity` : 'NULL AS entity',
    spec.time ? `${ident(spec.time)} AS t` : 'NULL AS t',
  ].join(', ');
  const rows = await duck.all<Record<string, unknown>>(`SELECT ${select} FROM ${source(path)}`);
  const n = rows.length;
  if (n === 0) throw EvalErrors.FW_ERR_EVAL_EMPTY(`${path}: no data rows`);
  const y = new Int32Array(n);
  const proba = new Float64Array(n * K);
  const entity: string[] = [];
  const time = new Float64Array(n);
  const index = new Map(spec.classes.map((c, k) => [c, k]));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const k = index.get(String(r.label));
    if (k === undefined) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${spec.label}", data row ${i + 1}: label ${JSON.stringify(r.label)} is not one of --classes ${spec.classes.join(',')}`);
    y[i] = k;
    for (let j = 0; j < K; j++) {
      const v = r[`p${j}`];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${probaCols[j]}", data row ${i + 1}: ${v === null ? 'empty or not a number' : JSON.stringify(v)} is not a probability in [0, 1]`);
      proba[i * K + j] = v;
    }
    if (spec.entity) {
      if (r.entity === null || r.entity === undefined) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${spec.entity}", data row ${i + 1}: empty entity`);
      entity.push(String(r.entity));
    }
    if (spec.time) time[i] = toEpochMs(r.t, path, spec.time, i);
  }
  return { y, proba, ...(spec.entity ? { entity } : {}), ...(spec.time ? { time } : {}) };
}

async function readFailures(duck: Duck, path: string, spec: PredictionFileSpec): Promise<FailureEvent[]> {
  const cols = await columnsOf(duck, path);
  const ent = spec.entity ?? 'entity';
  const t = spec.time ?? 'time';
  need(cols, ent, path, 'entity (same name as in the predictions)');
  need(cols, t, path, 'failure time (same name as the predictions time column)');
  if (spec.failureClass) need(cols, spec.failureClass, path, 'failed component');
  const rows = await duck.all<Record<string, unknown>>(`SELECT CAST(${ident(ent)} AS VARCHAR) AS e, ${ident(t)} AS t${spec.failureClass ? `, CAST(${ident(spec.failureClass)} AS VARCHAR) AS c` : ''} FROM ${source(path)}`);
  return rows.map((r, i) => {
    if (r.e === null || r.e === undefined) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${ent}", data row ${i + 1}: empty entity`);
    const f: FailureEvent = { entity: String(r.e), time: toEpochMs(r.t, path, t, i) };
    if (spec.failureClass && r.c !== null && r.c !== undefined) f.class = String(r.c);
    return f;
  });
}

async function readFeatures(duck: Duck, path: string, features: string[]): Promise<{ columns: Float64Array[]; nRows: number }> {
  const cols = await columnsOf(duck, path);
  for (const f of features) need(cols, f, path, 'feature for the baselines');
  // TRY_CAST: an unparsable cell becomes NULL → NaN (missing), which the threshold rule treats as "does not fire".
  const r = await duck.float64Columns(`SELECT ${features.map((f) => `TRY_CAST(${ident(f)} AS DOUBLE)`).join(', ')} FROM ${source(path)}`);
  return { columns: r.columns, nRows: r.nRows };
}

async function readLabels(duck: Duck, path: string, spec: PredictionFileSpec): Promise<Int32Array> {
  const cols = await columnsOf(duck, path);
  need(cols, spec.label, path, 'the true label');
  const rows = await duck.all<{ label: unknown }>(`SELECT CAST(${ident(spec.label)} AS VARCHAR) AS label FROM ${source(path)}`);
  const index = new Map(spec.classes.map((c, k) => [c, k]));
  return Int32Array.from(rows.map((r, i) => {
    const k = index.get(String(r.label));
    if (k === undefined) throw EvalErrors.FW_ERR_EVAL_BAD_PREDICTIONS(`${path}: column "${spec.label}", data row ${i + 1}: label ${JSON.stringify(r.label)} is not one of --classes ${spec.classes.join(',')}`);
    return k;
  }));
}

/** Failures a set's rows can see: after its first row and up to one horizon after its last row. */
function within(failures: FailureEvent[], set: PredictionSet, slackMs: number): FailureEvent[] {
  if (!set.time || set.time.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of set.time) { if (t < lo) lo = t; if (t > hi) hi = t; }
  return failures.filter((f) => f.time > lo && f.time <= hi + slackMs);
}

export async function loadPredictionFiles(spec: PredictionFileSpec, horizonMs = 0): Promise<LoadedPredictions> {
  const duck = await openDuck(':memory:', 1);
  try {
    const test = await readSet(duck, spec.test, spec);
    const validation = spec.validation ? await readSet(duck, spec.validation, spec) : undefined;
    let failures: LoadedPredictions['failures'];
    if (spec.failures) {
      if (!spec.entity || !spec.time) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT('--failures needs --entity and --time (to match failures to prediction rows)');
      const all = await readFailures(duck, spec.failures, spec);
      failures = { test: within(all, test, horizonMs), ...(validation ? { validation: within(all, validation, horizonMs) } : {}) };
    }
    let baselineData: LoadedPredictions['baselineData'];
    if (spec.train || spec.features) {
      if (!spec.train || !spec.features?.length) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT('baselines need both --train <file> and --features <col,...>');
      const tr = await readFeatures(duck, spec.train, spec.features);
      const te = await readFeatures(duck, spec.test, spec.features);
      const y = await readLabels(duck, spec.train, spec);
      if (y.length === 0) throw EvalErrors.FW_ERR_EVAL_EMPTY(`${spec.train}: no data rows`);
      baselineData = {
        train: { features: spec.features.map((name) => ({ name, type: 'numeric' as const })), nRows: tr.nRows, columns: tr.columns, y, classes: spec.classes },
        test: te,
      };
    }
    return { test, validation, failures, baselineData };
  } finally {
    duck.close();
  }
}
