import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../../src/stores/open-stores.js';
import { postgresTestDatabase } from '../../src/db/test-databases.js';
import { runCliProcess, type CliResult } from './cli-process.js';

/**
 * Issue 10: concurrent CLI writers on one project. 70 real `forewarn models approve|alias` processes at once, each a
 * change that must succeed (35 approvals of distinct versions, 35 moves of one unprotected alias to distinct
 * versions); afterwards every change is in the state and in the audit log exactly once.
 */
const VERSIONS = 35;
const pgdb = await postgresTestDatabase();

async function concurrentWriters(project: string): Promise<void> {
  const stores = await openStores({ project });
  try {
    const gates = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.9, threshold: 0.7 }] };
    for (let i = 1; i <= VERSIONS; i++) await stores.registry.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: `file:///m${i}.json`, gates });
  } finally {
    await stores.close();
  }
  const calls: Promise<CliResult & { args: string[] }>[] = [];
  for (let i = 1; i <= VERSIONS; i++) {
    for (const args of [
      ['models', 'approve', 'pump', String(i), '--actor', `approver${i}`, '--reason', 'concurrent test', '--project', project],
      ['models', 'alias', 'pump', 'staging', String(i), '--actor', `mover${i}`, '--project', project],
    ]) calls.push(runCliProcess(args).then((r) => ({ ...r, args })));
  }
  const results = await Promise.all(calls);
  const failed = results.filter((r) => r.code !== 0);
  console.log(`concurrent CLI writers: ${results.length} calls, ${failed.length} failed`);
  assert.deepEqual(failed.map((r) => `${r.args.slice(0, 4).join(' ')}: exit ${r.code}: ${r.stderr.trim()}`), []);

  const after = await openStores({ project });
  try {
    const versions = await after.registry.listVersions('pump');
    assert.deepEqual(versions.map((v) => v.approval.status), Array(VERSIONS).fill('Approved'));
    const audit = await after.registry.auditLog('pump');
    const approvals = audit.filter((a) => a.action === 'approve');
    assert.deepEqual(approvals.map((a) => a.version).sort((a, b) => a! - b!), Array.from({ length: VERSIONS }, (_, i) => i + 1));
    const moves = audit.filter((a) => a.action === 'alias_set' || a.action === 'alias_move');
    assert.equal(moves.length, VERSIONS);
    assert.equal(moves.filter((a) => a.action === 'alias_set').length, 1);
    // The alias ends where the last audited move put it, and its history holds every move in the same order.
    const model = await after.registry.getModel('pump');
    assert.equal(model.aliases.staging, moves.at(-1)!.version);
    const history = await after.registry.aliasHistory('pump', 'staging');
    assert.deepEqual(history.map((h) => h.version), moves.map((m) => m.version));
  } finally {
    await after.close();
  }
}

describe('70 concurrent forewarn CLI writers on one project (real processes)', () => {
  it('SQLite: every approve/alias call succeeds and the state matches the audit log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-conc-sqlite-'));
    try {
      writeFileSync(join(dir, 'forewarn.yaml'), 'project:\n  name: conc\nstore:\n  url: sqlite:.forewarn/forewarn.db\n');
      await concurrentWriters(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: every approve/alias call succeeds and the state matches the audit log', { skip: pgdb.skip }, async () => {
    const db = await pgdb.open();
    const dir = mkdtempSync(join(tmpdir(), 'fw-conc-pg-'));
    try {
      writeFileSync(join(dir, 'forewarn.yaml'), `project:\n  name: conc\nstore:\n  url: ${JSON.stringify(db.url)}\n`);
      await concurrentWriters(dir);
    } finally {
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
