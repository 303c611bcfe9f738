import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from './open-store.js';
import type { SqlStore } from './sql-store.js';

/**
 * Test databases for the conformance suites: a temp SQLite file, and the real PostgreSQL with each opened store in
 * its own fresh schema (other engineers run tests against the same server at the same time), dropped afterwards.
 */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Reason to skip (printed loudly) when the backend is unreachable. */
  skip: string | false;
  open(): Promise<{ store: SqlStore; url: string; cleanup: () => Promise<void> }>;
}

const PG_BASE = process.env.FOREWARN_TEST_PG_URL;
const PG_CANDIDATES = PG_BASE ? [PG_BASE] : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

let pgUrlPromise: Promise<string | null> | undefined;

/** The first candidate URL that accepts a connection, or null. */
export function reachablePostgresUrl(): Promise<string | null> {
  pgUrlPromise ??= (async () => {
    for (const url of PG_CANDIDATES) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.end();
        return url;
      } catch {
        await c.end().catch(() => {});
      }
    }
    return null;
  })();
  return pgUrlPromise;
}

export function sqliteTestDatabase(): TestDatabase {
  return {
    name: 'sqlite',
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'fw-store-'));
      const url = `sqlite:${join(dir, 'forewarn.db')}`;
      const store = await openStore(url);
      return { store, url, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  };
}

let staleSwept = false;

/** Drop test schemas left by crashed runs on this machine (their pid is gone), once per process. */
async function sweepStaleSchemas(base: string): Promise<void> {
  if (staleSwept) return;
  staleSwept = true;
  const c = new pg.Client({ connectionString: base });
  c.on('error', () => {});
  try {
    await c.connect();
    const { rows } = await c.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like 'fw\\_test\\_%'`);
    for (const { nspname } of rows) {
      const pid = Number(/^fw_test_(\d+)_/.exec(nspname)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      await c.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).catch(() => {});
    }
  } catch {
    /* best effort */
  } finally {
    await c.end().catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function postgresTestDatabase(): Promise<TestDatabase> {
  const base = await reachablePostgresUrl();
  if (base) await sweepStaleSchemas(base);
  const skip = base ? false : `PostgreSQL unreachable at ${PG_CANDIDATES.join(' / ')}: PostgreSQL conformance cases SKIPPED`;
  if (skip) console.warn(`\n!!! ${skip} !!!\n`);
  return {
    name: 'postgres',
    skip,
    async open() {
      const schema = `fw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const url = `${base}?schema=${schema}`;
      const store = await openStore(url);
      return {
        store,
        url,
        cleanup: async () => {
          await store.close();
          const c = new pg.Client({ connectionString: base! });
          await c.connect();
          try {
            await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

export async function allTestDatabases(): Promise<TestDatabase[]> {
  return [sqliteTestDatabase(), await postgresTestDatabase()];
}
