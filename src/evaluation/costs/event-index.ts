import { EvalErrors } from '../errors.js';

/**
 * Per-entity, time-sorted view of the evaluated rows and the failure events in the same period, built once so the
 * episode / cost simulation can be rerun cheaply for many thresholds (threshold-vs-cost curve, min_cost policy).
 */

export interface FailureEvent {
  entity: string | number;
  /** Epoch milliseconds. */
  time: number;
  /** Failure class / component (multiclass event labels); optional for binary. */
  class?: string;
}

export interface EventContextInput {
  /** Entity (machine) of each evaluated row. */
  entity: ArrayLike<string | number>;
  /** Prediction time of each evaluated row, epoch ms. */
  time: Float64Array;
  /** Failures during the evaluated period. */
  failures: readonly FailureEvent[];
  /** Label horizon in ms: a row is labelled "failure" when a failure occurs in (t, t + horizon]. */
  horizonMs: number;
  /** Machine-months covered; default Σ over entities of (last row time − first row time) / 30.4375 days. */
  machineMonths?: number;
}

export const MS_PER_MONTH = 30.4375 * 24 * 3600 * 1000;

export interface EntityRows {
  entity: string;
  /** Row indices sorted by time (ties by row index). */
  rows: Int32Array;
  /** Failure times sorted ascending, with their classes. */
  failures: { time: number; class: string | undefined }[];
  start: number;
  end: number;
}

export interface EventIndex {
  entities: EntityRows[];
  time: Float64Array;
  horizonMs: number;
  machineMonths: number;
  nFailures: number;
  nRows: number;
}

export function buildEventIndex(input: EventContextInput): EventIndex {
  const n = input.time.length;
  if (n === 0) throw EvalErrors.FW_ERR_EVAL_EMPTY('event costs: no rows');
  if (input.entity.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`event costs: entity has ${input.entity.length} values but time has ${n}`);
  if (!(Number.isFinite(input.horizonMs) && input.horizonMs > 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`event costs: horizonMs must be a positive finite number of milliseconds, got ${input.horizonMs}`);
  const byEntity = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const t = input.time[i]!;
    if (!Number.isFinite(t)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`event costs: time[${i}] is ${t}; row times must be finite epoch milliseconds`);
    const e = input.entity[i];
    if (e === undefined || e === null || (typeof e === 'number' && !Number.isFinite(e))) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`event costs: entity[${i}] is ${e}`);
    const key = String(e);
    let list = byEntity.get(key);
    if (!list) byEntity.set(key, (list = []));
    list.push(i);
  }
  const failuresBy = new Map<string, { time: number; class: string | undefined }[]>();
  input.failures.forEach((f, j) => {
    if (f === null || typeof f !== 'object') throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`failures[${j}]: expected {entity, time, class?}, got ${f}`);
    if (!Number.isFinite(f.time)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`failures[${j}].time: expected finite epoch milliseconds, got ${f.time}`);
    if (f.entity === undefined || f.entity === null) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`failures[${j}].entity is missing`);
    const key = String(f.entity);
    let list = failuresBy.get(key);
    if (!list) failuresBy.set(key, (list = []));
    list.push({ time: f.time, class: f.class });
  });
  const time = input.time;
  const entities: EntityRows[] = [];
  let monthsFromSpan = 0;
  for (const key of [...new Set([...byEntity.keys(), ...failuresBy.keys()])].sort()) {
    const idx = byEntity.get(key) ?? [];
    idx.sort((a, b) => time[a]! - time[b]! || a - b);
    const fails = (failuresBy.get(key) ?? []).sort((a, b) => a.time - b.time);
    const start = idx.length ? time[idx[0]!]! : fails[0]!.time;
    const end = idx.length ? time[idx[idx.length - 1]!]! : fails[fails.length - 1]!.time;
    monthsFromSpan += (end - start) / MS_PER_MONTH;
    entities.push({ entity: key, rows: Int32Array.from(idx), failures: fails, start, end });
  }
  let machineMonths = monthsFromSpan;
  if (input.machineMonths !== undefined) {
    if (!(Number.isFinite(input.machineMonths) && input.machineMonths > 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`event costs: machineMonths must be a positive finite number, got ${input.machineMonths}`);
    machineMonths = input.machineMonths;
  }
  if (!(machineMonths > 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT('event costs: the rows span zero time, so machine-months cannot be derived; pass machineMonths');
  return { entities, time, horizonMs: input.horizonMs, machineMonths, nFailures: input.failures.length, nRows: n };
}
