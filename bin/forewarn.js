#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('forewarn: not built yet; run `npm run build` in ' + fileURLToPath(new URL('..', import.meta.url)) + '\n');
  process.exit(2);
}
followNpmParent();
await import(main.href);

/**
 * `npx forewarn …` (and `npm start`/`npm run`) start this file through `sh -c`. On SIGTERM npm signals that shell,
 * which dies without passing the signal on, so a long-running command (`serve`) kept running as an orphan. When npm
 * launched us, follow the parent: once it is gone (we were re-parented), act as if SIGTERM had reached us — the
 * server then drains and exits as it does on a direct SIGTERM. Outside npm nothing changes (a server started with
 * nohup or a supervisor keeps running when its parent exits).
 */
function followNpmParent() {
  if (!process.env.npm_execpath || process.platform === 'win32') return;
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, 250);
  timer.unref();
}
