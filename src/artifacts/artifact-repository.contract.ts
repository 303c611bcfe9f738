import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactRepository } from './artifact-repository.js';
import { copyTree, getByUri, getToFile, putContent, putFile } from './artifact-ops.js';
import { sha256 } from '../core/hash.js';
import { isFwError } from '../core/errors.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Behaviour every ArtifactRepository must have. Run per backend by artifact-repository.test.ts. */
export function artifactRepositoryContract(label: string, open: () => Promise<{ repo: ArtifactRepository; cleanup: () => Promise<void> }>): void {
  describe(`ArtifactRepository contract: ${label}`, () => {
    let repo: ArtifactRepository;
    let cleanup: () => Promise<void>;
    let tmp: string;
    before(async () => {
      ({ repo, cleanup } = await open());
      tmp = mkdtempSync(join(tmpdir(), 'fw-art-'));
    });
    after(async () => {
      await cleanup?.();
      rmSync(tmp, { recursive: true, force: true });
    });
    const code = (c: string) => (e: unknown) => isFwError(e) && e.code === c;

    it('put/get/exists/delete round-trip, overwrite replaces', async () => {
      const uri = await repo.put('runs/r1/model.json', enc('{"a":1}'));
      assert.equal(uri, repo.uriFor('runs/r1/model.json'));
      assert.equal(repo.keyFor(uri), 'runs/r1/model.json');
      assert.equal(dec(await repo.get('runs/r1/model.json')), '{"a":1}');
      assert.equal(await repo.exists('runs/r1/model.json'), true);
      await repo.put('runs/r1/model.json', enc('{"a":2}'));
      assert.equal(dec(await repo.get('runs/r1/model.json')), '{"a":2}');
      await repo.delete('runs/r1/model.json');
      assert.equal(await repo.exists('runs/r1/model.json'), false);
      await repo.delete('runs/r1/model.json'); // idempotent
      await assert.rejects(repo.get('runs/r1/model.json'), code('FW_ERR_ARTIFACTS_NOT_FOUND'));
    });

    it('binary content survives unchanged, including empty objects', async () => {
      const bytes = new Uint8Array(256).map((_, i) => i);
      await repo.put('bin/all-bytes', bytes);
      assert.deepEqual(await repo.get('bin/all-bytes'), bytes);
      await repo.put('bin/empty', new Uint8Array(0));
      assert.equal((await repo.get('bin/empty')).length, 0);
    });

    it('lists keys under a prefix, sorted, without siblings sharing a name prefix', async () => {
      for (const k of ['l/a/1.txt', 'l/a/2.txt', 'l/ab/3.txt', 'l/b.txt']) await repo.put(k, enc(k));
      assert.deepEqual(await repo.list('l/a/'), ['l/a/1.txt', 'l/a/2.txt']);
      assert.deepEqual(await repo.list('l/'), ['l/a/1.txt', 'l/a/2.txt', 'l/ab/3.txt', 'l/b.txt']);
      assert.ok((await repo.list()).includes('l/b.txt'));
      assert.deepEqual(await repo.list('nothing/'), []);
    });

    it('content-addressed puts dedupe and are verified on read', async () => {
      const a = await putContent(repo, enc('model-bytes'), '.json');
      const b = await putContent(repo, enc('model-bytes'), '.json');
      assert.equal(a.uri, b.uri);
      assert.equal(a.sha256, sha256(enc('model-bytes')));
      assert.match(a.key, /^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/);
      assert.equal(dec(await getByUri(repo, a.uri)), 'model-bytes');
      await repo.put(a.key, enc('tampered')); // simulate corruption below the API
      await assert.rejects(getByUri(repo, a.uri), code('FW_ERR_ARTIFACTS_INTEGRITY'));
    });

    it('putFile/getToFile/copyTree derived from the primitives', async () => {
      const src = join(tmp, 'tree');
      mkdirSync(join(src, 'sub'), { recursive: true });
      writeFileSync(join(src, 'a.json'), 'A');
      writeFileSync(join(src, 'sub', 'b.txt'), 'B');
      assert.deepEqual(await copyTree(repo, src, 'tree/'), ['tree/a.json', 'tree/sub/b.txt']);
      await putFile(repo, 'file/one', join(src, 'a.json'));
      await getToFile(repo, 'tree/sub/b.txt', join(tmp, 'out', 'b.txt'));
      assert.equal(readFileSync(join(tmp, 'out', 'b.txt'), 'utf8'), 'B');
      assert.equal(dec(await repo.get('file/one')), 'A');
      await assert.rejects(putFile(repo, 'file/two', join(tmp, 'missing')), code('FW_ERR_ARTIFACTS_NOT_FOUND'));
    });

    it('refuses unsafe keys and foreign URIs', async () => {
      for (const k of ['', '/abs', '../up', 'a/../b', 'a//b', 'a\\b', 'x/./y', 'nul\u0000l']) {
        await assert.rejects(repo.put(k, enc('x')), code('FW_ERR_ARTIFACTS_INVALID_KEY'), `key ${JSON.stringify(k)}`);
      }
      assert.throws(() => repo.keyFor('s3://elsewhere-bucket/x'), code('FW_ERR_ARTIFACTS_FOREIGN_URI'));
      assert.throws(() => repo.keyFor('file:///definitely/not/here/x'), code('FW_ERR_ARTIFACTS_FOREIGN_URI'));
    });
  });
}
