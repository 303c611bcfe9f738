import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite, atomicWriteStream } from './atomic-write.js';
import { CoreErrors, type FwError } from './errors.js';

test('atomicWriteStream: pieces land in order; a failing producer leaves the old file and no temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-atomic-'));
  try {
    const path = join(dir, 'sub', 'out.csv');
    await atomicWriteStream(path, async (write) => { await write('a,b\n'); await write(new TextEncoder().encode('1,2\n')); await write('3,4\n'); });
    assert.equal(await readFile(path, 'utf8'), 'a,b\n1,2\n3,4\n');

    await assert.rejects(
      atomicWriteStream(path, async (write) => { await write('half'); throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('stop'); }),
      (e: FwError) => e.code === 'FW_ERR_CORE_INVALID_ARGUMENT',
    );
    assert.equal(await readFile(path, 'utf8'), 'a,b\n1,2\n3,4\n');
    assert.deepEqual(await readdir(join(dir, 'sub')), ['out.csv']);

    await writeFile(join(dir, 'blocker'), 'x'); // a file where a folder is needed: an I/O error, typed
    await assert.rejects(atomicWrite(join(dir, 'blocker', 'f.txt'), 'x'), (e: FwError) => e.code === 'FW_ERR_CORE_IO' && /blocker/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
