/**
 * The monitoring use cases behind `forewarn monitor drift|performance|report` and the monitoring HTTP routes: pick
 * the version, read the logged window, compare with the baseline / the failures that followed. Pure reads.
 */
import { MonitorErrors } from './errors.js';
import { computeDrift, type DriftOptions, type DriftResult } from './drift-report.js';
import type { PredictionLog, PredictionQuery } from './prediction-log.js';
import { loadWindow } from './window.js';
import { realisedPerformance, type FailureRecord, type PerformanceResult, type ScoredPrediction } from './performance.js';
import type { SqlBaselineStore } from './baseline-store.js';
import type { Baseline } from './baseline.js';
import { CoreErrors } from '../core/errors.js';

export interface MonitorTarget {
  model: string;
  version?: string;
  /** ISO-8601 (inclusive) */
  from?: string;
  /** ISO-8601 (exclusive) */
  to?: string;
}

export interface ResolvedTarget {
  model: string;
  version: string;
  from?: string;
  to?: string;
  /** Set when the version was chosen for the caller (said on the CLI line). */
  note?: string;
}

/** Validate --from/--to (any ISO-8601 date or time) into canonical ISO strings. */
export function checkRange(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const iso = (what: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || !Number.isFinite(t)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${what}: expected an ISO-8601 date or time (2015-11-01 or 2015-11-01T06:00:00Z), got ${JSON.stringify(v)}`);
    return new Date(t).toISOString();
  };
  const r = { from: iso('--from', from), to: iso('--to', to) };
  if (r.from && r.to && r.from >= r.to) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--from ${r.from} must be before --to ${r.to}`);
  return r;
}

/** The version to look at: the given one, else the one with the newest logged prediction (said in `note`). */
export async function resolveTarget(log: PredictionLog, t: MonitorTarget): Promise<ResolvedTarget> {
  const range = checkRange(t.from, t.to);
  if (t.version !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(t.version)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--version: expected a version number, got ${JSON.stringify(t.version)}`);
    return { model: t.model, version: t.version, ...range };
  }
  const versions = await log.versions(t.model);
  if (versions.length === 0) throw MonitorErrors.FW_ERR_MONITOR_NO_DATA(`no logged predictions for model ${JSON.stringify(t.model)}; is the service logging (monitoring.enabled, sampleRate) and is this the right store?`);
  const newest = versions.reduce((a, b) => (b.last > a.last ? b : a));
  return { model: t.model, version: newest.version, ...range, note: `version ${newest.version} (the one with the newest logged prediction, ${newest.last}; pass --version to choose)` };
}

async function baselineOf(baselines: SqlBaselineStore, model: string, version: string): Promise<Baseline> {
  const b = /^\d+$/.test(version) ? await baselines.get(model, Number(version)) : undefined;
  if (!b) throw MonitorErrors.FW_ERR_MONITOR_NO_BASELINE(`${model} v${version} has no baseline (versions registered by \`forewarn run\` get one; model files served directly have none)`);
  return b;
}

export interface DriftReport extends ResolvedTarget {
  first?: string;
  last?: string;
  drift: DriftResult;
}

export async function driftReport(log: PredictionLog, baselines: SqlBaselineStore, target: MonitorTarget, options?: DriftOptions): Promise<DriftReport> {
  const t = await resolveTarget(log, target);
  const baseline = await baselineOf(baselines, t.model, t.version);
  const q: PredictionQuery = { model: t.model, version: t.version, from: t.from, to: t.to };
  const w = await loadWindow(log, q, baseline);
  if (w.rows === 0) throw MonitorErrors.FW_ERR_MONITOR_NO_DATA(`no logged predictions for ${t.model} v${t.version}${t.from ? ` from ${t.from}` : ''}${t.to ? ` to ${t.to}` : ''}`);
  return { ...t, first: w.first, last: w.last, drift: computeDrift(baseline, w, options) };
}

export interface PerformanceReport extends ResolvedTarget {
  performance: PerformanceResult;
  /** Logged predictions without entity/event time (not joinable). */
  unjoinable: number;
}

/**
 * Realised performance of logged predictions that carry entity and event time, against `failures` (the project's
 * failure records, read by the caller with the training label's table, columns and categories).
 */
export async function performanceReport(
  log: PredictionLog, target: MonitorTarget, failures: readonly FailureRecord[], horizonMs: number,
  registered: PerformanceResult['registered'], margin: number,
): Promise<PerformanceReport> {
  const t = await resolveTarget(log, target);
  const preds: ScoredPrediction[] = [];
  let unjoinable = 0;
  // The range filters the prediction time; realised performance is about the event time the client sent.
  for await (const page of log.read({ model: t.model, version: t.version, from: t.from, to: t.to })) {
    for (const r of page) {
      if (r.entity === undefined || r.eventTime === undefined || !r.decision) {
        unjoinable++;
        continue;
      }
      preds.push({ entity: r.entity, time: Date.parse(r.eventTime), alert: r.decision.alert });
    }
  }
  if (preds.length === 0) {
    throw MonitorErrors.FW_ERR_MONITOR_NO_DATA(`no logged predictions of ${t.model} v${t.version} carry an entity, event time and decision (${unjoinable} without): send X-Forewarn-Entity and X-Forewarn-Time with each prediction to measure realised performance`);
  }
  return { ...t, performance: realisedPerformance(preds, failures, horizonMs, registered, margin), unjoinable };
}
