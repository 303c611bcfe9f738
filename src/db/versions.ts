import type { Kysely } from 'kysely';
import type { Database, ModelVersionsTable } from './schema-types.js';
import type { ApprovalStatus, GateResults, ModelFormat, ModelVersion } from '../entities/registry.js';
import type { ModelSignature } from '../entities/signature.js';
import { decisionRuleFromTags, type DecisionRule } from '../entities/decision-rule.js';
import { fromJsonText } from './json-columns.js';

type Db = Kysely<Database>;

export async function nextVersionNumber(db: Db, model: string): Promise<number> {
  const r = await db.selectFrom('model_versions').select((eb) => eb.fn.max('version').as('v')).where('model_name', '=', model).executeTakeFirst();
  return r?.v === null || r?.v === undefined ? 1 : Number(r.v) + 1;
}

export async function insertVersion(db: Db, row: ModelVersionsTable): Promise<void> {
  await db.insertInto('model_versions').values(row).execute();
}

export async function versionRow(db: Db, model: string, version: number): Promise<ModelVersionsTable | undefined> {
  return db.selectFrom('model_versions').selectAll().where('model_name', '=', model).where('version', '=', version).executeTakeFirst();
}

export async function versionRows(db: Db, model: string): Promise<ModelVersionsTable[]> {
  return db.selectFrom('model_versions').selectAll().where('model_name', '=', model).orderBy('version').execute();
}

export async function versionNumbers(db: Db, model: string): Promise<number[]> {
  return (await db.selectFrom('model_versions').select('version').where('model_name', '=', model).orderBy('version').execute()).map((r) => Number(r.version));
}

export async function setApproval(db: Db, model: string, version: number, status: ApprovalStatus, actor: string, reason: string | null, at: string): Promise<void> {
  await db
    .updateTable('model_versions')
    .set({ approval_status: status, approval_actor: actor, approval_reason: reason, approval_time: at })
    .where('model_name', '=', model)
    .where('version', '=', version)
    .execute();
}

export async function hydrateVersions(db: Db, rows: ModelVersionsTable[]): Promise<ModelVersion[]> {
  const models = [...new Set(rows.map((r) => r.model_name))];
  const aliases = models.length ? await db.selectFrom('model_aliases').select(['model_name', 'alias', 'version']).where('model_name', 'in', models).orderBy('alias').execute() : [];
  return rows.map((r) => {
    const tags = fromJsonText<Record<string, string>>(r.tags, 'model_versions.tags') ?? {};
    const recorded = fromJsonText<DecisionRule>(r.decision, 'model_versions.decision');
    // Versions registered before the rule was a typed field (migration 0002) carried it as decision.* tags.
    const legacy = recorded ? null : decisionRuleFromTags(tags);
    return {
    modelName: r.model_name,
    version: Number(r.version),
    runId: r.run_id,
    datasetHash: r.dataset_hash,
    metrics: fromJsonText<Record<string, number>>(r.metrics, 'model_versions.metrics') ?? {},
    gates: fromJsonText<GateResults>(r.gates, 'model_versions.gates') ?? { passed: false, gates: [] },
    signature: fromJsonText<ModelSignature>(r.signature, 'model_versions.signature'),
    labelMapping: fromJsonText<string[]>(r.label_mapping, 'model_versions.label_mapping'),
    artifactUri: r.artifact_uri,
    onnxUri: r.onnx_uri,
    format: r.format as ModelFormat,
    tags,
    decision: recorded ?? legacy,
    decisionSource: recorded ? ('recorded' as const) : legacy ? ('legacy-tags' as const) : null,
    description: r.description,
    approval: { status: r.approval_status as ApprovalStatus, actor: r.approval_actor, reason: r.approval_reason, at: r.approval_time },
    aliases: aliases.filter((a) => a.model_name === r.model_name && Number(a.version) === Number(r.version)).map((a) => a.alias),
    createdAt: r.created_at,
    };
  });
}
