import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import S3rver from 's3rver';
import { artifactRepositoryContract } from './artifact-repository.contract.js';
import { LocalArtifactRepository } from './local-repository.js';
import { S3ArtifactRepository } from './s3-repository.js';
import { openArtifactRepository } from './open-repository.js';
import { isFwError } from '../core/errors.js';

artifactRepositoryContract('local filesystem', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-local-'));
  return { repo: new LocalArtifactRepository(join(dir, 'artifacts')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

// s3rver on 127.0.0.1 with an OS-chosen port, started and stopped by the test itself.
artifactRepositoryContract('S3 (s3rver)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'models' }] });
  const { port } = (await server.run()) as { port: number };
  const repo = new S3ArtifactRepository('s3://models/team-a', { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
  return {
    repo,
    cleanup: async () => {
      await repo.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('openArtifactRepository', () => {
  it('maps paths and file: to local, s3:// to S3, and fails loudly on unknown schemes', () => {
    assert.ok(openArtifactRepository('.forewarn/artifacts', { baseDir: '/proj' }) instanceof LocalArtifactRepository);
    assert.equal(openArtifactRepository('.forewarn/artifacts', { baseDir: '/proj' }).rootUri, 'file:///proj/.forewarn/artifacts');
    assert.equal(openArtifactRepository('file:art', { baseDir: '/proj' }).rootUri, 'file:///proj/art');
    assert.equal(openArtifactRepository('file:///abs/art').rootUri, 'file:///abs/art');
    assert.equal(openArtifactRepository('s3://bucket-x/p/q/').rootUri, 's3://bucket-x/p/q');
    assert.throws(() => openArtifactRepository('gs://bucket/x'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_ARTIFACTS_UNKNOWN_SCHEME' && /s3:\/\//.test(e.message));
    assert.throws(() => openArtifactRepository('s3:/bucket'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_ARTIFACTS_UNKNOWN_SCHEME');
    assert.throws(() => openArtifactRepository('s3://B/x'), (e: unknown) => isFwError(e) && /bucket/.test(e.message));
    assert.throws(() => openArtifactRepository(''), (e: unknown) => isFwError(e));
  });
});
