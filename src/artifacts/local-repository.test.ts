import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalArtifactRepository } from './local-repository.js';
import { openArtifactRepository } from './open-repository.js';

test('local artifact URIs are project-relative when the root is inside the project, absolute otherwise; both forms read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-localuri-'));
  try {
    const project = join(dir, 'proj');
    const inside = openArtifactRepository('.forewarn/artifacts', { baseDir: project });
    const key = 'runs/a b/model%1.json';
    const uri = await inside.put(key, new TextEncoder().encode('{}'));
    assert.equal(uri, 'file:.forewarn/artifacts/runs/a%20b/model%251.json');
    assert.equal(inside.keyFor(uri), key);
    // The absolute form of the same object (as stored by earlier versions) still maps to the key.
    assert.equal(inside.keyFor(pathToFileURL(join(project, '.forewarn', 'artifacts', 'runs', 'a b', 'model%1.json')).href), key);
    assert.throws(() => inside.keyFor('file:../elsewhere/x.json'), /not inside the artifact repository/);

    const outside = new LocalArtifactRepository(join(dir, 'shared-artifacts'), { baseDir: project });
    assert.match(outside.uriFor('x.json'), /^file:\/\/\/.*shared-artifacts\/x\.json$/);
    // No project folder given: absolute URIs, as before.
    assert.match(new LocalArtifactRepository(join(project, 'art')).uriFor('x.json'), /^file:\/\/\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
