import { sql, type Kysely } from 'kysely';

/**
 * What differs between the SQL dialects, as named flags. Store code asks `caps.lockRowsForUpdate`, never
 * "is this PostgreSQL?", so a third dialect only has to fill this record.
 */
export interface DialectCapabilities {
  readonly dialect: 'sqlite' | 'postgres';
  /** `SELECT ... FOR UPDATE` exists: used to serialise version numbering per model across connections. */
  readonly lockRowsForUpdate: boolean;
  /** Column type of an auto-increment integer primary key. */
  readonly autoIncrementType: 'integer' | 'serial';
  /** Float column type that holds an IEEE double. */
  readonly doubleType: 'real' | 'double precision';
  /** Triggers can forbid UPDATE/DELETE (used to make the audit table append-only below the API). */
  readonly appendOnlyTriggerSql: (table: string) => string[];
  /** Several connections may write at once (pool); SQLite has one writer per file. */
  readonly concurrentWriters: boolean;
  /**
   * The engine's own check of its files and indexes; one line per problem, [] when sound. `schema`: PostgreSQL's
   * schema holding the tables.
   */
  readonly integrityCheck: (db: Kysely<any>, schema?: string) => Promise<string[]>;
}

/** The conservative baseline a dialect starts from; each dialect overrides only what it does differently. */
export const DEFAULT_CAPABILITIES: Omit<DialectCapabilities, 'dialect'> = {
  lockRowsForUpdate: false,
  autoIncrementType: 'integer',
  doubleType: 'real',
  concurrentWriters: false,
  appendOnlyTriggerSql: () => [],
  integrityCheck: async () => [],
};

/** PRAGMA integrity_check (pages, b-trees, indexes against tables) and foreign_key_check. */
async function sqliteIntegrity(db: Kysely<any>): Promise<string[]> {
  const out: string[] = [];
  const ic = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
  for (const r of ic.rows) if (r.integrity_check !== 'ok') out.push(`PRAGMA integrity_check: ${r.integrity_check}`);
  const fk = await sql<{ table: string; rowid: number; parent: string }>`PRAGMA foreign_key_check`.execute(db);
  for (const r of fk.rows) out.push(`PRAGMA foreign_key_check: ${r.table} row ${r.rowid} references a missing ${r.parent} row`);
  return out;
}

/**
 * PostgreSQL has no single integrity_check: every index of the schema must be valid and ready (a crash during
 * CREATE INDEX CONCURRENTLY leaves invalid ones), and with the amcheck extension installed, each B-tree index is
 * verified against its structure (bt_index_check). Constraints are enforced by the server at every commit.
 */
async function postgresIntegrity(db: Kysely<any>, schema?: string): Promise<string[]> {
  const out: string[] = [];
  const ns = schema ?? 'public';
  const bad = await sql<{ index: string }>`select c.relname as index from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${ns} and (not i.indisvalid or not i.indisready)`.execute(db);
  for (const r of bad.rows) out.push(`index ${ns}.${r.index} is invalid or not ready`);
  const amcheck = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'amcheck'`.execute(db);
  if (Number(amcheck.rows[0]?.n) > 0) {
    const idx = await sql<{ oid: number; index: string }>`select c.oid::int as oid, c.relname as index from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace join pg_am a on a.oid = c.relam where n.nspname = ${ns} and a.amname = 'btree'`.execute(db);
    for (const r of idx.rows) {
      try {
        await sql`select bt_index_check(${r.oid}::oid)`.execute(db);
      } catch (e) {
        out.push(`amcheck bt_index_check(${ns}.${r.index}): ${(e as Error).message}`);
      }
    }
  }
  return out;
}

export const SQLITE_CAPABILITIES: DialectCapabilities = {
  ...DEFAULT_CAPABILITIES,
  dialect: 'sqlite',
  integrityCheck: sqliteIntegrity,
  appendOnlyTriggerSql: (t) => [
    `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, 'FW_APPEND_ONLY: ${t} is append-only'); END`,
    `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, 'FW_APPEND_ONLY: ${t} is append-only'); END`,
  ],
};

export const POSTGRES_CAPABILITIES: DialectCapabilities = {
  ...DEFAULT_CAPABILITIES,
  dialect: 'postgres',
  lockRowsForUpdate: true,
  autoIncrementType: 'serial',
  doubleType: 'double precision',
  concurrentWriters: true,
  integrityCheck: postgresIntegrity,
  appendOnlyTriggerSql: (t) => [
    `CREATE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'FW_APPEND_ONLY: ${t} is append-only'; END $$`,
    `CREATE TRIGGER ${t}_no_update_delete BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_append_only()`,
    `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ${t}_append_only()`,
  ],
};
