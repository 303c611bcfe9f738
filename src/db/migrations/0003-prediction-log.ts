import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * The prediction log (src/monitoring): one row per served prediction, insert-only. Rows are keyed by an
 * auto-increment id so any number of server replicas can append at once without coordinating (nothing is ever
 * updated; retention deletes whole old ranges). Numbered 0003 so it sorts after the decision-rule migration that
 * is being written at the same time (0002); Kysely refuses migrations that arrive out of name order.
 */
export function migration0003(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('prediction_log')
        .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey().$call((b) => (caps.autoIncrementType === 'integer' ? b.autoIncrement() : b)))
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('probabilities', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('alert', 'integer')
        .addColumn('decision_label', 'text')
        .addColumn('score', caps.doubleType)
        .addColumn('latency_ms', caps.doubleType, (c) => c.notNull())
        .addColumn('replica', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('prediction_log_model_ts_idx').on('prediction_log').columns(['model_name', 'model_version', 'ts']).execute();
      await db.schema.createIndex('prediction_log_ts_idx').on('prediction_log').column('ts').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('prediction_log').execute();
    },
  };
}
