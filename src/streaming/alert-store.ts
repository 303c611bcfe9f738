import type { SqlStore } from '../db/sql-store.js';
import { ackAlert, getAlert, listAlerts, upsertAlert, type AlertQuery, type StoredAlert } from '../db/stream-alerts.js';
import type { AlertSink } from './alert-sink.js';
import { alertJson } from './alert-sink.js';
import type { AlertChange } from './machine-alerts.js';

/** Where alert episodes are kept so people can list and acknowledge them (`forewarn alerts`, the HTTP routes). */
export interface AlertStore {
  upsert(change: AlertChange): Promise<void>;
  list(q?: AlertQuery): Promise<StoredAlert[]>;
  get(id: string): Promise<StoredAlert | undefined>;
  /** false when no alert has this id. */
  ack(id: string, by: string, note?: string): Promise<boolean>;
}

/** Over the project's SQL store (SQLite or PostgreSQL, migration 0003). */
export class SqlAlertStore implements AlertStore {
  constructor(private readonly sql: SqlStore) {}

  async upsert(change: AlertChange): Promise<void> {
    const j = alertJson(change.episode) as { openedAt: string; closedAt?: string; expectedFailure: { from: string; to: string }; topFeatures: StoredAlert['topFeatures'] };
    const e = change.episode;
    await upsertAlert(this.sql.db, {
      id: e.id, model: e.model, machine: e.machine, component: e.component, status: e.status, openedAt: j.openedAt, closedAt: j.closedAt ?? null, closeReason: e.closeReason ?? null,
      probability: e.probability, maxProbability: e.maxProbability, score: e.score, expectedFailure: j.expectedFailure, topFeatures: j.topFeatures,
    });
  }

  list(q?: AlertQuery): Promise<StoredAlert[]> {
    return listAlerts(this.sql.db, q);
  }

  get(id: string): Promise<StoredAlert | undefined> {
    return getAlert(this.sql.db, id);
  }

  ack(id: string, by: string, note?: string): Promise<boolean> {
    return ackAlert(this.sql.db, id, by, note ?? null);
  }
}

/** The store as an alert sink: every opened / closed episode is upserted (awaited: it is the record of truth). */
export class StoreAlertSink implements AlertSink {
  readonly name = 'store';
  constructor(private readonly store: AlertStore) {}
  publish(change: AlertChange): Promise<void> {
    return this.store.upsert(change);
  }
  async close(): Promise<void> {}
}
