#!/usr/bin/env node
// Regenerates docs/errors.md from the error catalogue (run after `npm run build`). A test fails when the file and the
// catalogue disagree, so the docs cannot drift from the code.
import { writeFileSync } from 'node:fs';
const { renderErrorsDoc } = await import('../dist/src/core/error-catalogue.js');
writeFileSync(new URL('../docs/errors.md', import.meta.url), await renderErrorsDoc());
console.log('wrote docs/errors.md');
