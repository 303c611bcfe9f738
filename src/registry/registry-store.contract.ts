import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryStore, RegisterVersionInput } from './registry-store.js';
import { isFwError } from '../core/errors.js';

const passed = { passed: true, gates: [{ name: 'auc>=0.7', passed: true, value: 0.82, threshold: 0.7 }] };
const failed = { passed: false, gates: [{ name: 'auc>=0.7', passed: false, value: 0.61, threshold: 0.7 }] };
const signature = { inputs: [{ name: 'volt_mean_3h', type: 'number' as const, nullable: false, min: 0, max: 300 }], labels: ['ok', 'fail'] };

function version(model: string, extra: Partial<RegisterVersionInput> = {}): RegisterVersionInput {
  return { modelName: model, actor: 'pipeline', artifactUri: `file:/models/${model}.json`, runId: 'r1', datasetHash: 'd1', metrics: { auc: 0.82 }, gates: passed, signature, ...extra };
}

/** Behaviour every RegistryStore must have (approval, aliases, rollback, audit). Run per backend. */
export function registryStoreContract(label: string, skip: string | false, open: () => Promise<{ store: RegistryStore; tamper: (sql: string) => Promise<unknown>; cleanup: () => Promise<void> }>): void {
  describe(`RegistryStore contract: ${label}`, { skip }, () => {
    let s: RegistryStore;
    let tamper: (sql: string) => Promise<unknown>;
    let cleanup: () => Promise<void>;
    before(async () => ({ store: s, tamper, cleanup } = await open()));
    after(async () => cleanup?.());
    const code = (c: string, re?: RegExp) => (e: unknown) => isFwError(e) && e.code === c && (!re || re.test(e.message));

    it('registers versions numbered per model, pending approval, with signature, gates and labels', async () => {
      const v1 = await s.registerVersion(version('pump'));
      const v2 = await s.registerVersion(version('pump', { gates: failed, format: 'forewarn-json', tags: { algo: 'gbt' } }));
      const other = await s.registerVersion(version('fan'));
      assert.deepEqual([v1.version, v2.version, other.version], [1, 2, 1]);
      assert.equal(v1.approval.status, 'PendingManualApproval');
      assert.deepEqual(v1.signature, signature);
      assert.deepEqual(v1.labelMapping, ['ok', 'fail']);
      assert.equal(v2.gates.passed, false);
      assert.deepEqual(v2.tags, { algo: 'gbt' });
      const m = await s.getModel('pump');
      assert.equal(m.latestVersion, 2);
      assert.deepEqual((await s.listModels()).map((x) => x.name), ['fan', 'pump']);
      assert.deepEqual((await s.listVersions('pump')).map((x) => x.version), [1, 2]);
      await assert.rejects(s.getModel('pmup'), code('FW_ERR_REGISTRY_MODEL_NOT_FOUND', /fan, pump/));
      await assert.rejects(s.getVersion('pump', 9), code('FW_ERR_REGISTRY_VERSION_NOT_FOUND', /versions: 1, 2/));
      await assert.rejects(s.createModel('pump', { actor: 'me' }), code('FW_ERR_REGISTRY_CONFLICT'));
    });

    it('stores the decision rule as a typed field; versions with only decision.* tags (before 0002) still load, marked legacy-tags', async () => {
      const rule = { policy: 'min_cost', threshold: 0.31, noneClass: 'none', positiveClass: null };
      const typed = await s.registerVersion(version('rules', { decision: rule }));
      assert.deepEqual(typed.decision, rule);
      assert.equal(typed.decisionSource, 'recorded');
      assert.deepEqual((await s.getVersion('rules', typed.version)).decision, rule);
      const legacy = await s.registerVersion(version('rules', { tags: { 'decision.policy': 'max_f1', 'decision.threshold': '0.2', 'decision.positive_class': 'fail' } }));
      assert.deepEqual(legacy.decision, { policy: 'max_f1', threshold: 0.2, noneClass: null, positiveClass: 'fail' });
      assert.equal(legacy.decisionSource, 'legacy-tags');
      const none = await s.registerVersion(version('rules'));
      assert.deepEqual([none.decision, none.decisionSource], [null, null]);
      await assert.rejects(s.registerVersion(version('rules', { decision: { ...rule, threshold: Number.NaN } })), code('FW_ERR_REGISTRY_INVALID', /decision\.threshold/));
    });

    it("stores evaluation's gate results as they come (one shape end to end), booleans included", async () => {
      const outcome = {
        passed: false,
        gates: [
          { name: 'min_recall', metric: 'recall', op: '>=', threshold: 0.5, value: 0.42, passed: false, message: 'Recall 0.42 fails >= 0.5' },
          { name: 'must_beat_baselines', metric: 'beats_baselines', op: '==', threshold: true, value: true, passed: true, message: 'beats every baseline' },
        ],
      };
      const v = await s.registerVersion(version('evalgates', { gates: outcome }));
      assert.equal(v.gates.passed, false);
      assert.deepEqual(v.gates.gates[0], { name: 'min_recall', metric: 'recall', op: '>=', threshold: 0.5, value: 0.42, passed: false, message: 'Recall 0.42 fails >= 0.5' });
      assert.equal(v.gates.gates[1]!.threshold, true);
      await assert.rejects(s.registerVersion(version('evalgates', { gates: { passed: true, gates: [{ name: 'g', passed: true, value: Number.NaN }] } })), code('FW_ERR_REGISTRY_INVALID', /gates\.gates\[0\]\.value/));
    });

    it('rejects malformed registrations naming the field', async () => {
      await assert.rejects(s.registerVersion({ ...version('bad'), metrics: { auc: Number.NaN } }), code('FW_ERR_REGISTRY_INVALID', /metrics\.auc/));
      await assert.rejects(s.registerVersion({ ...version('bad'), gates: { passed: true, gates: [{ name: 'g', passed: 'yes' as never }] } }), code('FW_ERR_REGISTRY_INVALID', /gates\.gates\[0\]\.passed/));
      await assert.rejects(s.registerVersion({ ...version('bad'), artifactUri: undefined as never }), code('FW_ERR_REGISTRY_INVALID', /artifactUri/));
      await assert.rejects(s.registerVersion({ ...version('bad'), extra: 1 } as never), code('FW_ERR_REGISTRY_INVALID', /extra/));
      await assert.rejects(s.registerVersion({ ...version('bad'), gates: { passed: true, gates: failed.gates } }), code('FW_ERR_REGISTRY_INVALID', /gates\.passed/));
      await assert.rejects(s.registerVersion(version('bad name!')), code('FW_ERR_REGISTRY_INVALID', /modelName/));
      await assert.rejects(s.getModel('bad'), code('FW_ERR_REGISTRY_MODEL_NOT_FOUND'));
    });

    it('approval gates the production alias; force overrides and is audited', async () => {
      const v1 = await s.registerVersion(version('gated'));
      const v2 = await s.registerVersion(version('gated', { gates: failed }));
      await assert.rejects(s.setAlias('gated', 'production', v1.version, { actor: 'ana' }), code('FW_ERR_REGISTRY_NOT_ELIGIBLE', /PendingManualApproval/));
      await assert.rejects(s.approveVersion('gated', 1, { actor: 'ana', reason: '' }), code('FW_ERR_REGISTRY_INVALID', /reason/));
      const ap = await s.approveVersion('gated', 1, { actor: 'ana', reason: 'looks good' });
      assert.deepEqual([ap.approval.status, ap.approval.actor, ap.approval.reason], ['Approved', 'ana', 'looks good']);
      await assert.rejects(s.approveVersion('gated', 1, { actor: 'ana', reason: 'again' }), code('FW_ERR_REGISTRY_CONFLICT'));
      assert.deepEqual((await s.setAlias('gated', 'production', 1, { actor: 'ana' })).aliases, ['production']);
      await s.approveVersion('gated', v2.version, { actor: 'ana', reason: 'try' });
      await assert.rejects(s.setAlias('gated', 'production', 2, { actor: 'ana' }), code('FW_ERR_REGISTRY_NOT_ELIGIBLE', /gates failed: auc>=0.7/));
      await assert.rejects(s.setAlias('gated', 'production', 2, { actor: 'ana', force: true }), code('FW_ERR_REGISTRY_INVALID', /reason/));
      await s.setAlias('gated', 'staging', 2, { actor: 'ana' }); // unprotected alias: no gate rule
      const forced = await s.setAlias('gated', 'production', 2, { actor: 'boss', force: true, reason: 'hotfix' });
      assert.deepEqual(forced.aliases.sort(), ['production', 'staging']);
      const audit = await s.auditLog('gated');
      assert.deepEqual(audit.map((a) => a.action), ['register_model', 'register_version', 'register_version', 'approve', 'alias_set', 'approve', 'alias_set', 'force', 'alias_move']);
      const f = audit.find((a) => a.action === 'force')!;
      assert.equal(f.actor, 'boss');
      assert.equal(f.reason, 'hotfix');
      assert.deepEqual(f.before, { alias: 'production', version: 1 });
      assert.match(String((f.after as { overridden: string }).overridden), /gates failed/);
    });

    it('reject: refused while aliased; a rejected version cannot take aliases', async () => {
      await s.registerVersion(version('rej'));
      await s.approveVersion('rej', 1, { actor: 'a', reason: 'ok' });
      await s.setAlias('rej', 'champion', 1, { actor: 'a' });
      await assert.rejects(s.rejectVersion('rej', 1, { actor: 'a', reason: 'drift' }), code('FW_ERR_REGISTRY_CONFLICT', /champion/));
      await s.deleteAlias('rej', 'champion', { actor: 'a' });
      const r = await s.rejectVersion('rej', 1, { actor: 'a', reason: 'drift' });
      assert.equal(r.approval.status, 'Rejected');
      await assert.rejects(s.setAlias('rej', 'challenger', 1, { actor: 'a' }), code('FW_ERR_REGISTRY_NOT_ELIGIBLE', /Rejected/));
      await assert.rejects(s.getVersionByAlias('rej', 'champion'), code('FW_ERR_REGISTRY_ALIAS_NOT_FOUND'));
    });

    it('rollback walks the alias history back, one step per call, audited', async () => {
      for (let i = 0; i < 3; i++) {
        await s.registerVersion(version('roll'));
        await s.approveVersion('roll', i + 1, { actor: 'a', reason: 'ok' });
        await s.setAlias('roll', 'production', i + 1, { actor: 'a' });
      }
      assert.equal((await s.getVersionByAlias('roll', 'production')).version, 3);
      assert.equal((await s.rollbackAlias('roll', 'production', { actor: 'oncall', reason: 'errors up' }))?.version, 2);
      assert.equal((await s.getVersionByAlias('roll', 'production')).version, 2);
      assert.equal((await s.rollbackAlias('roll', 'production', { actor: 'oncall' }))?.version, 1);
      await assert.rejects(s.rollbackAlias('roll', 'production', { actor: 'oncall' }), code('FW_ERR_REGISTRY_CONFLICT', /no previous target/));
      assert.equal((await s.getVersionByAlias('roll', 'latest')).version, 3);
      const last = (await s.auditLog('roll')).at(-1)!;
      assert.deepEqual([last.action, last.actor, last.before, last.after], ['rollback', 'oncall', { alias: 'production', version: 2 }, { alias: 'production', version: 1 }]);
      assert.deepEqual((await s.aliasHistory('roll', 'production')).map((h) => [h.action, h.version]), [['set', 1], ['set', 2], ['set', 3], ['rollback', 2], ['rollback', 1]]);
      await assert.rejects(s.rollbackAlias('roll', 'nope', { actor: 'a' }), code('FW_ERR_REGISTRY_ALIAS_NOT_FOUND'));
    });

    it('the audit log is append-only below the API too', async () => {
      await s.registerVersion(version('aud'));
      await assert.rejects(tamper(`UPDATE audit_log SET actor = 'mallory'`), /append-only/);
      await assert.rejects(tamper(`DELETE FROM audit_log`), /append-only/);
      assert.ok((await s.auditLog('aud')).every((a) => a.actor === 'pipeline'));
    });

    it('validates names, versions, aliases and actors', async () => {
      await assert.rejects(s.setAlias('pump', 'Prod!', 1, { actor: 'a' }), code('FW_ERR_REGISTRY_INVALID', /alias/));
      await assert.rejects(s.setAlias('pump', 'latest', 1, { actor: 'a' }), code('FW_ERR_REGISTRY_INVALID', /reserved/));
      await assert.rejects(s.getVersion('pump', 0), code('FW_ERR_REGISTRY_INVALID', /version/));
      await assert.rejects(s.getVersion('pump', 1.5), code('FW_ERR_REGISTRY_INVALID', /version/));
      await assert.rejects(s.approveVersion('pump', 1, { actor: '', reason: 'x' }), code('FW_ERR_REGISTRY_INVALID', /actor/));
    });

    it('concurrent registrations get distinct version numbers', async () => {
      const vs = await Promise.all(Array.from({ length: 6 }, () => s.registerVersion(version('race'))));
      assert.deepEqual(vs.map((v) => v.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
    });
  });
}
