import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * mkdir -p, one level at a time. Node's own recursive mkdirSync spins forever on some pseudo file systems
 * (e.g. under /proc), which would hang the CLI instead of reporting the bad path.
 */
export function ensureDir(dir: string): void {
  const parts = resolve(dir).split('/').filter(Boolean);
  let cur = '';
  for (const part of parts) {
    cur += `/${part}`;
    let st;
    try {
      st = statSync(cur);
    } catch {
      mkdirSync(cur);
      continue;
    }
    if (!st.isDirectory()) throw new Error(`${cur} exists and is not a folder`);
  }
}

