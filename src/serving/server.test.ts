import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOOD_RECORD } from './test-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/src/serving
const cli = resolve(here, '../cli/main.js');

function waitExit(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((r) => child.on('exit', (code) => r(code)));
}

test('SIGTERM drains in-flight requests, then the process exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-serve-'));
  try {
    // A child that serves a predictor slowed to 400 ms per batch (async, like ONNX), so a request is in flight.
    const script = join(dir, 'child.mjs');
    writeFileSync(script, `
      import { startServer } from ${JSON.stringify(resolve(here, 'server.js'))};
      import { modelPredictor } from ${JSON.stringify(resolve(here, '../inference/predictor.js'))};
      import { testForest } from ${JSON.stringify(resolve(here, 'test-fixtures.js'))};
      const base = modelPredictor(testForest(1));
      const slow = { ...base, sync: false, predictOne: undefined, predictBatch: (rows) => { process.stdout.write('busy\\n'); return new Promise((r) => setTimeout(() => r(base.predictBatch(rows)), 400)); } };
      const source = { description: 'slow', resolve: async () => ({ name: 'm', version: '1', format: 'forewarn-json', metrics: {}, approval: 'none', load: async () => slow }) };
      const s = await startServer({ source, host: '127.0.0.1', port: 0, authEnabled: true, handleSignals: true, docs: false, defaultMetrics: false });
      process.stdout.write(s.url + '\\n');
    `);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = waitExit(child);
    let out = '';
    const waitFor = (word: string) => new Promise<void>((r) => {
      const check = () => { if (out.includes(word)) { child.stdout!.off('data', onData); r(); } };
      const onData = (d: Buffer) => { out += d.toString(); check(); };
      child.stdout!.on('data', onData);
      check();
    });
    await waitFor('http://');
    const url = out.trim().split('\n')[0]!;
    const inFlight = fetch(`${url}/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [GOOD_RECORD] }) });
    await waitFor('busy'); // the request is inside the predictor: SIGTERM now must let it finish
    child.kill('SIGTERM');
    const res = await inFlight;
    assert.equal(res.status, 200, 'the in-flight request completes');
    assert.equal(((await res.json()) as { predictions: unknown[] }).predictions.length, 1);
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`${url}/health`), 'no longer accepting');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('forewarn serve refuses a missing model file and an exposed bind without a token, with codes and exit codes', async () => {
  const run = (args: string[], env: Record<string, string> = {}) => new Promise<{ code: number | null; stderr: string }>((r) => {
    const c = spawn(process.execPath, [cli, 'serve', ...args], { env: { ...process.env, FOREWARN_API_TOKEN: '', FOREWARN_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (code) => r({ code, stderr }));
  });
  const dir = mkdtempSync(join(tmpdir(), 'fw-serve-'));
  try {
    const missing = await run(['--model-file', join(dir, 'nope.json'), '--port', '0']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /FW_ERR_SERVE_MODEL_LOAD: cannot start: .*nope\.json does not exist/);
    writeFileSync(join(dir, 'm.txt'), 'x');
    const badExt = await run(['--model-file', join(dir, 'm.txt'), '--port', '0']);
    assert.match(badExt.stderr, /expected a \.json \(forewarn model\) or \.onnx file/);
    const exposed = await run(['--model-file', join(dir, 'nope.json'), '--host', '0.0.0.0', '--port', '0']);
    assert.equal(exposed.code, 2);
    assert.match(exposed.stderr, /FW_ERR_SERVE_UNSAFE_BIND/);
    const badPort = await run(['--model-file', join(dir, 'nope.json'), '--port', 'abc']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port: expected an integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
