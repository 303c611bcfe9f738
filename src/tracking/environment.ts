import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunEnvironment } from '../entities/tracking.js';

let pkgVersion: string | null | undefined;

function packageVersion(): string | null {
  if (pkgVersion !== undefined) return pkgVersion;
  try {
    // dist/src/tracking/ or src/tracking/ → repo root package.json
    for (const up of ['../../../package.json', '../../package.json']) {
      try {
        const p = JSON.parse(readFileSync(fileURLToPath(new URL(up, import.meta.url)), 'utf8')) as { name?: string; version?: string };
        if (p.name === 'forewarn') return (pkgVersion = p.version ?? null);
      } catch {
        /* try the next candidate */
      }
    }
  } catch {
    /* fallthrough */
  }
  return (pkgVersion = null);
}

/** Where this process runs: recorded with each run so results can be tied to a runtime. */
export function currentEnvironment(): RunEnvironment {
  return { nodeVersion: process.version, platform: process.platform, arch: process.arch, packageVersion: packageVersion() };
}

const codeVersionCache = new Map<string, string | null>();

/**
 * `git rev-parse HEAD` in `dir` (with `-dirty` when tracked files changed), or null outside a repository / without
 * git. Cached per folder for the life of the process (a training process does not change commits mid-way).
 */
export function detectCodeVersion(dir = process.cwd()): string | null {
  if (!codeVersionCache.has(dir)) codeVersionCache.set(dir, gitVersion(dir));
  return codeVersionCache.get(dir)!;
}

function gitVersion(dir: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}
