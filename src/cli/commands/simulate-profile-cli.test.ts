import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'bin', 'forewarn.js');

function run(args: string[], opts: { closeAfterFirstLine?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Like `| head -1`: the reader goes away while the writer is still busy.
      if (opts.closeAfterFirstLine && stdout.includes('\n')) p.stdout.destroy();
    });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

test('simulate writes the five files and prints a summary', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-cli-'));
  try {
    const r = await run(['simulate', '--machines', '3', '--days', '5', '--seed', '7', '--out', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /PdM_telemetry\.csv\s+360 rows/);
    assert.match(r.stdout, /PdM_machines\.csv\s+3 rows/);
    assert.ok(r.stdout.includes(dir));
    assert.equal((await readFile(join(dir, 'PdM_machines.csv'), 'utf8')).split('\n')[0], '"machineID","model","age"');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('simulate --stream into a pipe closed early (| head) exits 0 without an error', async () => {
  const r = await run(['simulate', '--machines', '50', '--days', '60', '--stream'], { closeAfterFirstLine: true });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const first = JSON.parse(r.stdout.split('\n')[0]!) as Record<string, unknown>;
  assert.equal(first.table, 'machines');
  assert.equal(first.machineID, 1);
  assert.match(String(first.model), /^model[1-4]$/);
});

test('bad options and files give a code, a message and a non-zero exit, no stack trace', async () => {
  const a = await run(['simulate', '--machines', 'abc']);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /--machines: expected an integer, got "abc"/);
  const b = await run(['simulate', '--machines', '2', '--days', '1', '--rate', '5']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /error FW_ERR_CORE_INVALID_ARGUMENT: --rate only applies with --stream/);
  const c = await run(['data', 'profile', 'no/such.csv', '-o', join(tmpdir(), 'never.html')]);
  assert.equal(c.code, 4);
  assert.equal(c.stderr, 'error FW_ERR_PROFILE_FILE_NOT_FOUND: no/such.csv: no such file\n');
  for (const x of [a, b, c]) assert.ok(!/\n\s+at /.test(x.stderr), 'no stack trace');
});
