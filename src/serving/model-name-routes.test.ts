import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteTestDatabase } from '../db/test-databases.js';
import { SqlRegistryStore } from '../registry/sql-registry-store.js';
import { registryRoutes } from '../registry/http/registry-routes.js';
import { loadModelBytes } from '../registry/resolve.js';
import { LocalArtifactRepository } from '../artifacts/local-repository.js';
import { putContent } from '../artifacts/artifact-ops.js';
import { RegistryModelSource } from '../inference/registry-model-source.js';
import { buildApp } from './app.js';
import { makeClassification } from '../models/synthetic.js';
import { getLearner } from '../models/learner-registry.js';
import { isFwError } from '../core/errors.js';
import { MODEL_NAME_MAX_LENGTH } from '../core/names.js';

/**
 * Issue 10: names of 101–128 characters registered but were unreachable over HTTP (Fastify's default
 * maxParamLength is 100). The longest name the registry accepts must be served and listed over HTTP; one character
 * more is refused at registration with the rule in the message.
 */
test('the longest model name the registry accepts is reachable over every HTTP route; one more character is refused at registration', async () => {
  const db = await sqliteTestDatabase().open();
  const dir = mkdtempSync(join(tmpdir(), 'fw-names-'));
  try {
    const registry = new SqlRegistryStore(db.store);
    const artifacts = new LocalArtifactRepository(join(dir, 'art'));
    const data = makeClassification({ nRows: 120, nFeatures: 3, seed: 5 });
    const learner = getLearner('gbdt');
    const model = await learner.fit(data, learner.parseParams({ n_estimators: 3, max_depth: 2 }), { seed: 1, workers: 1 });
    const put = await putContent(artifacts, new TextEncoder().encode(JSON.stringify(model.toJSON())), '.json');

    const longest = `M${'x'.repeat(MODEL_NAME_MAX_LENGTH - 2)}9`;
    assert.equal(longest.length, MODEL_NAME_MAX_LENGTH);
    await registry.registerVersion({ modelName: longest, actor: 'ana', artifactUri: put.uri });
    const tooLong = `${longest}z`;
    await assert.rejects(registry.registerVersion({ modelName: tooLong, actor: 'ana', artifactUri: put.uri }), (e) =>
      isFwError(e) && e.code === 'FW_ERR_REGISTRY_INVALID' && /is 129 characters long; must be 1–128 characters of letters, digits/.test(e.message));
    await assert.rejects(registry.createModel(tooLong, { actor: 'ana' }), (e) => isFwError(e) && /129 characters long/.test(e.message));
    assert.deepEqual((await registry.listModels()).map((m) => m.name), [longest]);

    const source = new RegistryModelSource({ registry, loadBytes: (v) => loadModelBytes(artifacts, v as never) });
    const { app } = await buildApp({
      source, modelName: longest, alias: 'latest', docs: false, defaultMetrics: false,
      mounts: [(a, access) => registryRoutes(a, { store: registry, access })],
    });
    try {
      for (const url of [`/api/models/${longest}`, `/api/models/${longest}/versions/1`, `/v2/models/${longest}`, `/v2/models/${longest}/ready`]) {
        const r = await app.inject({ url });
        assert.equal(r.statusCode, 200, `${url.slice(0, 40)}…: ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
