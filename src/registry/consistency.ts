import type { SqlStore } from '../db/sql-store.js';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { getByUri } from '../artifacts/artifact-ops.js';
import { sha256 } from '../core/hash.js';
import { isFwError } from '../core/errors.js';

/**
 * The registry's invariants, checked from the stored rows and artifacts (not through the API, which would hide
 * torn state). Used by `forewarn doctor` and by the kill -9 crash tests. What is checked:
 *  1. the engine's own integrity check (SQLite PRAGMA integrity_check + foreign_key_check; PostgreSQL index
 *     validity, plus amcheck when installed);
 *  2. per model, version numbers are exactly 1..N (contiguous, unique);
 *  3. every version's artifact (and ONNX file) exists and reads back hash-valid (content-addressed keys; the
 *     `sha256` tag too when present);
 *  4. the audit log explains the state: one register_model per model, one register_version per version and none for
 *     a version that does not exist; each version's approval status (and actor) is the last approve/reject entry's
 *     (PendingManualApproval without one); replaying the alias entries gives exactly the current aliases; and the
 *     alias history has the same changes in the same order.
 */
export interface ConsistencyReport {
  ok: boolean;
  problems: string[];
  checked: { models: number; versions: number; aliases: number; auditEntries: number; artifacts: number; integrityCheck: string };
}

interface AuditRow { id: number; model_name: string; version: number | null; action: string; actor: string; after: string | null }

const ALIAS_ACTIONS: Record<string, 'set' | 'delete' | 'rollback'> = { alias_set: 'set', alias_move: 'set', alias_delete: 'delete', rollback: 'rollback' };

function parse(text: string | null): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function checkRegistryConsistency(store: SqlStore, artifacts: ArtifactRepository): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const db = store.db;
  const integrity = await store.caps.integrityCheck(db, store.schema);
  problems.push(...integrity);

  const models = (await db.selectFrom('registered_models').select('name').orderBy('name').execute()).map((m) => m.name);
  const versions = await db.selectFrom('model_versions').select(['model_name', 'version', 'artifact_uri', 'onnx_uri', 'tags', 'approval_status', 'approval_actor']).orderBy('model_name').orderBy('version').execute();
  const aliases = await db.selectFrom('model_aliases').select(['model_name', 'alias', 'version']).execute();
  const history = await db.selectFrom('alias_history').select(['model_name', 'alias', 'action', 'version']).orderBy('id').execute();
  const audit = (await db.selectFrom('audit_log').select(['id', 'model_name', 'version', 'action', 'actor', 'after']).orderBy('id').execute()) as AuditRow[];

  const modelSet = new Set(models);
  for (const name of new Set([...versions.map((v) => v.model_name), ...aliases.map((a) => a.model_name), ...audit.map((a) => a.model_name)])) {
    if (!modelSet.has(name)) problems.push(`model "${name}" has versions, aliases or audit entries but no registered_models row`);
  }

  let artifactCount = 0;
  for (const name of models) {
    const vs = versions.filter((v) => v.model_name === name);
    const nums = vs.map((v) => Number(v.version));
    const expected = nums.map((_, i) => i + 1);
    if (nums.join(',') !== expected.join(',')) problems.push(`${name}: version numbers are [${nums.join(', ')}], expected contiguous and unique 1..${nums.length}`);
    const entries = audit.filter((a) => a.model_name === name);
    if (!entries.some((a) => a.action === 'register_model')) problems.push(`${name}: no register_model audit entry`);

    const registered = entries.filter((a) => a.action === 'register_version').map((a) => Number(a.version));
    for (const n of nums) {
      const count = registered.filter((r) => r === n).length;
      if (count !== 1) problems.push(`${name} v${n}: ${count} register_version audit entries (expected 1)`);
    }
    for (const a of entries) {
      if (a.version !== null && !nums.includes(Number(a.version))) problems.push(`${name}: audit entry #${a.id} (${a.action}) names v${a.version}, which does not exist`);
    }

    for (const v of vs) {
      const n = Number(v.version);
      const decisions = entries.filter((a) => (a.action === 'approve' || a.action === 'reject') && Number(a.version) === n);
      const last = decisions.at(-1);
      const status = last ? (last.action === 'approve' ? 'Approved' : 'Rejected') : 'PendingManualApproval';
      if (v.approval_status !== status) problems.push(`${name} v${n}: approval is ${v.approval_status} but the audit log says ${status}`);
      else if (last && v.approval_actor !== last.actor) problems.push(`${name} v${n}: approved/rejected by ${v.approval_actor} but the audit log says ${last.actor}`);

      for (const uri of [v.artifact_uri, v.onnx_uri]) {
        if (!uri) continue;
        artifactCount++;
        try {
          const bytes = await getByUri(artifacts, uri);
          const tagged = parse(v.tags).sha256;
          if (typeof tagged === 'string' && uri === v.artifact_uri && sha256(bytes) !== tagged) problems.push(`${name} v${n}: artifact ${uri} hashes to ${sha256(bytes)}, but the version's sha256 tag says ${tagged}`);
        } catch (e) {
          problems.push(`${name} v${n}: artifact ${uri}: ${isFwError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
        }
      }
    }

    // Aliases: replay the audit log, then compare with the current aliases and with the alias history.
    const replay = new Map<string, (number | null)[]>();
    const replayActions = new Map<string, string[]>();
    for (const a of entries) {
      const kind = ALIAS_ACTIONS[a.action];
      if (!kind) continue;
      const after = parse(a.after);
      const alias = typeof after.alias === 'string' ? after.alias : null;
      if (!alias) {
        problems.push(`${name}: audit entry #${a.id} (${a.action}) does not name its alias`);
        continue;
      }
      const target = kind === 'delete' ? null : after.version === null || after.version === undefined ? null : Number(after.version);
      replay.set(alias, [...(replay.get(alias) ?? []), target]);
      replayActions.set(alias, [...(replayActions.get(alias) ?? []), kind]);
    }
    const current = new Map(aliases.filter((a) => a.model_name === name).map((a) => [a.alias, Number(a.version)]));
    for (const alias of new Set([...replay.keys(), ...current.keys()])) {
      const fromAudit = replay.get(alias)?.at(-1) ?? null;
      const now = current.get(alias) ?? null;
      if (fromAudit !== now) problems.push(`${name}: alias ${alias} points at ${now === null ? 'nothing' : `v${now}`} but the audit log says ${fromAudit === null ? 'nothing' : `v${fromAudit}`}`);
      if (now !== null && !nums.includes(now)) problems.push(`${name}: alias ${alias} points at v${now}, which does not exist`);
      const hist = history.filter((h) => h.model_name === name && h.alias === alias);
      const histText = hist.map((h) => `${h.action}:${h.version ?? '-'}`).join(' ');
      const auditText = (replay.get(alias) ?? []).map((t, i) => `${replayActions.get(alias)![i]}:${t ?? '-'}`).join(' ');
      if (histText !== auditText) problems.push(`${name}: alias ${alias} history [${histText}] differs from the audit log [${auditText}]`);
    }
  }

  return {
    ok: problems.length === 0,
    problems,
    checked: { models: models.length, versions: versions.length, aliases: aliases.length, auditEntries: audit.length, artifacts: artifactCount, integrityCheck: integrity.length ? 'FAILED' : 'ok' },
  };
}
