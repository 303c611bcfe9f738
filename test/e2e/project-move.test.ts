import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClassification } from '../../src/models/synthetic.js';
import { getLearner } from '../../src/models/learner-registry.js';
import { exportModelToOnnx } from '../../src/models/onnx/export-model.js';
import { openStores } from '../../src/stores/open-stores.js';
import { loadProject } from '../../src/config/load.js';
import { loadModelBytes } from '../../src/registry/resolve.js';
import { openRegistrySource } from '../../src/serving/registry-wiring.js';
import { buildApp } from '../../src/serving/app.js';
import { sha256 } from '../../src/core/hash.js';
import { LocalArtifactRepository } from '../../src/artifacts/local-repository.js';
import { putContent } from '../../src/artifacts/artifact-ops.js';
import { runCliProcess } from './cli-process.js';

/**
 * Issue 10: artifact URIs were stored absolute, so a moved project could not load its models. Register through the
 * real CLI (run from an unrelated cwd), move the project folder, then load and serve every version from the new place.
 */
test('a project folder moved after registration still loads and serves its registered models (project-relative artifact URIs)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fw-move-'));
  try {
    const before = join(root, 'a', 'project');
    await mkdir(before, { recursive: true });
    await writeFile(join(before, 'forewarn.yaml'), 'project:\n  name: movable\n');
    const data = makeClassification({ nRows: 200, nFeatures: 4, seed: 3 });
    const learner = getLearner('gbdt');
    const model = await learner.fit(data, learner.parseParams({ n_estimators: 4, max_depth: 2 }), { seed: 1, workers: 1 });
    const files = { json: join(root, 'm.json'), onnx: join(root, 'm.onnx') };
    await writeFile(files.json, JSON.stringify(model.toJSON()));
    await writeFile(files.onnx, exportModelToOnnx(model));
    for (const f of [files.json, files.onnx]) {
      const r = await runCliProcess(['models', 'register', 'pump', '--file', f, '--project', before, '--actor', 'ana'], { cwd: root });
      assert.equal(r.code, 0, r.stderr);
    }
    // A version written before relative URIs existed: absolute file:/// URI into the same repository.
    const legacyBytes = new TextEncoder().encode(JSON.stringify(model.toJSON()) + ' ');
    const stores0 = await openStores({ project: before });
    let legacyUri: string;
    try {
      legacyUri = (await putContent(new LocalArtifactRepository(join(before, '.forewarn', 'artifacts')), legacyBytes, '.json')).uri;
      assert.match(legacyUri, /^file:\/\/\//);
      await stores0.registry.registerVersion({ modelName: 'pump', actor: 'old-forewarn', artifactUri: legacyUri, signature: (await stores0.registry.getVersion('pump', 1)).signature! });
      assert.deepEqual(Buffer.from(await loadModelBytes(stores0.artifacts, await stores0.registry.getVersion('pump', 3))), Buffer.from(legacyBytes), 'absolute URIs still read in place');
    } finally {
      await stores0.close();
    }

    const after = join(root, 'b', 'moved-here');
    await mkdir(join(root, 'b'));
    await rename(before, after);

    const stores = await openStores({ project: after });
    try {
      const versions = await stores.registry.listVersions('pump');
      for (const v of versions.slice(0, 2)) {
        assert.match(v.artifactUri, /^file:\.forewarn\/artifacts\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.(json|onnx)$/, 'stored project-relative');
        const bytes = await loadModelBytes(stores.artifacts, v);
        assert.equal(sha256(bytes), v.tags.sha256);
      }
    } finally {
      await stores.close();
    }

    for (const alias of ['1', '2']) {
      const { source, close } = await openRegistrySource(await loadProject(after));
      const { app } = await buildApp({ source, modelName: 'pump', alias, docs: false, defaultMetrics: false });
      try {
        const ready = await app.inject({ url: '/ready' });
        assert.equal(ready.statusCode, 200, `v${alias} served from the moved project: ${ready.body}`);
        const record = Object.fromEntries(model.features.map((f, i) => [f.name, i * 0.1]));
        const pred = await app.inject({ method: 'POST', url: '/predict', payload: record });
        assert.equal(pred.statusCode, 200, pred.body);
      } finally {
        await app.close();
        await close();
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
