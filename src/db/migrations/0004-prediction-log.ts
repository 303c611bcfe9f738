import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Monitoring tables: the prediction log (src/monitoring), one row per served prediction, insert-only, and each
 * registered version's baseline. Rows are keyed by an
 * auto-increment id so any number of server replicas can append at once without coordinating (nothing is ever
 * updated; retention deletes whole old ranges). Kysely applies migrations in name order and refuses one that sorts
 * before an applied one, hence 0004 after 0003-run-owner-heartbeat.
 */
export function migration0004(caps: DialectCapabilities): Migration {
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
        // What the prediction was about, when the client says (X-Forewarn-Entity / X-Forewarn-Time headers): joins
        // predictions with the failures that follow (realised performance).
        .addColumn('entity', 'text')
        .addColumn('event_time', 'text')
        .execute();
      await db.schema.createIndex('prediction_log_model_ts_idx').on('prediction_log').columns(['model_name', 'model_version', 'ts']).execute();
      await db.schema.createIndex('prediction_log_ts_idx').on('prediction_log').column('ts').execute();
      // The reference profile of each registered version (monitoring/baseline.ts), 1:1 with model_versions. A table
      // of its own rather than a model_versions column: ~1 MB of JSON per version would ride along in every version
      // listing, and the registry never needs it.
      await db.schema
        .createTable('model_baselines')
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('baseline', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_baselines_pk', ['model_name', 'version'])
        .addForeignKeyConstraint('model_baselines_version_fk', ['model_name', 'version'], 'model_versions', ['model_name', 'version'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('model_baselines').execute();
      await db.schema.dropTable('prediction_log').execute();
    },
  };
}
