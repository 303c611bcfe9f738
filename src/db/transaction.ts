import type { Transaction } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema-types.js';
import type { SqlStore } from './sql-store.js';
import { StoreErrors } from './errors.js';

const BUSY = ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED'];

/** Another process holds the database's write lock (SQLite) past the busy timeout. */
export function isBusy(e: unknown): boolean {
  return BUSY.includes((e as { code?: string })?.code ?? '');
}

/** Errors that mean "another writer got there first; try again": SQLite busy/snapshot, PG serialization/unique races. */
function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  // Unique-key races (two registrations numbering the same version) retry too: callers re-read state and then
  // either succeed with the next number or raise their own, clearer conflict error.
  return isBusy(e) || ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '40001', '40P01', '23505'].includes(code ?? '');
}

/** Exponential backoff with jitter, so writers that collided do not collide again in lockstep. */
function backoffMs(attempt: number): number {
  return Math.min(1000, 20 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

const DEFAULT_ATTEMPTS = 8;

function busyError(what: string, attempts: number, e: unknown): Error {
  return StoreErrors.FW_ERR_STORE_BUSY(
    `${what}: the database stayed locked by another process through ${attempts} attempts (each waiting up to the busy timeout); another forewarn command is probably holding a long write. Try again.`,
    undefined,
    e,
  );
}

/** Run `fn` (which takes the write lock itself), retrying a bounded number of times while the database is busy. */
export async function retryBusy<T>(fn: () => Promise<T>, what: string, attempts = DEFAULT_ATTEMPTS): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (i >= attempts) throw busyError(what, attempts, e);
      await new Promise((r) => setTimeout(r, backoffMs(i)));
    }
  }
}

/**
 * Run `fn` in one transaction, retrying a bounded number of times when a concurrent writer forced an abort. `fn`
 * must be idempotent up to the commit (it re-reads everything it needs inside the transaction). On SQLite the
 * transaction begins IMMEDIATE (see sqlite-immediate.ts), so waiting for the lock happens in SQLite's busy handler
 * and these retries are the second line; a store still busy after them is a typed FW_ERR_STORE_BUSY, not a bug.
 */
export async function inTransaction<T>(store: SqlStore, fn: (trx: Transaction<Database>) => Promise<T>, attempts = DEFAULT_ATTEMPTS): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await store.db.transaction().execute(fn);
    } catch (e) {
      if (!isRetryable(e)) throw e;
      if (i >= attempts) throw isBusy(e) ? busyError(`writing to ${store.displayUrl}`, attempts, e) : e;
      await new Promise((r) => setTimeout(r, backoffMs(i)));
    }
  }
}

/**
 * Serialise changes to one model across connections: `SELECT ... FOR UPDATE` on its row where the dialect has it;
 * SQLite needs nothing (one writer per file, and the transaction holds it from BEGIN IMMEDIATE).
 */
export async function lockModelRow(store: SqlStore, trx: Kysely<Database>, name: string): Promise<void> {
  if (!store.caps.lockRowsForUpdate) return;
  await trx.selectFrom('registered_models').select('name').where('name', '=', name).forUpdate().execute();
}
