import type { Kysely } from 'kysely';
import type { SqlStore } from '../db/sql-store.js';
import type { Database } from '../db/schema-types.js';
import type { AliasHistoryEntry, AuditEntry, ModelVersion, RegisteredModel } from '../entities/registry.js';
import { inTransaction, lockModelRow } from '../db/transaction.js';
import { appendAudit, listAudit } from '../db/audit.js';
import { hydrateModels, insertModel, modelNames, modelRow, touchModel } from '../db/models.js';
import { hydrateVersions, insertVersion, nextVersionNumber, setApproval, versionNumbers, versionRow, versionRows } from '../db/versions.js';
import { aliasHistory, aliasTarget, rollbackTarget, writeAlias } from '../db/aliases.js';
import { nowIso, toJsonText } from '../db/json-columns.js';
import { RegistryErrors } from './errors.js';
import { DEFAULT_PROTECTED_ALIASES, protectedAliasViolation } from './approval-policy.js';
import { ALIAS_NAME, checkActor, checkAlias, checkModelName, checkReason, checkVersion, parseRegisterVersion } from './validate.js';
import type { AliasChange, ChangeBy, RegisterVersionInput, RegistryStore } from './registry-store.js';

type Db = Kysely<Database>;

export interface SqlRegistryOptions {
  /** Aliases that need Approved + gates passed (default ['production']). */
  protectedAliases?: readonly string[];
  /** Close the SQL store when this registry closes. */
  ownsStore?: boolean;
}

/** RegistryStore over the shared SQL store. Each change + its audit entry (+ alias history) is one transaction. */
export class SqlRegistryStore implements RegistryStore {
  private readonly protectedAliases: readonly string[];
  constructor(private readonly store: SqlStore, private readonly opts: SqlRegistryOptions = {}) {
    this.protectedAliases = opts.protectedAliases ?? DEFAULT_PROTECTED_ALIASES;
  }

  async createModel(name: string, opts: ChangeBy & { description?: string; tags?: Record<string, string> }): Promise<RegisteredModel> {
    checkModelName(name);
    const actor = checkActor(opts?.actor);
    const description = opts.description ?? null;
    if (description !== null && (typeof description !== 'string' || description.length > 8000)) throw RegistryErrors.FW_ERR_REGISTRY_INVALID('description: expected a string of ≤8000 characters');
    const tags = opts.tags ?? {};
    if (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) throw RegistryErrors.FW_ERR_REGISTRY_INVALID('tags: expected an object of key → string');
    await inTransaction(this.store, async (trx) => {
      if (await modelRow(trx, name)) throw RegistryErrors.FW_ERR_REGISTRY_CONFLICT(`model "${name}" already exists`);
      await insertModel(trx, name, description, tags, nowIso());
      await appendAudit(trx, { modelName: name, version: null, action: 'register_model', actor, reason: checkReason(opts.reason, false), before: null, after: { description, tags } });
    });
    return this.getModel(name);
  }

  async getModel(name: string): Promise<RegisteredModel> {
    const row = await this.requireModel(this.store.db, name);
    return (await hydrateModels(this.store.db, [row]))[0]!;
  }

  async listModels(): Promise<RegisteredModel[]> {
    const rows = await this.store.db.selectFrom('registered_models').selectAll().orderBy('name').execute();
    return hydrateModels(this.store.db, rows);
  }

  async registerVersion(input: RegisterVersionInput): Promise<ModelVersion> {
    const v = parseRegisterVersion(input);
    const actor = v.actor.trim();
    const version = await inTransaction(this.store, async (trx) => {
      const at = nowIso();
      if (!(await modelRow(trx, v.modelName))) {
        await insertModel(trx, v.modelName, null, {}, at);
        await appendAudit(trx, { modelName: v.modelName, version: null, action: 'register_model', actor, reason: null, before: null, after: { description: null, tags: {} } });
      }
      await lockModelRow(this.store, trx, v.modelName);
      const n = await nextVersionNumber(trx, v.modelName);
      const gates = v.gates ?? { passed: false, gates: [] };
      await insertVersion(trx, {
        model_name: v.modelName,
        version: n,
        run_id: v.runId ?? null,
        dataset_hash: v.datasetHash ?? null,
        metrics: toJsonText(v.metrics ?? {}),
        gates: toJsonText(gates),
        gates_passed: gates.passed ? 1 : 0,
        signature: v.signature ? toJsonText(v.signature) : null,
        label_mapping: toJsonText(v.labelMapping ?? v.signature?.labels ?? null),
        artifact_uri: v.artifactUri,
        onnx_uri: v.onnxUri ?? null,
        format: v.format ?? 'forewarn-json',
        tags: toJsonText(v.tags ?? {}),
        decision: v.decision ? toJsonText(v.decision) : null,
        description: v.description ?? null,
        approval_status: 'PendingManualApproval',
        approval_actor: null,
        approval_reason: null,
        approval_time: null,
        created_at: at,
      });
      await touchModel(trx, v.modelName, at);
      await appendAudit(trx, {
        modelName: v.modelName,
        version: n,
        action: 'register_version',
        actor,
        reason: null,
        before: null,
        after: { version: n, runId: v.runId ?? null, artifactUri: v.artifactUri, gatesPassed: gates.passed, approval: 'PendingManualApproval' },
      });
      return n;
    });
    return this.getVersion(v.modelName, version);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    const n = checkVersion(version);
    checkModelName(name);
    // Happy path first (serving polls this): the model check only runs to word the not-found error.
    const row = (await versionRow(this.store.db, name, n)) ?? (await this.requireModel(this.store.db, name), await this.requireVersionRow(this.store.db, name, n));
    return (await hydrateVersions(this.store.db, [row]))[0]!;
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    await this.requireModel(this.store.db, name);
    return hydrateVersions(this.store.db, await versionRows(this.store.db, name));
  }

  approveVersion(name: string, version: number, by: Required<ChangeBy>): Promise<ModelVersion> {
    return this.decide(name, version, by, 'Approved');
  }

  rejectVersion(name: string, version: number, by: Required<ChangeBy>): Promise<ModelVersion> {
    return this.decide(name, version, by, 'Rejected');
  }

  private async decide(name: string, version: number, by: Required<ChangeBy>, status: 'Approved' | 'Rejected'): Promise<ModelVersion> {
    const n = checkVersion(version);
    const actor = checkActor(by?.actor);
    const reason = checkReason(by?.reason, true, `to ${status === 'Approved' ? 'approve' : 'reject'} a version`)!;
    await inTransaction(this.store, async (trx) => {
      await this.requireModel(trx, name);
      await lockModelRow(this.store, trx, name);
      const mv = (await hydrateVersions(trx, [await this.requireVersionRow(trx, name, n)]))[0]!;
      if (mv.approval.status === status) throw RegistryErrors.FW_ERR_REGISTRY_CONFLICT(`${name} v${n} is already ${status} (by ${mv.approval.actor} at ${mv.approval.at})`);
      if (status === 'Rejected' && mv.aliases.length) {
        throw RegistryErrors.FW_ERR_REGISTRY_CONFLICT(`${name} v${n} cannot be rejected while alias(es) ${mv.aliases.join(', ')} point at it; move them first (e.g. \`forewarn models rollback ${name} ${mv.aliases[0]}\`)`);
      }
      const at = nowIso();
      await setApproval(trx, name, n, status, actor, reason, at);
      await touchModel(trx, name, at);
      await appendAudit(trx, { modelName: name, version: n, action: status === 'Approved' ? 'approve' : 'reject', actor, reason, before: { approval: mv.approval.status }, after: { approval: status } });
    });
    return this.getVersion(name, n);
  }

  async setAlias(name: string, alias: string, version: number, change: AliasChange): Promise<ModelVersion> {
    checkAlias(alias);
    const n = checkVersion(version);
    const actor = checkActor(change?.actor);
    const force = change.force === true;
    const reason = checkReason(change.reason, force, 'when forcing an alias');
    await inTransaction(this.store, async (trx) => {
      await this.requireModel(trx, name);
      await lockModelRow(this.store, trx, name);
      const mv = (await hydrateVersions(trx, [await this.requireVersionRow(trx, name, n)]))[0]!;
      const current = await aliasTarget(trx, name, alias);
      if (current === n) return;
      await this.checkEligible(trx, mv, alias, force, actor, reason, current);
      const at = nowIso();
      await writeAlias(trx, name, alias, n, 'set', at);
      await touchModel(trx, name, at);
      await appendAudit(trx, { modelName: name, version: n, action: current === null ? 'alias_set' : 'alias_move', actor, reason, before: { alias, version: current }, after: { alias, version: n } });
    });
    return this.getVersion(name, n);
  }

  async deleteAlias(name: string, alias: string, by: ChangeBy): Promise<void> {
    checkAlias(alias);
    const actor = checkActor(by?.actor);
    const reason = checkReason(by?.reason, false);
    await inTransaction(this.store, async (trx) => {
      await this.requireModel(trx, name);
      await lockModelRow(this.store, trx, name);
      const current = await this.requireAlias(trx, name, alias);
      const at = nowIso();
      await writeAlias(trx, name, alias, null, 'delete', at);
      await touchModel(trx, name, at);
      await appendAudit(trx, { modelName: name, version: current, action: 'alias_delete', actor, reason, before: { alias, version: current }, after: { alias, version: null } });
    });
  }

  async rollbackAlias(name: string, alias: string, change: AliasChange): Promise<ModelVersion | null> {
    checkAlias(alias);
    const actor = checkActor(change?.actor);
    const force = change.force === true;
    const reason = checkReason(change.reason, force, 'when forcing a rollback');
    const target = await inTransaction(this.store, async (trx) => {
      await this.requireModel(trx, name);
      await lockModelRow(this.store, trx, name);
      const history = await aliasHistory(trx, name, alias);
      if (history.length === 0) await this.requireAlias(trx, name, alias);
      const prev = rollbackTarget(history);
      const current = await aliasTarget(trx, name, alias);
      if (!prev.found) throw RegistryErrors.FW_ERR_REGISTRY_CONFLICT(`alias "${alias}" of ${name} has no previous target to roll back to (it has only ever pointed at v${current})`);
      if (prev.version !== null) {
        const mv = (await hydrateVersions(trx, [await this.requireVersionRow(trx, name, prev.version)]))[0]!;
        await this.checkEligible(trx, mv, alias, force, actor, reason, current);
      }
      const at = nowIso();
      await writeAlias(trx, name, alias, prev.version, 'rollback', at);
      await touchModel(trx, name, at);
      await appendAudit(trx, { modelName: name, version: prev.version, action: 'rollback', actor, reason, before: { alias, version: current }, after: { alias, version: prev.version } });
      return prev.version;
    });
    return target === null ? null : this.getVersion(name, target);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    checkModelName(name);
    if (alias !== 'latest' && typeof alias === 'string' && ALIAS_NAME.test(alias)) {
      const target = await aliasTarget(this.store.db, name, alias);
      if (target !== null) return this.getVersion(name, target);
    }
    await this.requireModel(this.store.db, name);
    if (alias === 'latest') {
      const nums = await versionNumbers(this.store.db, name);
      if (!nums.length) throw RegistryErrors.FW_ERR_REGISTRY_VERSION_NOT_FOUND(`model "${name}" has no versions yet`);
      return this.getVersion(name, nums[nums.length - 1]!);
    }
    checkAlias(alias);
    const v = await this.requireAlias(this.store.db, name, alias);
    return this.getVersion(name, v);
  }

  async aliasHistory(name: string, alias: string): Promise<AliasHistoryEntry[]> {
    checkAlias(alias);
    await this.requireModel(this.store.db, name);
    return aliasHistory(this.store.db, name, alias);
  }

  async auditLog(name: string, opts: { limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = opts.limit ?? 1000;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100_000) throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`limit: expected an integer in [1, 100000], got ${JSON.stringify(opts.limit)}`);
    await this.requireModel(this.store.db, name);
    return listAudit(this.store.db, name, limit);
  }

  async close(): Promise<void> {
    if (this.opts.ownsStore) await this.store.close();
  }

  /** Refuse an ineligible version, or (force) let it through with a 'force' audit entry naming the broken rule. */
  private async checkEligible(trx: Db, mv: ModelVersion, alias: string, force: boolean, actor: string, reason: string | null, current: number | null): Promise<void> {
    const violation = mv.approval.status === 'Rejected'
      ? `${mv.modelName} v${mv.version} cannot take alias "${alias}": it was Rejected (by ${mv.approval.actor}: ${mv.approval.reason})`
      : protectedAliasViolation(mv, alias, this.protectedAliases);
    if (!violation) return;
    if (!force) throw RegistryErrors.FW_ERR_REGISTRY_NOT_ELIGIBLE(`${violation}. Approve it first, or override with force and a reason (audited).`, { alias, version: mv.version });
    await appendAudit(trx, { modelName: mv.modelName, version: mv.version, action: 'force', actor, reason, before: { alias, version: current }, after: { alias, version: mv.version, overridden: violation } });
  }

  private async requireModel(db: Db, name: string) {
    checkModelName(name);
    const row = await modelRow(db, name);
    if (row) return row;
    const names = await modelNames(db);
    const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, … (${names.length} in all)` : '');
    throw RegistryErrors.FW_ERR_REGISTRY_MODEL_NOT_FOUND(`model "${name}" not found; registered models: ${names.length ? shown : '(none)'}`);
  }

  private async requireVersionRow(db: Db, name: string, n: number) {
    const row = await versionRow(db, name, n);
    if (row) return row;
    const nums = await versionNumbers(db, name);
    throw RegistryErrors.FW_ERR_REGISTRY_VERSION_NOT_FOUND(`model "${name}" has no version ${n}; versions: ${nums.length ? nums.join(', ') : '(none)'}`);
  }

  private async requireAlias(db: Db, name: string, alias: string): Promise<number> {
    const v = await aliasTarget(db, name, alias);
    if (v !== null) return v;
    const all = await db.selectFrom('model_aliases').select(['alias', 'version']).where('model_name', '=', name).orderBy('alias').execute();
    throw RegistryErrors.FW_ERR_REGISTRY_ALIAS_NOT_FOUND(`model "${name}" has no alias "${alias}"; aliases: ${all.length ? all.map((a) => `${a.alias}→v${a.version}`).join(', ') : '(none)'}`);
  }
}
