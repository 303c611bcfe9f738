import type { Kysely, Migration } from 'kysely';

/**
 * The evaluated decision rule becomes a typed field of a model version (JSON text, entities/decision-rule.ts
 * DecisionRule), instead of `decision.*` tags. Existing rows keep null here; reading falls back to their tags.
 * Adding a nullable column is instant on both dialects and needs no backfill.
 */
export function migration0002(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('model_versions').addColumn('decision', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('model_versions').dropColumn('decision').execute();
    },
  };
}
