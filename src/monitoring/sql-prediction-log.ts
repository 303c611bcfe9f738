import type { SqlStore } from '../db/sql-store.js';
import { fromJsonText } from '../db/json-columns.js';
import type { PredictionLog, PredictionQuery, PredictionRecord } from './prediction-log.js';

/** Rows per INSERT statement: 13 parameters each keeps a statement under SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

/**
 * The prediction log over the project's SQL store (the same Kysely layer as tracking and the registry). A batch is
 * one transaction of multi-row INSERTs; ids come from the database, so replicas appending at once never collide.
 */
export class SqlPredictionLog implements PredictionLog {
  constructor(private readonly store: SqlStore, private readonly ownsStore = false) {}

  async append(batch: readonly PredictionRecord[]): Promise<void> {
    if (batch.length === 0) return;
    await this.store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
        const rows = batch.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({
          ts: r.time,
          request_id: r.requestId,
          model_name: r.model,
          model_version: r.version,
          inputs: JSON.stringify(r.inputs),
          probabilities: JSON.stringify(r.probabilities),
          label: r.label,
          alert: r.decision ? (r.decision.alert ? 1 : 0) : null,
          decision_label: r.decision?.label ?? null,
          score: r.score ?? null,
          latency_ms: r.latencyMs,
          replica: r.replica,
          entity: r.entity ?? null,
          event_time: r.eventTime ?? null,
        }));
        await tx.insertInto('prediction_log').values(rows).execute();
      }
    });
  }

  private where(q: PredictionQuery) {
    let s = this.store.db.selectFrom('prediction_log').where('model_name', '=', q.model);
    if (q.version !== undefined) s = s.where('model_version', '=', q.version);
    if (q.from !== undefined) s = s.where('ts', '>=', q.from);
    if (q.to !== undefined) s = s.where('ts', '<', q.to);
    return s;
  }

  async *read(q: PredictionQuery, pageSize = 10_000): AsyncIterable<PredictionRecord[]> {
    // Keyset pages on (ts, id): stable while replicas keep appending, and no OFFSET rescans.
    let after: { ts: string; id: number } | undefined;
    for (;;) {
      let s = this.where(q).selectAll();
      if (after) {
        const a = after;
        s = s.where((eb) => eb.or([eb('ts', '>', a.ts), eb.and([eb('ts', '=', a.ts), eb('id', '>', a.id)])]));
      }
      const rows = await s.orderBy('ts').orderBy('id').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        time: r.ts,
        requestId: r.request_id,
        model: r.model_name,
        version: r.model_version,
        inputs: fromJsonText<PredictionRecord['inputs']>(r.inputs, 'prediction_log.inputs')!,
        probabilities: fromJsonText<PredictionRecord['probabilities']>(r.probabilities, 'prediction_log.probabilities')!,
        label: r.label,
        ...(r.alert !== null ? { decision: { alert: r.alert === 1, label: r.decision_label ?? r.label } } : {}),
        ...(r.score !== null ? { score: Number(r.score) } : {}),
        latencyMs: Number(r.latency_ms),
        replica: r.replica,
        ...(r.entity !== null ? { entity: r.entity } : {}),
        ...(r.event_time !== null ? { eventTime: r.event_time } : {}),
      }));
      const last = rows[rows.length - 1]!;
      after = { ts: last.ts, id: Number(last.id) };
      if (rows.length < pageSize) return;
    }
  }

  async count(q: PredictionQuery): Promise<number> {
    const r = await this.where(q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async versions(model: string): Promise<{ version: string; rows: number; first: string; last: string }[]> {
    const rows = await this.where({ model })
      .select((eb) => ['model_version', eb.fn.countAll().as('n'), eb.fn.min('ts').as('first'), eb.fn.max('ts').as('last')])
      .groupBy('model_version')
      .execute();
    return rows
      .map((r) => ({ version: r.model_version, rows: Number(r.n), first: String(r.first), last: String(r.last) }))
      .sort((a, b) => a.first.localeCompare(b.first));
  }

  async prune(before: string): Promise<number> {
    const r = await this.store.db.deleteFrom('prediction_log').where('ts', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }

  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
