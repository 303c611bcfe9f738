import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCached } from './step-cache.js';

test('a step runs once per input key and is reused afterwards; a new key runs again', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fw-cache-'));
  let calls = 0;
  const step = (key: unknown) => ({
    name: 'square', version: 1, key,
    async run(dir: string) { calls++; await writeFile(join(dir, 'x.txt'), 'hello'); return { value: (key as number) ** 2 }; },
  });
  const a = await runCached(root, step(3));
  assert.equal(a.reused, false);
  assert.equal(a.output.value, 9);
  assert.equal(await readFile(join(a.dir, 'x.txt'), 'utf8'), 'hello');
  const b = await runCached(root, step(3));
  assert.equal(b.reused, true);
  assert.equal(b.output.value, 9);
  assert.equal(calls, 1);
  const c = await runCached(root, step(4));
  assert.equal(c.reused, false);
  assert.equal(c.output.value, 16);
  assert.equal(calls, 2);
});

test('a failing step leaves no cache entry and earlier outputs intact', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fw-cache-'));
  const good = await runCached(root, { name: 'a', version: 1, key: 1, async run() { return { ok: true }; } });
  await assert.rejects(runCached(root, { name: 'b', version: 1, key: 1, async run() { throw new Error('boom'); } }), /boom/);
  assert.deepEqual(await readdir(join(root, 'b')), []);
  const again = await runCached(root, { name: 'a', version: 1, key: 1, async run() { throw new Error('must not rerun'); } });
  assert.equal(again.reused, true);
  assert.equal(again.dir, good.dir);
});
