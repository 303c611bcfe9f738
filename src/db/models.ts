import type { Kysely } from 'kysely';
import type { Database, RegisteredModelsTable } from './schema-types.js';
import type { RegisteredModel } from '../entities/registry.js';
import { fromJsonText, toJsonText } from './json-columns.js';

type Db = Kysely<Database>;

export async function insertModel(db: Db, name: string, description: string | null, tags: Record<string, string>, at: string): Promise<void> {
  await db.insertInto('registered_models').values({ name, description, tags: toJsonText(tags), created_at: at, updated_at: at }).execute();
}

export async function touchModel(db: Db, name: string, at: string): Promise<void> {
  await db.updateTable('registered_models').set({ updated_at: at }).where('name', '=', name).execute();
}

export async function modelRow(db: Db, name: string): Promise<RegisteredModelsTable | undefined> {
  return db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function modelNames(db: Db): Promise<string[]> {
  return (await db.selectFrom('registered_models').select('name').orderBy('name').execute()).map((r) => r.name);
}

/** Rows → entities with aliases and latest version (two queries for any number of models). */
export async function hydrateModels(db: Db, rows: RegisteredModelsTable[]): Promise<RegisteredModel[]> {
  const names = rows.map((r) => r.name);
  const aliases = names.length ? await db.selectFrom('model_aliases').select(['model_name', 'alias', 'version']).where('model_name', 'in', names).execute() : [];
  const latest = names.length
    ? await db.selectFrom('model_versions').select(['model_name', (eb) => eb.fn.max('version').as('v')]).where('model_name', 'in', names).groupBy('model_name').execute()
    : [];
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    tags: fromJsonText<Record<string, string>>(r.tags, 'registered_models.tags') ?? {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    aliases: Object.fromEntries(aliases.filter((a) => a.model_name === r.name).sort((a, b) => a.alias.localeCompare(b.alias)).map((a) => [a.alias, Number(a.version)])),
    latestVersion: ((v) => (v === undefined || v === null ? null : Number(v)))(latest.find((l) => l.model_name === r.name)?.v),
  }));
}
