import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../../stores/open-stores.js';
import { runCli } from './stores-cli-harness.js';

describe('forewarn models … (CLI)', () => {
  let dir: string;
  let store: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fw-cli-models-'));
    const url = `sqlite:${join(dir, 'fw.db')}`;
    store = ['--store', url];
    const s = await openStores({ store: url, artifacts: join(dir, 'art') });
    const ok = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.8, threshold: 0.7 }] };
    await s.registry.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: 'file:///m1.json', gates: ok });
    await s.registry.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: 'file:///m2.json', gates: { passed: false, gates: [{ name: 'recall', passed: false }] } });
    await s.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('list and show (table and --json)', async () => {
    const list = await runCli(['models', 'list', ...store]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^pump\s+v2/m);
    const show = await runCli(['models', 'show', 'pump', ...store, '--json']);
    assert.deepEqual(JSON.parse(show.stdout).versions.map((v: { approval: { status: string } }) => v.approval.status), ['PendingManualApproval', 'PendingManualApproval']);
    const v = await runCli(['models', 'show', 'pump', '--version', '2', ...store]);
    assert.match(v.stdout, /gates\s+FAILED 1\/1/);
  });

  it('approve → alias production → refused ineligible → forced → rollback → audit', async () => {
    assert.equal((await runCli(['models', 'approve', 'pump', '1', '--actor', 'ana', '--reason', 'good', ...store])).code, 0);
    const set = await runCli(['models', 'alias', 'pump', 'production', '1', '--actor', 'ana', ...store]);
    assert.match(set.stdout, /production → v1/);
    const refused = await runCli(['models', 'alias', 'pump', 'production', '2', '--actor', 'ana', ...store]);
    assert.equal(refused.code, 5);
    assert.match(refused.stderr, /^error FW_ERR_REGISTRY_NOT_ELIGIBLE: .*PendingManualApproval.*recall/);
    const noReason = await runCli(['models', 'alias', 'pump', 'production', '2', '--force', ...store]);
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /reason/);
    const forced = await runCli(['models', 'alias', 'pump', 'production', '2', '--force', '--reason', 'hotfix', '--actor', 'boss', ...store]);
    assert.match(forced.stdout, /production → v2 \(was v1\) \[forced, audited\]/);
    const rb = await runCli(['models', 'rollback', 'pump', 'production', '--actor', 'oncall', ...store]);
    assert.match(rb.stdout, /production → v1 \(was v2\)/);
    const audit = JSON.parse((await runCli(['models', 'audit', 'pump', '--json', ...store])).stdout) as { action: string; actor: string }[];
    assert.deepEqual(audit.slice(-4).map((a) => `${a.action}:${a.actor}`), ['alias_set:ana', 'force:boss', 'alias_move:boss', 'rollback:oncall']);
  });

  it('errors name what is wrong, with exit codes', async () => {
    const unknown = await runCli(['models', 'show', 'pmup', ...store]);
    assert.equal(unknown.code, 4);
    assert.match(unknown.stderr, /model "pmup" not found; registered models: pump/);
    const badVersion = await runCli(['models', 'approve', 'pump', 'two', '--reason', 'x', ...store]);
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.stderr, /<version>: expected an integer/);
    const noReason = await runCli(['models', 'reject', 'pump', '2', ...store]);
    assert.notEqual(noReason.code, 0);
    const badStore = await runCli(['models', 'list', '--store', 'mysql://x']);
    assert.equal(badStore.code, 2);
    assert.match(badStore.stderr, /known schemes: sqlite:, postgres:/);
  });
});
