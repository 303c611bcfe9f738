import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

// `npm ci --omit=dev` (the image's dependency stage) runs `prepare` without TypeScript installed: it must say so and
// succeed, not fail the install.
test('prepare skips the compile loudly when typescript is not installed (production install)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-prepare-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(repoRoot, 'scripts/prepare.mjs'), join(dir, 'scripts/prepare.mjs'));
    const r = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /typescript is not installed \(production install\): compile skipped; dist\/ must come from a build/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json: prepare goes through scripts/prepare.mjs; engines cover the Node 20, 22 and 24 lines', async () => {
  const pkg = JSON.parse((await import('node:fs')).readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
  assert.equal(pkg.scripts.prepare, 'node scripts/prepare.mjs');
  // Node 20, 22 and 24 lines, each from the minor that runs require(esm) unflagged (yargs needs it: ^20.19 || ^22.12).
  assert.equal(pkg.engines.node, '^20.19.0 || ^22.12.0 || >=24.0.0');
});
