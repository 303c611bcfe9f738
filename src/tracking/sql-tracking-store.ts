import { randomUUID } from 'node:crypto';
import type { SqlStore } from '../db/sql-store.js';
import { RUN_STATUSES, type Experiment, type Metric, type Run, type RunStatus } from '../entities/tracking.js';
import { findExperiment, insertExperiment, listExperimentRows } from '../db/experiments.js';
import { failAbandonedRun, hydrateRuns, insertRun, queryRuns, runIdsWithPrefix, runningRunRows, runRow, touchHeartbeat, updateRunEnd } from '../db/runs.js';
import { insertParams, keyValuesOf, upsertArtifact, upsertTags } from '../db/params-tags.js';
import { appendMetrics, metricHistory } from '../db/metrics.js';
import { nowIso, toJsonText } from '../db/json-columns.js';
import { inTransaction } from '../db/transaction.js';
import { TrackingErrors } from './errors.js';
import { currentEnvironment, detectCodeVersion } from './environment.js';
import { checkFinite, checkKey, checkOptionalText, checkParams, checkStep, checkStringRecord, checkText, checkTimestamp } from './validate.js';
import type { AbandonedRun, MetricInput, SearchRunsQuery, StartRunInput, TrackingStore } from './tracking-store.js';
import { currentOwner, localProbe, ownerGoneReason, type LivenessProbe } from './run-owner.js';
import type { RunsTable } from '../db/schema-types.js';

export interface RunLivenessOptions {
  /** How often a RUNNING run's owner records a heartbeat (default 30 s). */
  heartbeatMs?: number;
  /** A heartbeat older than this marks a run of another host abandoned (default 10 min; see run-owner.ts). */
  staleAfterMs?: number;
  /** Tests: a fake host/PID table. */
  probe?: LivenessProbe;
}

export const DEFAULT_HEARTBEAT_MS = 30_000;
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
/** The tag that says why a run was marked FAILED by the abandoned-run check. */
export const ABANDONED_TAG = 'forewarn.abandoned';

/** TrackingStore over the shared SQL store (SQLite or PostgreSQL through Kysely). */
export class SqlTrackingStore implements TrackingStore {
  private readonly heartbeats = new Map<string, NodeJS.Timeout>();
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly probe: LivenessProbe;

  constructor(private readonly store: SqlStore, private readonly ownsStore = false, liveness: RunLivenessOptions = {}) {
    this.heartbeatMs = liveness.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleAfterMs = liveness.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.probe = liveness.probe ?? localProbe;
  }

  private get db() {
    return this.store.db;
  }

  async createExperiment(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): Promise<Experiment> {
    checkText('experiment name', name, 250);
    if (name.trim() === '') throw TrackingErrors.FW_ERR_TRACKING_INVALID('experiment name: must not be empty');
    const description = checkOptionalText('description', opts.description);
    const tags = checkStringRecord('tags', opts.tags);
    // Checked inside the transaction: a concurrent creator makes the insert fail, the retry re-reads and reports it.
    return inTransaction(this.store, async (trx) => {
      if (await findExperiment(trx, name)) throw TrackingErrors.FW_ERR_TRACKING_CONFLICT(`experiment "${name}" already exists`);
      return insertExperiment(trx, name, description, tags);
    });
  }

  async getExperiment(nameOrId: string): Promise<Experiment> {
    checkText('experiment', nameOrId, 250);
    const e = await findExperiment(this.db, nameOrId);
    if (e) return e;
    const known = (await listExperimentRows(this.db)).map((x) => x.name);
    throw TrackingErrors.FW_ERR_TRACKING_NOT_FOUND(`experiment "${nameOrId}" not found; existing experiments: ${known.length ? known.join(', ') : '(none)'}`);
  }

  async getOrCreateExperiment(name: string): Promise<Experiment> {
    checkText('experiment name', name, 250);
    const found = await findExperiment(this.db, name);
    if (found) return found;
    try {
      return await this.createExperiment(name);
    } catch (e) {
      // Another process created it between our read and insert.
      const again = await findExperiment(this.db, name);
      if (again) return again;
      throw e;
    }
  }

  listExperiments(): Promise<Experiment[]> {
    return listExperimentRows(this.db);
  }

  async startRun(input: StartRunInput): Promise<Run> {
    if (!input || typeof input !== 'object') throw TrackingErrors.FW_ERR_TRACKING_INVALID('startRun: expected an object with at least experimentName');
    const exp = await this.getOrCreateExperiment(checkText('experimentName', input.experimentName, 250));
    const params = checkParams('params', input.params);
    const tags = checkStringRecord('tags', input.tags);
    const parent = input.parentRunId === undefined ? null : (await this.requireRun(checkText('parentRunId', input.parentRunId, 64))).id;
    const id = randomUUID().replace(/-/g, '');
    const env = input.environment ?? currentEnvironment();
    const owner = currentOwner();
    const startTime = nowIso();
    await inTransaction(this.store, async (trx) => {
      await insertRun(trx, {
        id,
        experiment_id: exp.id,
        name: checkOptionalText('name', input.name, 250),
        status: 'RUNNING',
        start_time: startTime,
        owner_host: owner.host,
        owner_pid: owner.pid,
        owner_start: owner.start,
        heartbeat_at: startTime,
        end_time: null,
        parent_run_id: parent,
        dataset_hash: checkOptionalText('datasetHash', input.datasetHash, 128),
        config_hash: checkOptionalText('configHash', input.configHash, 128),
        code_version: input.codeVersion === undefined ? detectCodeVersion() : checkOptionalText('codeVersion', input.codeVersion, 128),
        environment: toJsonText(env),
        artifact_uri: checkOptionalText('artifactUri', input.artifactUri, 2048),
      });
      await insertParams(trx, id, params);
      await upsertTags(trx, id, tags);
    });
    this.startHeartbeat(id);
    return this.getRun(id);
  }

  /**
   * The owner's heartbeat: a timer that never keeps the process alive, stopped by endRun/close, or by itself once
   * the run is no longer RUNNING. A failed beat (store busy, closed) is skipped; the next one tries again.
   */
  private startHeartbeat(runId: string): void {
    const timer = setInterval(() => {
      touchHeartbeat(this.db, runId, nowIso()).then(
        (stillRunning) => { if (!stillRunning) this.stopHeartbeat(runId); },
        () => {},
      );
    }, this.heartbeatMs);
    timer.unref();
    this.heartbeats.set(runId, timer);
  }

  private stopHeartbeat(runId: string): void {
    clearInterval(this.heartbeats.get(runId));
    this.heartbeats.delete(runId);
  }

  async reconcileAbandonedRuns(): Promise<AbandonedRun[]> {
    return this.reconcile(await runningRunRows(this.db));
  }

  /** Mark the given RUNNING rows FAILED whose owner is gone; each change is conditional (see failAbandonedRun). */
  private async reconcile(rows: RunsTable[]): Promise<AbandonedRun[]> {
    const out: AbandonedRun[] = [];
    const now = Date.now();
    for (const r of rows) {
      if (r.status !== 'RUNNING' || this.heartbeats.has(r.id)) continue;
      const reason = ownerGoneReason(
        { ownerHost: r.owner_host, ownerPid: r.owner_pid === null ? null : Number(r.owner_pid), ownerStart: r.owner_start, heartbeatAt: r.heartbeat_at, startTime: r.start_time },
        { staleAfterMs: this.staleAfterMs, now, probe: this.probe },
      );
      if (!reason) continue;
      // The run ended, at the latest, at its last sign of life.
      const endTime = r.heartbeat_at ?? r.start_time;
      const changed = await inTransaction(this.store, async (trx) => {
        if (!(await failAbandonedRun(trx, r.id, r.heartbeat_at, endTime))) return false;
        await upsertTags(trx, r.id, { [ABANDONED_TAG]: `marked FAILED at ${nowIso()} by pid ${process.pid} on ${this.probe.host}: ${reason}` });
        return true;
      });
      if (changed) out.push({ runId: r.id, reason });
    }
    return out;
  }

  async endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<Run> {
    if (!RUN_STATUSES.includes(status) || (status as string) === 'RUNNING') {
      throw TrackingErrors.FW_ERR_TRACKING_INVALID(`status: expected FINISHED, FAILED or KILLED, got ${JSON.stringify(status)}`);
    }
    const row = await this.requireRun(runId);
    this.stopHeartbeat(row.id);
    if (row.status !== 'RUNNING' || !(await updateRunEnd(this.db, row.id, status, nowIso()))) {
      const now = (await runRow(this.db, row.id))!;
      throw TrackingErrors.FW_ERR_TRACKING_CONFLICT(`run ${row.id} already ended with status ${now.status}`);
    }
    return this.getRun(row.id);
  }

  async getRun(runId: string): Promise<Run> {
    let row = await this.requireRun(runId);
    if (row.status === 'RUNNING' && (await this.reconcile([row])).length) row = (await runRow(this.db, row.id))!;
    return (await hydrateRuns(this.db, [row]))[0]!;
  }

  async logParams(runId: string, params: Record<string, string | number | boolean>): Promise<void> {
    const row = await this.requireRun(runId);
    const clean = checkParams('params', params);
    await inTransaction(this.store, async (trx) => {
      const existing = (await keyValuesOf(trx, 'params', [row.id])).get(row.id) ?? {};
      for (const [k, v] of Object.entries(clean)) {
        if (k in existing && existing[k] !== v) {
          throw TrackingErrors.FW_ERR_TRACKING_CONFLICT(`param ${k} of run ${row.id} is already ${JSON.stringify(existing[k])}; params are immutable (got ${JSON.stringify(v)})`);
        }
      }
      await insertParams(trx, row.id, clean);
    });
  }

  async logMetrics(runId: string, metrics: MetricInput[]): Promise<void> {
    const row = await this.requireRun(runId);
    if (!Array.isArray(metrics)) throw TrackingErrors.FW_ERR_TRACKING_INVALID('metrics: expected an array of {key, value, step?, timestamp?}');
    if (metrics.length > 100_000) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`metrics: ${metrics.length} points in one batch exceeds the limit of 100000`);
    const points: Metric[] = metrics.map((m, i) => {
      if (!m || typeof m !== 'object') throw TrackingErrors.FW_ERR_TRACKING_INVALID(`metrics[${i}]: expected an object {key, value, step?, timestamp?}`);
      return {
        key: checkKey(`metrics[${i}].key`, m.key),
        value: checkFinite(`metrics[${i}].value (${String(m.key)})`, m.value),
        step: checkStep(`metrics[${i}].step`, m.step),
        timestamp: checkTimestamp(`metrics[${i}].timestamp`, m.timestamp),
      };
    });
    await inTransaction(this.store, (trx) => appendMetrics(trx, row.id, points));
  }

  logMetric(runId: string, key: string, value: number, step?: number): Promise<void> {
    return this.logMetrics(runId, [{ key, value, step }]);
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const row = await this.requireRun(runId);
    const clean = checkStringRecord('tags', tags);
    await inTransaction(this.store, (trx) => upsertTags(trx, row.id, clean));
  }

  async logArtifact(runId: string, name: string, uri: string): Promise<void> {
    const row = await this.requireRun(runId);
    await upsertArtifact(this.db, row.id, checkKey('artifact name', name), checkText('artifact uri', uri, 2048));
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const row = await this.requireRun(runId);
    return metricHistory(this.db, row.id, checkKey('metric key', key));
  }

  async searchRuns(query: SearchRunsQuery = {}): Promise<Run[]> {
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`limit: expected an integer in [1, 10000], got ${JSON.stringify(query.limit)}`);
    const offset = query.offset ?? 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`offset: expected a non-negative integer, got ${JSON.stringify(query.offset)}`);
    for (const s of query.statuses ?? []) {
      if (!RUN_STATUSES.includes(s)) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`statuses: unknown status ${JSON.stringify(s)} (expected one of ${RUN_STATUSES.join(', ')})`);
    }
    let experimentIds: string[] | undefined;
    if (query.experiments) experimentIds = await Promise.all(query.experiments.map(async (e) => (await this.getExperiment(e)).id));
    let orderByMetric: { key: string; direction: 'asc' | 'desc' } | undefined;
    if (query.orderBy) {
      const direction = query.orderBy.direction ?? 'desc';
      if (direction !== 'asc' && direction !== 'desc') throw TrackingErrors.FW_ERR_TRACKING_INVALID(`orderBy.direction: expected "asc" or "desc", got ${JSON.stringify(direction)}`);
      orderByMetric = { key: checkKey('orderBy.metric', query.orderBy.metric), direction };
    }
    // Readers settle abandoned runs first, so nobody is shown a dead run as RUNNING (see TrackingStore).
    await this.reconcileAbandonedRuns();
    const rows = await queryRuns(this.db, { experimentIds, statuses: query.statuses, parentRunId: query.parentRunId, orderByMetric, limit, offset });
    return hydrateRuns(this.db, rows);
  }

  async close(): Promise<void> {
    for (const id of [...this.heartbeats.keys()]) this.stopHeartbeat(id);
    if (this.ownsStore) await this.store.close();
  }

  /** Exact id, or a unique prefix of ≥4 characters. */
  private async requireRun(runId: string) {
    if (typeof runId !== 'string' || runId.length === 0 || runId.length > 64) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`run id: expected a non-empty string of ≤64 characters, got ${JSON.stringify(runId)}`);
    const row = await runRow(this.db, runId);
    if (row) return row;
    if (runId.length >= 4 && /^[0-9a-f]+$/.test(runId)) {
      const ids = await runIdsWithPrefix(this.db, runId);
      if (ids.length === 1) return (await runRow(this.db, ids[0]!))!;
      if (ids.length > 1) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`run id prefix ${runId} is ambiguous: ${ids.join(', ')}…`);
    }
    throw TrackingErrors.FW_ERR_TRACKING_NOT_FOUND(`run ${runId} not found (list runs with \`forewarn runs list\`)`);
  }
}
