import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadCatalogue, renderErrorsDoc } from './error-catalogue.js';

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
