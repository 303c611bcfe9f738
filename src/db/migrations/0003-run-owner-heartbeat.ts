import type { Kysely, Migration } from 'kysely';

/**
 * Runs record who executes them and when that process last said it was alive, so a run whose process was killed
 * (kill -9, OOM, power loss) can be told from one still working and marked FAILED instead of staying RUNNING for
 * ever. owner_start identifies the process instance (OS start time), so a reused PID is not mistaken for the owner.
 */
export function migration0003(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('runs').addColumn('owner_host', 'text').execute();
      await db.schema.alterTable('runs').addColumn('owner_pid', 'integer').execute();
      await db.schema.alterTable('runs').addColumn('owner_start', 'text').execute();
      await db.schema.alterTable('runs').addColumn('heartbeat_at', 'text').execute();
      await db.schema.createIndex('runs_status_idx').on('runs').column('status').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('runs_status_idx').execute();
      for (const c of ['heartbeat_at', 'owner_start', 'owner_pid', 'owner_host']) await db.schema.alterTable('runs').dropColumn(c).execute();
    },
  };
}
