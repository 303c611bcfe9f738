/**
 * Where the shared public datasets are: `FOREWARN_DATASETS` when set, else `../shared/datasets` beside the repo root.
 * No machine-specific fallback path: a checkout elsewhere (a worktree, CI's clone) points the variable at the folder.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export function datasetsCandidates(repoRoot: string): string[] {
  const env = process.env.FOREWARN_DATASETS;
  if (env !== undefined && env !== '') return [isAbsolute(env) ? env : resolve(repoRoot, env)];
  return [resolve(repoRoot, '..', 'shared', 'datasets')];
}

/** The datasets folder (one holding README.md), or null when none of the candidates has it. */
export function datasetsDir(repoRoot: string): string | null {
  return datasetsCandidates(repoRoot).find((p) => existsSync(join(p, 'README.md'))) ?? null;
}
