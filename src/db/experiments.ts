import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ExperimentsTable } from './schema-types.js';
import type { Experiment } from '../entities/tracking.js';
import { nowIso } from './json-columns.js';

type Db = Kysely<Database>;

async function tagsOf(db: Db, ids: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('experiment_tags').selectAll().where('experiment_id', 'in', ids).execute();
  for (const r of rows) {
    const t = out.get(r.experiment_id) ?? {};
    t[r.key] = r.value;
    out.set(r.experiment_id, t);
  }
  return out;
}

function toExperiment(r: ExperimentsTable, tags: Record<string, string> | undefined): Experiment {
  return { id: r.id, name: r.name, description: r.description, tags: tags ?? {}, createdAt: r.created_at };
}

export async function insertExperiment(db: Db, name: string, description: string | null, tags: Record<string, string>): Promise<Experiment> {
  const row: ExperimentsTable = { id: randomUUID().replace(/-/g, ''), name, description, created_at: nowIso() };
  await db.insertInto('experiments').values(row).execute();
  const entries = Object.entries(tags);
  if (entries.length) await db.insertInto('experiment_tags').values(entries.map(([key, value]) => ({ experiment_id: row.id, key, value }))).execute();
  return toExperiment(row, tags);
}

export async function findExperiment(db: Db, idOrName: string): Promise<Experiment | null> {
  const r = await db.selectFrom('experiments').selectAll().where((eb) => eb.or([eb('name', '=', idOrName), eb('id', '=', idOrName)])).executeTakeFirst();
  if (!r) return null;
  return toExperiment(r, (await tagsOf(db, [r.id])).get(r.id));
}

export async function listExperimentRows(db: Db): Promise<Experiment[]> {
  const rows = await db.selectFrom('experiments').selectAll().orderBy('created_at').orderBy('name').execute();
  const tags = await tagsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toExperiment(r, tags.get(r.id)));
}
