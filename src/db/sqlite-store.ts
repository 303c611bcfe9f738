import { dirname, isAbsolute, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SQLITE_CAPABILITIES } from './capabilities.js';
import { ensureDir } from '../core/ensure-dir.js';
import { migrateToLatest } from './migrate.js';
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

export async function openSqliteStore(url: string, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  const path = sqlitePath(url, opts.baseDir);
  let raw: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') ensureDir(dirname(path));
    raw = new BetterSqlite3(path);
    // WAL: readers never block the writer; busy_timeout: a second process waits for the write lock instead of failing.
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 10000');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
  } catch (e) {
    throw StoreErrors.FW_ERR_STORE_UNREACHABLE(`cannot open SQLite store ${path}: ${(e as Error).message}`, undefined, e);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const store: SqlStore = {
    db,
    caps: SQLITE_CAPABILITIES,
    displayUrl: `sqlite:${path}`,
    close: () => db.destroy(),
  };
  if (opts.migrate !== false) {
    // Kysely's SQLite migration lock is a no-op (one connection per process). Across processes, BEGIN IMMEDIATE
    // takes the file's write lock first, so a second opener waits, then sees the migrations already applied.
    raw.exec('BEGIN IMMEDIATE');
    try {
      await migrateToLatest(db, SQLITE_CAPABILITIES, { inOuterTransaction: true });
      raw.exec('COMMIT');
    } catch (e) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      await db.destroy();
      throw e;
    }
  }
  return store;
}
