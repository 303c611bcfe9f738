import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentEnvironment, detectCodeVersion } from './environment.js';

describe('run environment', () => {
  it('records node version, platform and the forewarn package version', () => {
    const env = currentEnvironment();
    assert.equal(env.nodeVersion, process.version);
    assert.equal(env.platform, process.platform);
    assert.match(String(env.packageVersion), /^\d+\.\d+\.\d+/);
  });

  it('code version is a commit hash inside a git work tree and null outside', () => {
    const here = detectCodeVersion(process.cwd());
    if (here !== null) assert.match(here, /^[0-9a-f]{40}(-dirty)?$/);
    const dir = mkdtempSync(join(tmpdir(), 'fw-nogit-'));
    try {
      assert.equal(detectCodeVersion(dir), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
