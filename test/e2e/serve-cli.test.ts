import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClassification } from '../../src/models/synthetic.js';
import { getLearner } from '../../src/models/learner-registry.js';
import { openStore } from '../../src/db/open-store.js';
import { FOREWARN_BIN, runCliProcess } from './cli-process.js';

/**
 * `forewarn serve` as a user starts it: a real process on a registered model inside a project folder, so the
 * registry source, the prediction log's writer thread and the drift monitor all start. Unit tests build the app
 * in-process, where something else keeps the event loop alive; this one caught a start-up that exited with code 13
 * (an await on a writer thread that nothing kept referenced) and printed nothing.
 */
test('forewarn serve on a registered model: banner, /ready, /predict, predictions logged, SIGTERM exits 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-serve-cli-'));
  try {
    await writeFile(join(dir, 'forewarn.yaml'), 'project:\n  name: serve-cli\n');
    const data = makeClassification({ nRows: 200, nFeatures: 4, seed: 5 });
    const learner = getLearner('gbdt');
    const model = await learner.fit(data, learner.parseParams({ n_estimators: 4, max_depth: 2 }), { seed: 1, workers: 1 });
    await writeFile(join(dir, 'm.json'), JSON.stringify(model.toJSON()));
    const reg = await runCliProcess(['models', 'register', 'pump', '--file', join(dir, 'm.json'), '--project', dir, '--actor', 'ana']);
    assert.equal(reg.code, 0, reg.stderr);

    const child = spawn(process.execPath, [FOREWARN_BIN, 'serve', '--project', dir, '--model', 'pump', '--alias', 'latest', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const url = await Promise.race([
      new Promise<string>((resolve) => {
        const check = () => { const m = /at (http:\/\/[^\s]+)/.exec(out); if (m) resolve(m[1]!); };
        child.stdout.on('data', check);
      }),
      exited.then((code) => { throw new Error(`serve exited with ${code} before listening; stdout: ${out} stderr: ${err}`); }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no banner within 60 s; stdout: ${out} stderr: ${err}`)), 60_000).unref()),
    ]);
    try {
      assert.match(out, /forewarn serving pump v1/);
      assert.match(out, /prediction log: sqlite:/, 'the banner says where predictions are logged');
      const ready = await fetch(`${url}/ready`);
      assert.equal(ready.status, 200, await ready.text());
      const record = Object.fromEntries(model.features.map((f, i) => [f.name, i * 0.1]));
      const pred = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
      assert.equal(pred.status, 200, await pred.text());
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, `exit code after SIGTERM; stderr: ${err}`);
    // SIGTERM flushes the prediction log: the one prediction is in the project's store.
    const store = await openStore('sqlite:.forewarn/forewarn.db', { baseDir: dir });
    try {
      const rows = await store.db.selectFrom('prediction_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(rows.n), 1);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
