/**
 * bin/forewarn.js under npm: `npx forewarn serve` runs the launcher through `sh -c`, npm passes SIGTERM to that shell,
 * and the shell dies without passing it on. The launcher must then stop the server itself instead of leaving it
 * running as an orphan. A real shell and a real server process, as npm starts them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gbdtLearner } from '../models/gbdt/gbdt-learner.js';
import { makeClassification } from '../models/synthetic.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/src/cli
const bin = resolve(here, '../../../bin/forewarn.js');
const skip = process.platform !== 'linux' || !existsSync('/bin/sh') ? 'needs Linux /proc and /bin/sh' : false;

const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('npm-style launch (sh -c, npm_execpath set): SIGTERM to the shell stops the server too, no orphan left', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-launcher-'));
  let server = 0;
  try {
    const d = makeClassification({ nRows: 200, nFeatures: 3, seed: 1 });
    const m = await gbdtLearner.fit(d, gbdtLearner.parseParams({ n_estimators: 3, max_depth: 2 }), { seed: 1, workers: 1 });
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify(m.toJSON()));
    // "; exit $?" keeps the shell as the parent (no exec), exactly the process tree npm exec builds
    const sh = spawn('/bin/sh', ['-c', `"${process.execPath}" "${bin}" serve --model-file "${model}" --port 0; exit $?`], {
      env: { ...process.env, npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js', npm_command: 'exec', FOREWARN_API_TOKEN: '', FOREWARN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    sh.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    sh.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    await until('the server to listen', () => /serving model .* at http:\/\/127\.0\.0\.1:\d+/.test(out), 60_000);
    const children = readFileSync(`/proc/${sh.pid}/task/${sh.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    assert.equal(children.length, 1, `the shell has one child (the server): ${children.join(',')}`);
    server = children[0]!;
    assert.ok(alive(server));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
    assert.equal((await fetch(`${url}/health`)).status, 200);
    sh.kill('SIGTERM');
    await until('the shell to die', () => !alive(sh.pid!) || sh.exitCode !== null || sh.signalCode !== null, 10_000);
    await until('the orphaned server to stop', () => !alive(server), 15_000);
    await assert.rejects(fetch(`${url}/health`), 'nothing listens any more');
  } finally {
    if (server && alive(server)) process.kill(server, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
