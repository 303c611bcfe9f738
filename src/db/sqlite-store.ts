import { dirname, isAbsolute, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { SQLITE_CAPABILITIES } from './capabilities.js';
import { ensureDir } from '../core/ensure-dir.js';
import { allMigrations, migrateToLatest } from './migrate.js';
import { ImmediateSqliteDialect } from './sqlite-immediate.js';
import { retryBusy } from './transaction.js';
import { StoreErrors } from './errors.js';
import type { Database } from './schema-types.js';
import type { OpenStoreOptions, SqlStore } from './sql-store.js';

/** `sqlite:<path>`, `sqlite://<path>` or `sqlite::memory:` → file path (relative paths against baseDir). */
export function sqlitePath(url: string, baseDir = process.cwd()): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  if (rest === '') throw StoreErrors.FW_ERR_STORE_UNKNOWN_SCHEME(`store url ${JSON.stringify(url)}: missing the file path after "sqlite:" (e.g. sqlite:.forewarn/forewarn.db)`);
  if (rest === ':memory:') return rest;
  return isAbsolute(rest) ? rest : resolve(baseDir, rest);
}

/** How long one statement waits for another process's write lock before SQLITE_BUSY (then inTransaction retries). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Every migration already recorded? Checked with a plain read first so that opening an up-to-date store (every CLI
 * call) takes no write lock: 70 concurrent CLI processes then queue only for their actual change.
 */
async function isMigrated(db: Kysely<Database>): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const done = new Set(rows.rows.map((r) => r.name));
    return Object.keys(allMigrations(SQLITE_CAPABILITIES)).every((n) => done.has(n));
  } catch {
    return false; // no bookkeeping table yet: a fresh file
  }
}

export async function openSqliteStore(url: string, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  const path = sqlitePath(url, opts.baseDir);
  let raw: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') ensureDir(dirname(path));
    raw = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    // busy_timeout first: switching a fresh file to WAL takes a lock too, and a concurrent opener must wait for it.
    // WAL: readers never block the writer; busy_timeout: a second process waits for the write lock instead of failing.
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
  } catch (e) {
    throw StoreErrors.FW_ERR_STORE_UNREACHABLE(`cannot open SQLite store ${path}: ${(e as Error).message}`, undefined, e);
  }
  try {
    // SQLite does not always call the busy handler for the lock a journal-mode switch needs (two processes opening
    // one fresh file at once: the second can get SQLITE_BUSY at once), so the switch is retried like a busy write.
    await retryBusy(async () => { raw.pragma('journal_mode = WAL'); }, `switching ${path} to WAL`);
  } catch (e) {
    raw.close();
    throw StoreErrors.FW_ERR_STORE_UNREACHABLE(`cannot open SQLite store ${path}: ${(e as Error).message}`, undefined, e);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
  const store: SqlStore = {
    db,
    caps: SQLITE_CAPABILITIES,
    displayUrl: `sqlite:${path}`,
    close: () => db.destroy(),
  };
  if (opts.migrate !== false && !(await isMigrated(db))) {
    // Kysely's SQLite migration lock is a no-op (one connection per process). Across processes, BEGIN IMMEDIATE
    // takes the file's write lock first, so a second opener waits, then sees the migrations already applied.
    try {
      await retryBusy(async () => {
        raw.exec('BEGIN IMMEDIATE');
        try {
          await migrateToLatest(db, SQLITE_CAPABILITIES, { inOuterTransaction: true });
          raw.exec('COMMIT');
        } catch (e) {
          if (raw.inTransaction) raw.exec('ROLLBACK');
          throw e;
        }
      }, `migrating ${path}`);
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }
  return store;
}
