import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileModelSource } from '../inference/model-source.js';
import { RegistryModelSource } from '../inference/registry-model-source.js';
import type { ModelVersion } from '../entities/registry.js';
import { buildApp } from './app.js';
import { forestFixtureFromJSON } from './test-forest-fixture.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from './test-fixtures.js';
import { FwError } from '../core/errors.js';

test('FileModelSource: version = content hash, signature/metrics from info, replacing the file is a new version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-src-'));
  try {
    const path = join(dir, 'pump.json');
    const j1 = { ...testForest(1).toJSON(), info: { signature: TEST_SIGNATURE, metrics: { auc: 0.9, note: 'x' } } };
    writeFileSync(path, JSON.stringify(j1));
    const source = new FileModelSource({ path, jsonLoader: forestFixtureFromJSON });
    const d1 = await source.resolve(undefined, 'production');
    assert.equal(d1.name, 'pump');
    assert.match(d1.version, /^[0-9a-f]{12}$/);
    assert.deepEqual(d1.signature, TEST_SIGNATURE);
    assert.deepEqual(d1.metrics, { auc: 0.9 });
    assert.equal(d1.approval, 'unregistered');
    assert.equal((await source.resolve(undefined, 'production')).version, d1.version, 'unchanged file, same version');

    const { app, slot } = await buildApp({ source, defaultMetrics: false, docs: false });
    try {
      const before = (await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).json();
      assert.equal(before.model.version, d1.version);
      writeFileSync(join(dir, 'tmp.json'), JSON.stringify(testForest(2).toJSON()));
      renameSync(join(dir, 'tmp.json'), path);
      assert.equal((await slot.refresh()).status, 'swapped');
      const after = (await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD })).json();
      assert.notEqual(after.model.version, d1.version);
      assert.notEqual(after.probabilities.failure, before.probabilities.failure);
      // A corrupt replacement keeps the current model.
      writeFileSync(path, '{"format": "forewarn-model", ');
      const r = await slot.refresh();
      assert.equal(r.status, 'failed');
      assert.equal(slot.current?.version, after.model.version);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('FileModelSource errors name the file', async () => {
  await assert.rejects(new FileModelSource({ path: '/nonexistent/m.json' }).resolve(undefined, 'p'), (e: FwError) => e.code === 'FW_ERR_CORE_NOT_FOUND' && /\/nonexistent\/m\.json/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'fw-src-'));
  try {
    writeFileSync(join(dir, 'bad.json'), '{nope');
    await assert.rejects(new FileModelSource({ path: join(dir, 'bad.json') }).resolve(undefined, 'p'), (e: FwError) => e.code === 'FW_ERR_SERVE_MODEL_LOAD' && /bad\.json: not valid JSON/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RegistryModelSource resolves aliases and pinned versions, carries approval and metrics, honours requireStatus', async () => {
  const versions: ModelVersion[] = [1, 2].map((v) => ({
    modelName: 'pump', version: v, metrics: { auc: 0.8 + v / 100 }, signature: TEST_SIGNATURE, labelMapping: ['ok', 'failure'], format: 'forewarn-json',
    approval: { status: v === 2 ? 'Approved' : 'PendingManualApproval', actor: null, reason: null, at: null },
    runId: null, datasetHash: null, gates: { passed: true, gates: [] }, artifactUri: `file:///m/${v}.json`, onnxUri: null, tags: {}, decision: null, decisionSource: null, description: null, aliases: [], createdAt: '2026-01-01T00:00:00Z',
  }));
  const aliases: Record<string, number> = { production: 2, staging: 1 };
  const registry = {
    getVersion: async (_n: string, v: number) => versions[v - 1]!,
    getVersionByAlias: async (_n: string, a: string) => versions[aliases[a]! - 1]!,
  };
  const loaded: number[] = [];
  const source = new RegistryModelSource({
    registry,
    loadBytes: async (v) => { loaded.push(v.version); return Buffer.from(JSON.stringify(testForest(v.version).toJSON())); },
    jsonLoader: forestFixtureFromJSON,
    requireStatus: ['Approved'],
  });
  const d = await source.resolve('pump', 'production');
  assert.equal(d.version, '2');
  assert.equal(d.approval, 'Approved');
  assert.ok(Math.abs(d.metrics.auc! - 0.82) < 1e-12);
  const p = await d.load();
  assert.deepEqual(loaded, [2]);
  assert.deepEqual(p.labels, ['ok', 'failure']);
  assert.equal((await source.resolve('pump', 'v2')).version, '2');
  await assert.rejects(source.resolve('pump', 'staging'), (e: FwError) => e.code === 'FW_ERR_SERVE_MODEL_LOAD' && /PendingManualApproval/.test(e.message));
  await assert.rejects(source.resolve(undefined, 'production'), (e: FwError) => e.code === 'FW_ERR_SERVE_BAD_OPTION');
});
