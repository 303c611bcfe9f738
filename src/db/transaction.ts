import { StoreErrors } from './errors.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema-types.js';
import type { SqlStore } from './sql-store.js';

/** Errors that mean "another writer got there first; try again": SQLite busy/snapshot, PG serialization/unique races. */
function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  // Unique-key races (two registrations numbering the same version) retry too: callers re-read state and then
  // either succeed with the next number or raise their own, clearer conflict error.
  return ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '40001', '40P01', '23505'].includes(code ?? '');
}

/**
 * Run `fn` in one transaction, retrying a few times when a concurrent writer forced an abort. `fn` must be
 * idempotent up to the commit (it re-reads everything it needs inside the transaction).
 */
export async function inTransaction<T>(store: SqlStore, fn: (trx: Transaction<Database>) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await store.db.transaction().execute(fn);
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw storeError(e);
      await new Promise((r) => setTimeout(r, 10 * i + Math.floor(Math.random() * 20)));
    }
  }
}

/**
 * Serialise changes to one model across connections: `SELECT ... FOR UPDATE` on its row where the dialect has it;
 * SQLite needs nothing (one writer per file, and the transaction holds it).
 */
export async function lockModelRow(store: SqlStore, trx: Kysely<Database>, name: string): Promise<void> {
  if (!store.caps.lockRowsForUpdate) return;
  await trx.selectFrom('registered_models').select('name').where('name', '=', name).forUpdate().execute();
}

/**
 * The append-only triggers (capabilities.ts appendOnlyTriggerSql) abort with 'FW_APPEND_ONLY: <table> is
 * append-only' on both dialects; inside a store transaction that becomes the typed FW_ERR_STORE_APPEND_ONLY.
 */
export function storeError(e: unknown): unknown {
  const m = /FW_APPEND_ONLY: ([^\n]*)/.exec((e as Error | undefined)?.message ?? '');
  return m ? StoreErrors.FW_ERR_STORE_APPEND_ONLY(m[1]!, undefined, e) : e;
}
