/**
 * The real Azure PdM subset's files in the shared datasets folder (see datasets-dir.ts): telemetry of machines 1–20,
 * 2015-01-01 06:00 → 2015-04-01 05:00, and the 2015 event tables of all 100 machines. For the realism check and the
 * bench/sim-realism scripts.
 */
import { join } from 'node:path';

export interface AzureFiles { telemetry: string; errors: string; maint: string; failures: string; machines: string }

export function realSubsetFiles(datasetsDir: string): AzureFiles {
  const a = join(datasetsDir, 'azure-pdm');
  return {
    telemetry: join(a, 'PdM_telemetry.subset-m001-020-2015Q1.csv'),
    errors: join(a, 'PdM_errors.csv'), maint: join(a, 'PdM_maint.csv'), failures: join(a, 'PdM_failures.csv'), machines: join(a, 'PdM_machines.csv'),
  };
}
