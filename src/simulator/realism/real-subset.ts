/**
 * Where the real Azure PdM subset lives (../shared/datasets beside the repo, /work/shared/datasets as fallback), for
 * the realism measurement, its bench script and the dataset suite. `undefined` when neither folder exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreErrors } from '../../core/errors.js';

/** Repo root from this file, in src/ (ts) or dist/src/ (js). */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(d, 'package.json')); i++) d = dirname(d);
  return d;
}

export function datasetsDir(): string | undefined {
  const candidates = [resolve(repoRoot(), '..', 'shared', 'datasets'), '/work/shared/datasets'];
  return candidates.find((p) => existsSync(join(p, 'README.md')));
}

/** The real subset's files (telemetry: machines 1–20, 2015-01-01 06:00 → 2015-04-01 05:00; events: all of 2015). */
export function realFiles(dir = datasetsDir()): { telemetry: string; errors: string; maint: string; failures: string; machines: string } {
  if (!dir) throw CoreErrors.FW_ERR_CORE_NOT_FOUND('datasets folder not found (../shared/datasets beside the repo, or /work/shared/datasets)');
  const a = join(dir, 'azure-pdm');
  return {
    telemetry: join(a, 'PdM_telemetry.subset-m001-020-2015Q1.csv'),
    errors: join(a, 'PdM_errors.csv'), maint: join(a, 'PdM_maint.csv'), failures: join(a, 'PdM_failures.csv'), machines: join(a, 'PdM_machines.csv'),
  };
}
