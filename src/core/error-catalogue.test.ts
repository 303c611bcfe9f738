import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { errorModules, loadCatalogue, renderErrorsDoc } from './error-catalogue.js';

const repoRoot = new URL('../../../', import.meta.url);

test('every error code follows FW_ERR_<AREA>_<WHAT>, has a 4xx/5xx status, an exit code and a description', async () => {
  const defs = await loadCatalogue();
  assert.ok(defs.length > 20);
  for (const d of defs) {
    assert.match(d.code, /^FW_ERR_[A-Z0-9]+_[A-Z0-9_]+$/);
    assert.ok(d.status >= 400 && d.status < 600, `${d.code} status ${d.status}`);
    assert.ok(Number.isInteger(d.exit) && d.exit >= 1 && d.exit <= 9, `${d.code} exit ${d.exit}`);
    assert.ok(d.description.length > 10, `${d.code} has a description`);
  }
});

test('docs/errors.md matches the catalogue exactly (regenerate with node scripts/gen-errors-doc.mjs)', async () => {
  const doc = await readFile(new URL('docs/errors.md', repoRoot), 'utf8');
  assert.equal(doc, await renderErrorsDoc());
});

test('every src/**/errors.ts is in the catalogue (discovered, not listed by hand)', async () => {
  const src = fileURLToPath(new URL('src/', repoRoot));
  const sources = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /(^|\/)errors\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '.js')).sort();
  assert.deepEqual(errorModules().map((f) => f.slice(f.lastIndexOf('/src/') + 5)), sources);
});

test('every code is raised somewhere outside errors.ts (a code nobody raises is dead and must go)', async () => {
  const src = fileURLToPath(new URL('src/', repoRoot));
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !/(^|\/)errors\.ts$/.test(f) && !/\.(test|contract)\.ts$/.test(f));
  let text = '';
  for (const f of files) text += await readFile(join(src, f), 'utf8');
  const never = (await loadCatalogue()).map((d) => d.code).filter((c) => !text.includes(c));
  assert.deepEqual(never, []);
});
