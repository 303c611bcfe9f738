import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from './open-stores.js';
import { isFwError } from '../core/errors.js';

describe('openStores', () => {
  it('reads store and artifacts from forewarn.yaml, relative to the project dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-proj-'));
    try {
      writeFileSync(join(dir, 'forewarn.yaml'), 'project:\n  name: t\nstore:\n  url: sqlite:state/fw.db\n  protectedAliases: [production, canary]\nartifacts:\n  uri: arts\n');
      const s = await openStores({ project: dir });
      try {
        assert.ok(existsSync(join(dir, 'state', 'fw.db')));
        assert.equal(s.artifacts.rootUri, `file://${join(dir, 'arts')}`);
        await s.registry.registerVersion({ modelName: 'm', actor: 'p', artifactUri: 'file:///x.json', gates: { passed: true, gates: [] } });
        await assert.rejects(s.registry.setAlias('m', 'canary', 1, { actor: 'a' }), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_REGISTRY_NOT_ELIGIBLE');
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an explicit --store wins and works outside a project; a bad config is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-proj-'));
    try {
      const s = await openStores({ store: `sqlite:${join(dir, 'x.db')}`, artifacts: join(dir, 'a') });
      assert.deepEqual(await s.registry.listModels(), []);
      await s.close();
      writeFileSync(join(dir, 'forewarn.yaml'), 'project:\n  name: t\nstore:\n  url: mysql://nope\n');
      await assert.rejects(openStores({ project: dir }), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_CONFIG_INVALID' && /store\.url/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
