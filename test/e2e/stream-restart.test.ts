import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventJson, fleetEvents } from '../../src/simulator/stream.js';
import { openStores } from '../../src/stores/open-stores.js';
import { SqlAlertStore } from '../../src/streaming/alert-store.js';
import { smallFleet } from './stream-fixture.js';

const BIN = fileURLToPath(new URL('../../../bin/forewarn.js', import.meta.url));

function run(args: string[], env: Record<string, string>, onSpawn?: (pid: number) => void): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    onSpawn?.(p.pid!);
    p.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

async function alertsOf(dir: string): Promise<string[]> {
  const stores = await openStores({ project: dir });
  try {
    const list = await new SqlAlertStore(stores.sql).list({ limit: 100_000 });
    return list.map((a) => `${a.id} ${a.status} ${a.closedAt ?? '-'} ${a.closeReason ?? '-'} ${a.probability}`).sort();
  } finally {
    await stores.close();
  }
}

/**
 * kill -9 in the middle of a stream, restart: the stored alert episodes are exactly those of a run that never
 * stopped (no lost, no duplicate episode), because the checkpoint holds the feature windows, the event-time buffer,
 * the open episodes and the input position together, and episode ids are deterministic.
 */
test('restart safety: kill -9 mid-stream and restart from the checkpoint → the same alert set as an uninterrupted run', async () => {
  const f = await smallFleet();
  const root = await mkdtemp(join(tmpdir(), 'fw-restart-'));
  try {
    const events = join(root, 'events.ndjson');
    const lines = [...fleetEvents(f.fleet)].map(eventJson);
    await writeFile(events, lines.join('\n') + '\n');
    const a = join(root, 'a');
    const b = join(root, 'b');
    await cp(f.dir, a, { recursive: true });
    await cp(f.dir, b, { recursive: true });
    const args = (dir: string) => ['stream', '--project', dir, '--model', f.result.modelName, '--alias', 'latest', '--from-ndjson', events, '--checkpoint', join(dir, 'ck.json'), '--checkpoint-every', '400', '--no-http'];

    // Each copy is a whole project (store, artifacts: URIs are project-relative).
    const env = {};
    const whole = await run(args(a), env);
    assert.equal(whole.code, 0, whole.err);
    const expected = await alertsOf(a);
    assert.ok(expected.length >= 2, `the fleet raises alerts (${expected.length})`);

    // Kill as soon as a checkpoint exists (the child is then somewhere in the middle of the file).
    let killed = false;
    const first = await run(args(b), env, (pid) => {
      const poll = setInterval(() => {
        void stat(join(b, 'ck.json')).then(() => {
          if (killed) return;
          killed = true;
          clearInterval(poll);
          process.kill(pid, 'SIGKILL');
        }, () => undefined);
      }, 5);
    });
    assert.equal(first.signal, 'SIGKILL', `the first run was killed (exit ${first.code}: ${first.err})`);
    const second = await run(args(b), env);
    assert.equal(second.code, 0, second.err);
    const m = /resumed from checkpoint at line (\d+)/.exec(second.out);
    assert.ok(m, `the restart resumed from the checkpoint: ${second.out}`);
    assert.ok(Number(m[1]) > 0 && Number(m[1]) < lines.length, `resumed mid-stream at line ${m[1]} of ${lines.length}`);
    assert.deepEqual(await alertsOf(b), expected);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
