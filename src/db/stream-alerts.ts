import type { Kysely } from 'kysely';
import type { Database, StreamAlertsTable } from './schema-types.js';
import { fromJsonText, nowIso, toJsonText } from './json-columns.js';

type Db = Kysely<Database>;

/** A stored alert episode (times ISO-8601 UTC). */
export interface StoredAlert {
  id: string;
  model: { name: string; version: string };
  machine: string;
  component: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  probability: number;
  maxProbability: number;
  score: number;
  expectedFailure: { from: string; to: string };
  topFeatures: { feature: string; value: number | null; contribution: number }[];
  ack: { at: string; by: string; note: string | null } | null;
  updatedAt: string;
}

export type AlertRowInput = Omit<StoredAlert, 'ack' | 'updatedAt'>;

export interface AlertQuery {
  status?: 'open' | 'closed';
  machine?: string;
  acked?: boolean;
  limit?: number;
}

/** Insert or update by id; the acknowledgement is never overwritten by a (re)published state. */
export async function upsertAlert(db: Db, a: AlertRowInput): Promise<void> {
  const now = nowIso();
  const row = {
    id: a.id, model_name: a.model.name, model_version: a.model.version, machine: a.machine, component: a.component, status: a.status,
    opened_at: a.openedAt, closed_at: a.closedAt, close_reason: a.closeReason, probability: a.probability, max_probability: a.maxProbability, score: a.score,
    expected_from: a.expectedFailure.from, expected_to: a.expectedFailure.to, top_features: toJsonText(a.topFeatures), acked_at: null, acked_by: null, ack_note: null, updated_at: now,
  };
  await db
    .insertInto('stream_alerts')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ status: a.status, closed_at: a.closedAt, close_reason: a.closeReason, max_probability: a.maxProbability, updated_at: now }))
    .execute();
}

export async function listAlerts(db: Db, q: AlertQuery = {}): Promise<StoredAlert[]> {
  let s = db.selectFrom('stream_alerts').selectAll();
  if (q.status) s = s.where('status', '=', q.status);
  if (q.machine) s = s.where('machine', '=', q.machine);
  if (q.acked === true) s = s.where('acked_at', 'is not', null);
  if (q.acked === false) s = s.where('acked_at', 'is', null);
  const rows = await s.orderBy('opened_at', 'desc').orderBy('id').limit(q.limit ?? 1000).execute();
  return rows.map(toAlert);
}

export async function getAlert(db: Db, id: string): Promise<StoredAlert | undefined> {
  const r = await db.selectFrom('stream_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAlert(r) : undefined;
}

/** Acknowledge; returns false when no alert has this id. A second ack keeps the first one's time and actor. */
export async function ackAlert(db: Db, id: string, by: string, note: string | null): Promise<boolean> {
  const r = await db.updateTable('stream_alerts').set({ acked_at: nowIso(), acked_by: by, ack_note: note }).where('id', '=', id).where('acked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return true;
  return (await getAlert(db, id)) !== undefined;
}

function toAlert(r: StreamAlertsTable): StoredAlert {
  return {
    id: r.id,
    model: { name: r.model_name, version: r.model_version },
    machine: r.machine,
    component: r.component,
    status: r.status as StoredAlert['status'],
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    probability: Number(r.probability),
    maxProbability: Number(r.max_probability),
    score: Number(r.score),
    expectedFailure: { from: r.expected_from, to: r.expected_to },
    topFeatures: fromJsonText<StoredAlert['topFeatures']>(r.top_features, 'top_features') ?? [],
    ack: r.acked_at ? { at: r.acked_at, by: r.acked_by ?? '', note: r.ack_note } : null,
    updatedAt: r.updated_at,
  };
}
