import type { Kysely } from 'kysely';
import type { Database, RunsTable } from './schema-types.js';
import type { Run, RunEnvironment, RunStatus } from '../entities/tracking.js';
import { fromJsonText } from './json-columns.js';
import { keyValuesOf, artifactsOf } from './params-tags.js';
import { latestMetricsOf } from './metrics.js';

type Db = Kysely<Database>;

export async function insertRun(db: Db, row: RunsTable): Promise<void> {
  await db.insertInto('runs').values(row).execute();
}

/** End a RUNNING run; false when it had already ended (a concurrent endRun or the abandoned-run check won). */
export async function updateRunEnd(db: Db, runId: string, status: RunStatus, endTime: string): Promise<boolean> {
  const r = await db.updateTable('runs').set({ status, end_time: endTime }).where('id', '=', runId).where('status', '=', 'RUNNING').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The owner says it is alive; false when the run is no longer RUNNING (it was ended, perhaps as abandoned). */
export async function touchHeartbeat(db: Db, runId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('runs').set({ heartbeat_at: at }).where('id', '=', runId).where('status', '=', 'RUNNING').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function runningRunRows(db: Db): Promise<RunsTable[]> {
  return db.selectFrom('runs').selectAll().where('status', '=', 'RUNNING').execute();
}

/**
 * Mark a run FAILED as abandoned, only if it is still RUNNING with the heartbeat the caller judged (a heartbeat that
 * arrived in between means the owner is alive after all). True when this call changed it.
 */
export async function failAbandonedRun(db: Db, runId: string, seenHeartbeat: string | null, endTime: string): Promise<boolean> {
  let q = db.updateTable('runs').set({ status: 'FAILED', end_time: endTime }).where('id', '=', runId).where('status', '=', 'RUNNING');
  q = seenHeartbeat === null ? q.where('heartbeat_at', 'is', null) : q.where('heartbeat_at', '=', seenHeartbeat);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function runRow(db: Db, runId: string): Promise<RunsTable | undefined> {
  return db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** Run ids starting with `prefix` (CLI convenience: `runs show 3fa2`). */
export async function runIdsWithPrefix(db: Db, prefix: string, limit = 5): Promise<string[]> {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db.selectFrom('runs').select('id').where('id', 'like', `${escaped}%`).limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Rows → entities, fetching params/metrics/tags/artifacts for all runs in four queries. */
export async function hydrateRuns(db: Db, rows: RunsTable[]): Promise<Run[]> {
  const ids = rows.map((r) => r.id);
  const [params, tags, metrics, artifacts] = await Promise.all([
    keyValuesOf(db, 'params', ids),
    keyValuesOf(db, 'run_tags', ids),
    latestMetricsOf(db, ids),
    artifactsOf(db, ids),
  ]);
  return rows.map((r) => ({
    id: r.id,
    experimentId: r.experiment_id,
    name: r.name,
    status: r.status as RunStatus,
    startTime: r.start_time,
    endTime: r.end_time,
    parentRunId: r.parent_run_id,
    datasetHash: r.dataset_hash,
    configHash: r.config_hash,
    codeVersion: r.code_version,
    environment: fromJsonText<RunEnvironment>(r.environment, 'runs.environment'),
    artifactUri: r.artifact_uri,
    owner: r.owner_host === null || r.owner_pid === null ? null : { host: r.owner_host, pid: Number(r.owner_pid), start: r.owner_start },
    heartbeatAt: r.heartbeat_at,
    params: params.get(r.id) ?? {},
    metrics: metrics.get(r.id) ?? {},
    tags: tags.get(r.id) ?? {},
    artifacts: artifacts.get(r.id) ?? {},
  }));
}

export interface RunQuery {
  experimentIds?: string[];
  statuses?: RunStatus[];
  /** null: only top-level runs; a run id: only its children. */
  parentRunId?: string | null;
  orderByMetric?: { key: string; direction: 'asc' | 'desc' };
  limit: number;
  offset: number;
}

/** Runs matching the query; ordering by a metric puts runs without it last, then newest first. */
export async function queryRuns(db: Db, q: RunQuery): Promise<RunsTable[]> {
  let s = db.selectFrom('runs as r').selectAll('r');
  if (q.experimentIds) s = s.where('r.experiment_id', 'in', q.experimentIds.length ? q.experimentIds : ['\u0000none']);
  if (q.statuses?.length) s = s.where('r.status', 'in', q.statuses);
  if (q.parentRunId === null) s = s.where('r.parent_run_id', 'is', null);
  else if (q.parentRunId !== undefined) s = s.where('r.parent_run_id', '=', q.parentRunId);
  if (q.orderByMetric) {
    const { key, direction } = q.orderByMetric;
    s = s
      .leftJoin('latest_metrics as lm', (j) => j.onRef('lm.run_id', '=', 'r.id').on('lm.key', '=', key))
      .orderBy('lm.value', (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  }
  return s.orderBy('r.start_time', 'desc').orderBy('r.id').limit(q.limit).offset(q.offset).execute();
}
