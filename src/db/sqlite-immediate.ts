import { SqliteDialect, SqliteDriver, CompiledQuery, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) `BEGIN`: the write lock is taken at the first
 * write, after the transaction has already read. When another process committed in between, SQLite cannot upgrade
 * the stale read snapshot and fails at once with "database is locked" — the busy timeout is never consulted.
 * `BEGIN IMMEDIATE` takes the write lock up front, where SQLite does wait (busy_timeout), so concurrent CLI writers
 * on one project queue instead of failing. Reads outside transactions are unaffected (WAL readers never block).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: SqliteDialectConfig) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}
