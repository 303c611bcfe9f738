#!/usr/bin/env node
// npm `prepare`: compile TypeScript to dist/ so `npm ci && npm start` works from a clone.
// TypeScript is a dev dependency, so a production install (`npm ci --omit=dev`, the container image's dependency
// stage) has no compiler: there the compile is skipped and said, because dist/ comes from a separate build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  const dist = existsSync(new URL('../dist/src/cli/main.js', import.meta.url));
  process.stderr.write(`prepare: typescript is not installed (production install): compile skipped; ${dist ? 'using the existing dist/' : 'dist/ must come from a build (npm run build where dev dependencies are installed)'}\n`);
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
