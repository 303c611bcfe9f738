import type { Kysely } from 'kysely';
import type { Database } from './schema-types.js';
import type { AuditAction, AuditEntry } from '../entities/registry.js';
import { fromJsonText, nowIso, toJsonText } from './json-columns.js';

type Db = Kysely<Database>;

/** An entry as written: the store assigns `id` and `at`. */
export type AuditInput = Omit<AuditEntry, 'id' | 'at'>;

/**
 * The audit log is append-only: this module exports no update or delete, and the migration installs triggers that
 * abort any UPDATE/DELETE (and TRUNCATE on PostgreSQL) on the table.
 */
export async function appendAudit(db: Db, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      model_name: e.modelName,
      version: e.version,
      action: e.action,
      actor: e.actor,
      reason: e.reason,
      before: e.before === undefined ? null : toJsonText(e.before),
      after: e.after === undefined ? null : toJsonText(e.after),
      at: nowIso(),
    })
    .execute();
}

/** Oldest first. */
export async function listAudit(db: Db, modelName: string, limit: number): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('model_name', '=', modelName).orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map((r) => ({
    id: Number(r.id),
    modelName: r.model_name,
    version: r.version === null ? null : Number(r.version),
    action: r.action as AuditAction,
    actor: r.actor,
    reason: r.reason,
    before: fromJsonText(r.before, 'audit_log.before'),
    after: fromJsonText(r.after, 'audit_log.after'),
    at: r.at,
  }));
}
