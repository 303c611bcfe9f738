import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Alert episodes of live scoring (`forewarn stream`), listed and acknowledged by `forewarn alerts` and the alert
 * HTTP routes. The id is deterministic (machine:component:opening time), so a replay or a restart upserts the same
 * row. Numbered 0005 (0002–0004: the registry's decision field, run ownership, the prediction log).
 */
export function migration0005(caps: DialectCapabilities): Migration {
  const dbl = caps.doubleType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stream_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('machine', 'text', (c) => c.notNull())
        .addColumn('component', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('probability', dbl, (c) => c.notNull())
        .addColumn('max_probability', dbl, (c) => c.notNull())
        .addColumn('score', dbl, (c) => c.notNull())
        .addColumn('expected_from', 'text', (c) => c.notNull())
        .addColumn('expected_to', 'text', (c) => c.notNull())
        .addColumn('top_features', 'text', (c) => c.notNull())
        .addColumn('acked_at', 'text')
        .addColumn('acked_by', 'text')
        .addColumn('ack_note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stream_alerts_status').on('stream_alerts').columns(['status', 'opened_at']).execute();
      await db.schema.createIndex('stream_alerts_machine').on('stream_alerts').columns(['machine', 'opened_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('stream_alerts').execute();
    },
  };
}
