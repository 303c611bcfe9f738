import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './stores-cli-harness.js';
import { makeClassification } from '../../models/synthetic.js';
import { getLearner } from '../../models/learner-registry.js';
import { exportModelToOnnx } from '../../models/onnx/export-model.js';
import { openStores } from '../../stores/open-stores.js';

test('models register: forewarn JSON and ONNX files become PendingManualApproval versions with a signature; bad files are refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-reg-file-'));
  try {
    const data = makeClassification({ nRows: 300, nFeatures: 4, seed: 2 });
    const learner = getLearner('gbdt');
    const model = await learner.fit(data, learner.parseParams({ n_estimators: 5, max_depth: 2 }), { seed: 1, workers: 1 });
    await writeFile(join(dir, 'm.json'), JSON.stringify(model.toJSON()));
    await writeFile(join(dir, 'm.onnx'), exportModelToOnnx(model));
    await writeFile(join(dir, 'm.txt'), 'x');
    const store = `sqlite:${join(dir, 'r.db')}`;
    const art = join(dir, 'artifacts');
    process.env.FOREWARN_ARTIFACTS_URI = art;
    const a = await runCli(['models', 'register', 'pump', '--file', join(dir, 'm.json'), '--store', store, '--actor', 'ana']);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['models', 'register', 'pump', '--file', join(dir, 'm.onnx'), '--store', store, '--actor', 'ana']);
    assert.equal(b.code, 0, b.stderr);
    const bad = await runCli(['models', 'register', 'pump', '--file', join(dir, 'm.txt'), '--store', store]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /m\.txt: expected a \.json \(forewarn model\) or \.onnx file/);
    const stores = await openStores({ store, artifacts: art });
    try {
      const vs = await stores.registry.listVersions('pump');
      assert.deepEqual(vs.map((v) => [v.version, v.format, v.approval.status]), [[1, 'forewarn-json', 'PendingManualApproval'], [2, 'onnx', 'PendingManualApproval']]);
      for (const v of vs) {
        assert.deepEqual(v.signature!.inputs.map((f) => f.name), model.features.map((f) => f.name));
        assert.deepEqual(v.signature!.labels, [...model.classes]);
      }
    } finally {
      await stores.close();
    }
  } finally {
    delete process.env.FOREWARN_ARTIFACTS_URI;
    await rm(dir, { recursive: true, force: true });
  }
});
