import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteTestDatabase } from '../db/test-databases.js';
import { SqlRegistryStore } from './sql-registry-store.js';
import { LocalArtifactRepository } from '../artifacts/local-repository.js';
import { putContent } from '../artifacts/artifact-ops.js';
import { loadModelBytes, resolveModelVersion } from './resolve.js';
import { isFwError } from '../core/errors.js';

describe('resolveModelVersion / loadModelBytes', () => {
  let cleanup: () => Promise<void>;
  let registry: SqlRegistryStore;
  let artifacts: LocalArtifactRepository;
  let dir: string;
  before(async () => {
    const o = await sqliteTestDatabase().open();
    cleanup = o.cleanup;
    registry = new SqlRegistryStore(o.store);
    dir = mkdtempSync(join(tmpdir(), 'fw-resolve-'));
    artifacts = new LocalArtifactRepository(dir);
    const json = await putContent(artifacts, new TextEncoder().encode('{"trees":[]}'), '.json');
    const onnx = await putContent(artifacts, new Uint8Array([8, 1, 2]), '.onnx');
    const gates = { passed: true, gates: [] };
    await registry.registerVersion({ modelName: 'm', actor: 'p', artifactUri: json.uri, onnxUri: onnx.uri, gates });
    await registry.registerVersion({ modelName: 'm', actor: 'p', artifactUri: onnx.uri, format: 'onnx', gates });
    await registry.approveVersion('m', 1, { actor: 'a', reason: 'ok' });
    await registry.setAlias('m', 'production', 1, { actor: 'a' });
  });
  after(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves aliases, latest and pinned versions', async () => {
    assert.equal((await resolveModelVersion(registry, 'm', 'production')).version, 1);
    assert.equal((await resolveModelVersion(registry, 'm', 'latest')).version, 2);
    assert.equal((await resolveModelVersion(registry, 'm', 'v2')).version, 2);
    assert.equal((await resolveModelVersion(registry, 'm', '1')).version, 1);
    await assert.rejects(resolveModelVersion(registry, 'm', 'staging'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_REGISTRY_ALIAS_NOT_FOUND' && /production→v1/.test(e.message));
    await assert.rejects(resolveModelVersion(registry, 'm', ''), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_REGISTRY_INVALID');
  });

  it('loads the JSON or ONNX bytes, verified by hash', async () => {
    const v1 = await registry.getVersion('m', 1);
    assert.equal(new TextDecoder().decode(await loadModelBytes(artifacts, v1)), '{"trees":[]}');
    assert.deepEqual(await loadModelBytes(artifacts, v1, 'onnx'), new Uint8Array([8, 1, 2]));
    assert.deepEqual(await loadModelBytes(artifacts, await registry.getVersion('m', 2)), new Uint8Array([8, 1, 2]));
    const foreign = new LocalArtifactRepository(join(dir, 'elsewhere'));
    await assert.rejects(loadModelBytes(foreign, v1), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_ARTIFACTS_FOREIGN_URI');
  });
});
