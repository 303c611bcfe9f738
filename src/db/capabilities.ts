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
}

/** The conservative baseline a dialect starts from; each dialect overrides only what it does differently. */
export const DEFAULT_CAPABILITIES: Omit<DialectCapabilities, 'dialect'> = {
  lockRowsForUpdate: false,
  autoIncrementType: 'integer',
  doubleType: 'real',
  concurrentWriters: false,
  appendOnlyTriggerSql: () => [],
};

export const SQLITE_CAPABILITIES: DialectCapabilities = {
  ...DEFAULT_CAPABILITIES,
  dialect: 'sqlite',
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
  appendOnlyTriggerSql: (t) => [
    `CREATE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'FW_APPEND_ONLY: ${t} is append-only'; END $$`,
    `CREATE TRIGGER ${t}_no_update_delete BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_append_only()`,
    `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ${t}_append_only()`,
  ],
};
