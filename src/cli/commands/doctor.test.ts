import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStores } from '../../stores/open-stores.js';
import { putContent } from '../../artifacts/artifact-ops.js';
import { checkRegistryConsistency } from '../../registry/consistency.js';
import { runCli } from './stores-cli-harness.js';

/** The consistency check passes on a sound registry and names each kind of damage (what `forewarn doctor` reports). */
test('registry consistency check: sound registry passes; each kind of damage is found and `forewarn doctor` exits 3 naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-doctor-'));
  try {
    writeFileSync(join(dir, 'forewarn.yaml'), 'project:\n  name: doc\n');
    const s = await openStores({ project: dir });
    const enc = (t: string) => new TextEncoder().encode(t);
    const gates = { passed: true, gates: [] };
    const puts = [];
    for (let i = 1; i <= 4; i++) {
      const p = await putContent(s.artifacts, enc(`{"model":${i}}`), '.json');
      puts.push(p);
      await s.registry.registerVersion({ modelName: 'pump', actor: 'ci', artifactUri: p.uri, gates, tags: { sha256: p.sha256 } });
    }
    await s.registry.approveVersion('pump', 1, { actor: 'ana', reason: 'ok' });
    await s.registry.approveVersion('pump', 2, { actor: 'ana', reason: 'ok' });
    await s.registry.rejectVersion('pump', 4, { actor: 'bob', reason: 'bad' });
    await s.registry.setAlias('pump', 'production', 1, { actor: 'ana' });
    await s.registry.setAlias('pump', 'production', 2, { actor: 'ana' });
    await s.registry.rollbackAlias('pump', 'production', { actor: 'ana' });
    await s.registry.setAlias('pump', 'staging', 3, { actor: 'ana', force: true, reason: 'try' });
    await s.registry.deleteAlias('pump', 'staging', { actor: 'ana' });
    await s.registry.setAlias('pump', 'production', 3, { actor: 'boss', force: true, reason: 'hotfix' });

    const sound = await checkRegistryConsistency(s.sql, s.artifacts);
    assert.deepEqual(sound.problems, []);
    assert.deepEqual(sound.checked, { models: 1, versions: 4, aliases: 1, auditEntries: 15, artifacts: 4, integrityCheck: 'ok' });
    const okCli = await runCli(['doctor', '--project', dir]);
    assert.equal(okCli.code, 0, okCli.stderr);
    assert.match(okCli.stdout, /consistent: no problems found/);

    // Damage below the API, one kind at a time.
    const db = s.sql.db;
    unlinkSync(fileURLToPath(new URL(`file://${join(dir, '.forewarn', 'artifacts', puts[1]!.key)}`)));
    writeFileSync(join(dir, '.forewarn', 'artifacts', puts[2]!.key), '{"tampered":true}');
    await db.updateTable('model_versions').set({ approval_status: 'Approved' }).where('version', '=', 4).execute();
    await db.updateTable('model_aliases').set({ version: 2 }).where('alias', '=', 'production').execute();
    await db.insertInto('model_versions').values({ ...(await db.selectFrom('model_versions').selectAll().where('version', '=', 1).executeTakeFirstOrThrow()), version: 6 }).execute();
    await s.close();

    const bad = await runCli(['doctor', '--project', dir]);
    assert.equal(bad.code, 3);
    const expected = [
      /FW_ERR_STORE_INCONSISTENT: 7 problem\(s\)/,
      /pump v6: approval is Approved but the audit log says PendingManualApproval/,
      /pump: version numbers are \[1, 2, 3, 4, 6\], expected contiguous and unique 1\.\.5/,
      /pump v6: 0 register_version audit entries/,
      /pump v2: artifact file:\.forewarn\/artifacts\/sha256\/.*FW_ERR_ARTIFACTS_NOT_FOUND/,
      /pump v3: artifact .*FW_ERR_ARTIFACTS_INTEGRITY/,
      /pump v4: approval is Approved but the audit log says Rejected/,
      /pump: alias production points at v2 but the audit log says v3/,
    ];
    for (const re of expected) assert.match(bad.stderr, re);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
