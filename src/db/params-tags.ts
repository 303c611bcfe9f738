import type { Kysely } from 'kysely';
import type { Database } from './schema-types.js';

type Db = Kysely<Database>;
type KvTable = 'params' | 'run_tags';

/** Existing key/values for runs, grouped by run id. */
export async function keyValuesOf(db: Db, table: KvTable, runIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (runIds.length === 0) return out;
  const rows = await db.selectFrom(table).select(['run_id', 'key', 'value']).where('run_id', 'in', runIds).execute();
  for (const r of rows) {
    const m = out.get(r.run_id) ?? {};
    m[r.key] = r.value;
    out.set(r.run_id, m);
  }
  return out;
}

/** Insert params (caller checked they are new or unchanged: params are immutable once logged). */
export async function insertParams(db: Db, runId: string, params: Record<string, string>): Promise<void> {
  const rows = Object.entries(params).map(([key, value]) => ({ run_id: runId, key, value }));
  if (rows.length) await db.insertInto('params').values(rows).onConflict((oc) => oc.columns(['run_id', 'key']).doNothing()).execute();
}

/** Tags are mutable: upsert. */
export async function upsertTags(db: Db, runId: string, tags: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(tags)) {
    await db.insertInto('run_tags').values({ run_id: runId, key, value }).onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value })).execute();
  }
}

export async function upsertArtifact(db: Db, runId: string, name: string, uri: string): Promise<void> {
  await db.insertInto('run_artifacts').values({ run_id: runId, name, uri }).onConflict((oc) => oc.columns(['run_id', 'name']).doUpdateSet({ uri })).execute();
}

export async function artifactsOf(db: Db, runIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (runIds.length === 0) return out;
  const rows = await db.selectFrom('run_artifacts').selectAll().where('run_id', 'in', runIds).execute();
  for (const r of rows) {
    const m = out.get(r.run_id) ?? {};
    m[r.name] = r.uri;
    out.set(r.run_id, m);
  }
  return out;
}
