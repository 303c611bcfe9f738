#!/usr/bin/env node
// Runs compiled test files (*.test.js under the given folders) with node's own test runner, prints the spec report,
// and ends with one line `N passed, N failed, N skipped` so any CI can read the result.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
const filter = process.env.TEST_FILTER;
const files = [];
function walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && (!filter || p.includes(filter))) files.push(p);
  }
}
for (const r of roots) walk(r);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}

let passed = 0, failed = 0, skipped = 0;
const stream = run({ files, concurrency: Number(process.env.TEST_CONCURRENCY ?? 2), timeout: 10 * 60_000 });
stream.on('test:pass', (e) => { if (e.details?.type !== 'suite') { if (e.skip || e.todo) skipped++; else passed++; } });
stream.on('test:fail', (e) => { if (e.details?.type !== 'suite' || e.details?.error?.failureType === 'hookFailed') failed++; });
stream.compose(spec).pipe(process.stdout);
stream.on('end', () => {
  setImmediate(() => {
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    process.exitCode = failed > 0 ? 1 : 0;
  });
});
