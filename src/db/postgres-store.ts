import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { POSTGRES_CAPABILITIES } from './capabilities.js';
import { allMigrations, migrateToLatest } from './migrate.js';
import { StoreErrors } from './errors.js';
import type { Database } from './schema-types.js';
import { redactUrl, type OpenStoreOptions, type SqlStore } from './sql-store.js';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Split `?schema=name` off a postgres URL: the store then lives in that schema (created if missing) via search_path.
 * This is how tests isolate themselves, and how one database can hold several forewarn installations.
 */
export function parsePostgresUrl(url: string): { connectionString: string; schema?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw StoreErrors.FW_ERR_STORE_UNKNOWN_SCHEME(`store url ${JSON.stringify(redactUrl(url))} is not a valid URL (expected postgres://user@host:port/db)`);
  }
  const schema = u.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !IDENT.test(schema)) {
    throw StoreErrors.FW_ERR_STORE_UNKNOWN_SCHEME(`store url: schema=${JSON.stringify(schema)} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, ≤63 chars)`);
  }
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

/**
 * A server at max_connections refuses new sessions (SQLSTATE 53300); when many CLI processes start at once that is
 * momentary, so the first query waits and retries a few times (≤ ~6 s in all) before the open fails.
 */
async function withConnectionRetry<T>(fn: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if ((e as { code?: string })?.code !== '53300' || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** (i - 1) * (0.5 + Math.random())));
    }
  }
}

/** Every migration already recorded in this schema? A plain read, so opening an up-to-date store takes no lock. */
async function isMigrated(db: Kysely<Database>, schema: string): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db);
    const done = new Set(rows.rows.map((r) => r.name));
    return Object.keys(allMigrations(POSTGRES_CAPABILITIES)).every((n) => done.has(n));
  } catch {
    return false; // no bookkeeping table yet: a fresh schema
  }
}

export async function openPostgresStore(url: string, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const display = redactUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: 5,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let effectiveSchema = '';
  try {
    if (schema) {
      // IF NOT EXISTS still races on the catalog when two processes create the same schema at once.
      await withConnectionRetry(() => sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(db)).catch((e: { code?: string }) => {
        if (e?.code !== '23505' && e?.code !== '42P06') throw e;
      });
    }
    effectiveSchema = (await withConnectionRetry(() => sql<{ s: string | null }>`select current_schema() as s`.execute(db))).rows[0]?.s ?? '';
    if (!effectiveSchema) throw new Error('no current schema: the search_path names no existing schema (pass ?schema=<name>)');
  } catch (e) {
    await db.destroy();
    throw StoreErrors.FW_ERR_STORE_UNREACHABLE(`cannot connect to PostgreSQL store ${display}: ${(e as Error).message}`, undefined, e);
  }
  if (opts.migrate !== false && !(await isMigrated(db, effectiveSchema))) {
    try {
      // Kysely's Migrator creates its own bookkeeping tables before taking its lock, which races when several
      // processes open a fresh schema at once. A session advisory lock per schema, held on one pooled connection
      // while the migrator uses others, serialises the whole step.
      const key = `forewarn-migrate:${effectiveSchema}`;
      await db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
        try {
          await migrateToLatest(db, POSTGRES_CAPABILITIES, { schema: effectiveSchema });
        } finally {
          await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
        }
      });
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }
  return { db, caps: POSTGRES_CAPABILITIES, displayUrl: display, schema: effectiveSchema, close: () => db.destroy() };
}
