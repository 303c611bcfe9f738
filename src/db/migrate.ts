import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectCapabilities } from './capabilities.js';
import { migration0001 } from './migrations/0001-tracking-registry-audit.js';
import { migration0002 } from './migrations/0002-model-version-decision.js';
import { migration0003 } from './migrations/0003-run-owner-heartbeat.js';
import { migration0004 } from './migrations/0004-prediction-log.js';
import { migration0005 } from './migrations/0005-stream-alerts.js';
import { StoreErrors } from './errors.js';

/** Migrations as code, in order. Names are stable: they are recorded in kysely_migration. */
export function allMigrations(caps: DialectCapabilities): Record<string, Migration> {
  return { '0001-tracking-registry-audit': migration0001(caps), '0002-model-version-decision': migration0002(), '0003-run-owner-heartbeat': migration0003(), '0004-prediction-log': migration0004(caps), '0005-stream-alerts': migration0005(caps) };
}

class CodeProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Bring the schema to the latest version. Concurrency: on PostgreSQL Kysely takes an advisory lock and runs in one
 * transaction; on SQLite the caller wraps this in BEGIN IMMEDIATE (see sqlite-store.ts) so a second process waits.
 */
export async function migrateToLatest(db: Kysely<any>, caps: DialectCapabilities, opts: { inOuterTransaction?: boolean; schema?: string } = {}): Promise<string[]> {
  // With a schema, Kysely looks for its bookkeeping tables in that schema only (else a kysely_migration table in
  // any other schema of the database counts as "already there").
  const migrator = new Migrator({
    db,
    provider: new CodeProvider(allMigrations(caps)),
    disableTransactions: opts.inOuterTransaction,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const what = failed ? `migration ${failed.migrationName}` : 'migrations';
    const msg = (error as Error).message ?? String(error);
    // Kysely: "corrupted migrations: previously executed migration X is missing" = a newer forewarn migrated it.
    const hint = /is missing/.test(msg) ? ' (this database was migrated by a newer forewarn; upgrade forewarn to open it)' : '';
    throw StoreErrors.FW_ERR_STORE_MIGRATION(`${what} failed: ${msg}${hint}`, undefined, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
