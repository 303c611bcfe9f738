import type { Kysely } from 'kysely';
import type { Database } from './schema-types.js';
import type { Metric } from '../entities/tracking.js';

type Db = Kysely<Database>;

/**
 * Append metric points to the history and keep `latest_metrics` (one row per run+key: highest step, then latest
 * timestamp) so runs can be ordered by a metric without scanning the history.
 */
export async function appendMetrics(db: Db, runId: string, points: Metric[]): Promise<void> {
  if (points.length === 0) return;
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < points.length; i += 150) {
    const chunk = points.slice(i, i + 150);
    await db.insertInto('metrics').values(chunk.map((p) => ({ run_id: runId, key: p.key, value: p.value, step: p.step, timestamp: p.timestamp }))).execute();
  }
  const latest = new Map<string, Metric>();
  for (const p of points) {
    const cur = latest.get(p.key);
    if (!cur || p.step > cur.step || (p.step === cur.step && p.timestamp >= cur.timestamp)) latest.set(p.key, p);
  }
  // One atomic upsert per key: only a newer (step, timestamp) replaces the stored latest value, so concurrent
  // writers cannot move it backwards.
  for (const p of latest.values()) {
    await db
      .insertInto('latest_metrics')
      .values({ run_id: runId, key: p.key, value: p.value, step: p.step, timestamp: p.timestamp })
      .onConflict((oc) =>
        oc
          .columns(['run_id', 'key'])
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), step: eb.ref('excluded.step'), timestamp: eb.ref('excluded.timestamp') }))
          .where((eb) =>
            eb.or([
              eb('latest_metrics.step', '<', eb.ref('excluded.step')),
              eb.and([eb('latest_metrics.step', '=', eb.ref('excluded.step')), eb('latest_metrics.timestamp', '<=', eb.ref('excluded.timestamp'))]),
            ]),
          ),
      )
      .execute();
  }
}

export async function latestMetricsOf(db: Db, runIds: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (runIds.length === 0) return out;
  const rows = await db.selectFrom('latest_metrics').select(['run_id', 'key', 'value']).where('run_id', 'in', runIds).execute();
  for (const r of rows) {
    const m = out.get(r.run_id) ?? {};
    m[r.key] = Number(r.value);
    out.set(r.run_id, m);
  }
  return out;
}

export async function metricHistory(db: Db, runId: string, key: string): Promise<Metric[]> {
  const rows = await db.selectFrom('metrics').select(['key', 'value', 'step', 'timestamp']).where('run_id', '=', runId).where('key', '=', key).orderBy('step').orderBy('timestamp').orderBy('id').execute();
  return rows.map((r) => ({ key: r.key, value: Number(r.value), step: Number(r.step), timestamp: r.timestamp }));
}
