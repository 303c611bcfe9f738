import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../../stores/open-stores.js';
import { runCli } from './stores-cli-harness.js';

describe('forewarn runs … (CLI)', () => {
  let dir: string;
  let store: string[];
  const ids: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fw-cli-runs-'));
    const url = `sqlite:${join(dir, 'fw.db')}`;
    store = ['--store', url];
    const s = await openStores({ store: url, artifacts: join(dir, 'art') });
    for (const [name, lr, auc] of [['a', 0.1, 0.81], ['b', 0.05, 0.84]] as const) {
      const r = await s.tracking.startRun({ experimentName: 'pm', name, params: { lr, depth: 6 }, datasetHash: 'd1' });
      await s.tracking.logMetrics(r.id, [{ key: 'auc', value: auc }, { key: 'f1', value: 0.5 }]);
      await s.tracking.endRun(r.id, 'FINISHED');
      ids.push(r.id);
    }
    await s.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('list ordered by a metric, as table and JSON', async () => {
    const asc = await runCli(['runs', 'list', '--order-by', 'auc', '--asc', ...store]);
    assert.equal(asc.code, 0);
    const names = asc.stdout.trim().split('\n').slice(2).map((l) => l.split(/\s+/)[2]);
    assert.deepEqual(names, ['a', 'b']);
    const json = JSON.parse((await runCli(['runs', 'list', '--order-by', 'auc', '--json', ...store])).stdout) as { name: string }[];
    assert.deepEqual(json.map((r) => r.name), ['b', 'a']);
  });

  it('show by id prefix and compare marks differing rows', async () => {
    const show = await runCli(['runs', 'show', ids[0]!.slice(0, 8), ...store]);
    assert.match(show.stdout, new RegExp(`run\\s+${ids[0]}`));
    assert.match(show.stdout, /^lr\s+0\.1$/m);
    const cmp = await runCli(['runs', 'compare', ids[0]!, ids[1]!, ...store]);
    assert.match(cmp.stdout, /^\*\s+param\s+lr\s+0\.1\s+0\.05$/m);
    assert.match(cmp.stdout, /^\s+param\s+depth\s+6\s+6$/m);
    assert.match(cmp.stdout, /^\*\s+metric\s+auc\s+0\.81\s+0\.84$/m);
    const j = JSON.parse((await runCli(['runs', 'compare', ids[0]!, ids[1]!, '--json', ...store])).stdout) as { rows: { key: string; differs: boolean }[] };
    assert.deepEqual(j.rows.filter((r) => r.differs).map((r) => r.key), ['lr', 'auc']);
  });

  it('errors: unknown run, bad status, single id for compare', async () => {
    const missing = await runCli(['runs', 'show', 'ffffffffffff', ...store]);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /run ffffffffffff not found/);
    const bad = await runCli(['runs', 'list', '--status', 'DONE', ...store]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--status: expected one of RUNNING, FINISHED, FAILED, KILLED/);
    assert.equal((await runCli(['runs', 'compare', ids[0]!, ...store])).code, 2);
  });
});
