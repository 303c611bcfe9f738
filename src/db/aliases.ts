import type { Kysely } from 'kysely';
import type { Database } from './schema-types.js';
import type { AliasHistoryAction, AliasHistoryEntry } from '../entities/registry.js';

type Db = Kysely<Database>;


export async function aliasTarget(db: Db, model: string, alias: string): Promise<number | null> {
  const r = await db.selectFrom('model_aliases').select('version').where('model_name', '=', model).where('alias', '=', alias).executeTakeFirst();
  return r ? Number(r.version) : null;
}

/** Point `alias` at `version` (or remove it when null) and append the change to the alias history. */
export async function writeAlias(db: Db, model: string, alias: string, version: number | null, action: AliasHistoryAction, at: string): Promise<void> {
  if (version === null) {
    await db.deleteFrom('model_aliases').where('model_name', '=', model).where('alias', '=', alias).execute();
  } else {
    await db
      .insertInto('model_aliases')
      .values({ model_name: model, alias, version, updated_at: at })
      .onConflict((oc) => oc.columns(['model_name', 'alias']).doUpdateSet({ version, updated_at: at }))
      .execute();
  }
  await db.insertInto('alias_history').values({ model_name: model, alias, action, version, at }).execute();
}

export async function aliasHistory(db: Db, model: string, alias: string): Promise<AliasHistoryEntry[]> {
  const rows = await db.selectFrom('alias_history').selectAll().where('model_name', '=', model).where('alias', '=', alias).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), action: r.action as AliasHistoryAction, version: r.version === null ? null : Number(r.version), at: r.at }));
}

/**
 * Replay the history as a stack: set/delete push the new target, rollback pops. The element under the top is
 * where a rollback goes, so repeated rollbacks walk further back instead of flip-flopping.
 */
export function rollbackTarget(history: AliasHistoryEntry[]): { found: boolean; version: number | null } {
  const stack: (number | null)[] = [];
  for (const h of history) {
    if (h.action === 'rollback') stack.pop();
    else stack.push(h.version);
  }
  if (stack.length < 2) return { found: false, version: null };
  return { found: true, version: stack[stack.length - 2]! };
}
