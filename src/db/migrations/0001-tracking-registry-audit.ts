import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * First schema: tracking (experiments, runs, params, tags, metric history), registry (models, versions, aliases,
 * alias history) and the append-only audit log. Never edit a shipped migration; add 0002-… instead.
 */
export function migration0001(caps: DialectCapabilities): Migration {
  const dbl = caps.doubleType;
  const auto = caps.autoIncrementType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('experiments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('experiment_tags')
        .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id'))
        .addColumn('name', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('RUNNING','FINISHED','FAILED','KILLED')`))
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text')
        .addColumn('parent_run_id', 'text', (c) => c.references('runs.id'))
        .addColumn('dataset_hash', 'text')
        .addColumn('config_hash', 'text')
        .addColumn('code_version', 'text')
        .addColumn('environment', 'text')
        .addColumn('artifact_uri', 'text')
        .execute();
      await db.schema.createIndex('runs_experiment_idx').on('runs').columns(['experiment_id', 'start_time']).execute();
      await db.schema.createIndex('runs_parent_idx').on('runs').column('parent_run_id').execute();
      for (const t of ['params', 'run_tags'] as const) {
        await db.schema
          .createTable(t)
          .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${t}_pk`, ['run_id', 'key'])
          .execute();
      }
      await db.schema
        .createTable('run_artifacts')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_artifacts_pk', ['run_id', 'name'])
        .execute();
      await db.schema
        .createTable('metrics')
        .addColumn('id', auto, (c) => c.primaryKey().$call((b) => (auto === 'integer' ? b.autoIncrement() : b)))
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', dbl, (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('metrics_run_key_idx').on('metrics').columns(['run_id', 'key', 'step']).execute();
      await db.schema
        .createTable('latest_metrics')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', dbl, (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('latest_metrics_pk', ['run_id', 'key'])
        .execute();
      await db.schema.createIndex('latest_metrics_key_idx').on('latest_metrics').columns(['key', 'value']).execute();

      await db.schema
        .createTable('registered_models')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('model_versions')
        .addColumn('model_name', 'text', (c) => c.notNull().references('registered_models.name'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('dataset_hash', 'text')
        .addColumn('metrics', 'text', (c) => c.notNull())
        .addColumn('gates', 'text', (c) => c.notNull())
        .addColumn('gates_passed', 'integer', (c) => c.notNull())
        .addColumn('signature', 'text')
        .addColumn('label_mapping', 'text')
        .addColumn('artifact_uri', 'text', (c) => c.notNull())
        .addColumn('onnx_uri', 'text')
        .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('forewarn-json','onnx')`))
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('approval_status', 'text', (c) =>
          c.notNull().check(sql`approval_status in ('PendingManualApproval','Approved','Rejected')`),
        )
        .addColumn('approval_actor', 'text')
        .addColumn('approval_reason', 'text')
        .addColumn('approval_time', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_versions_pk', ['model_name', 'version'])
        .execute();
      await db.schema
        .createTable('model_aliases')
        .addColumn('model_name', 'text', (c) => c.notNull().references('registered_models.name'))
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_aliases_pk', ['model_name', 'alias'])
        .addForeignKeyConstraint('model_aliases_version_fk', ['model_name', 'version'], 'model_versions', ['model_name', 'version'])
        .execute();
      await db.schema
        .createTable('alias_history')
        .addColumn('id', auto, (c) => c.primaryKey().$call((b) => (auto === 'integer' ? b.autoIncrement() : b)))
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('version', 'integer')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alias_history_idx').on('alias_history').columns(['model_name', 'alias', 'id']).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', auto, (c) => c.primaryKey().$call((b) => (auto === 'integer' ? b.autoIncrement() : b)))
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_model_idx').on('audit_log').columns(['model_name', 'id']).execute();
      for (const stmt of caps.appendOnlyTriggerSql('audit_log')) await sql.raw(stmt).execute(db);
    },
  };
}
