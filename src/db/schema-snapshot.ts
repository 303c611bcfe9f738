import { sql } from 'kysely';
import type { SqlStore } from './sql-store.js';

/**
 * A stable text description of the store's tables and columns (name, type, nullability), for the schema-snapshot
 * tests: a migration that changes the schema unintentionally shows up as a diff.
 */
export async function describeSchema(store: SqlStore): Promise<string> {
  const tables = (await store.db.introspection.getTables()).filter((t) => !t.name.startsWith('kysely_') && (!store.schema || t.schema === store.schema)).sort((a, b) => a.name.localeCompare(b.name));
  const lines: string[] = [];
  for (const t of tables) {
    lines.push(`${t.name}(${t.columns.map((c) => `${c.name} ${c.dataType.toLowerCase()}${c.isNullable ? '' : ' not null'}`).join(', ')})`);
  }
  return lines.join('\n');
}

/** Names of applied migrations, in order. */
export async function appliedMigrations(store: SqlStore): Promise<string[]> {
  const table = store.schema ? sql.table(`${store.schema}.kysely_migration`) : sql.table('kysely_migration');
  const r = await sql<{ name: string }>`select name from ${table} order by name`.execute(store.db);
  return r.rows.map((x) => x.name);
}
