import { join } from 'node:path';
import type { Project } from '../config/load.js';
import { openDuck, type Duck } from './duckdb.js';
import { DataErrors } from './errors.js';
import { validateProject, type ProjectValidation, type ValidateProjectOptions } from './validate/project.js';
import { writeSnapshot } from './snapshot/write.js';
import { snapshotDir } from './snapshot/manifest.js';
import type { SnapshotManifest } from './snapshot/manifest.js';
import { createProgress } from '../core/progress.js';

export interface IngestedTable {
  parquetPath: string;
  rows: number;
  accepted: number;
  quarantined: number;
  contentHash: string;
  quarantinePath?: string;
}

export interface IngestResult {
  datasetHash: string;
  dir: string;
  manifestPath: string;
  /** False when an identical snapshot already existed. */
  created: boolean;
  manifest: SnapshotManifest;
  tables: Record<string, IngestedTable>;
  report: ProjectValidation;
}

export interface IngestOptions extends Omit<ValidateProjectOptions, 'duck'> {
  duck?: Duck;
}

/**
 * Validate + snapshot: the call the pipeline makes. Throws FW_ERR_DATA_QUARANTINE_THRESHOLD (exit 3) when a table
 * quarantines more than data.maxQuarantineFraction (the report files are still written, no snapshot is).
 */
export async function ingestProject(project: Project, opts: IngestOptions = {}): Promise<IngestResult> {
  const duck = opts.duck ?? (await openDuck());
  try {
    const report = await validateProject(project, { ...opts, duck });
    if (!report.passed) throw thresholdError(report);
    const progress = createProgress('data snapshot', report.tables.length * 2, opts.progress ? { mode: opts.progress } : {});
    const snap = await writeSnapshot(duck, project.stateDir, report.tables.map((t) => ({ validation: t, contract: t.contract })), () => progress.tick());
    progress.finish();
    const tables: Record<string, IngestedTable> = {};
    for (const t of report.tables) {
      tables[t.table] = {
        parquetPath: join(snap.dir, snap.manifest.tables[t.table]!.file),
        rows: t.rows,
        accepted: t.accepted,
        quarantined: t.quarantined,
        contentHash: snap.manifest.tables[t.table]!.contentHash,
        ...(t.files ? { quarantinePath: t.files.quarantine } : {}),
      };
    }
    return { datasetHash: snap.manifest.datasetHash, dir: snapshotDir(project.stateDir, snap.manifest.datasetHash), manifestPath: join(snap.dir, 'manifest.json'), created: snap.created, manifest: snap.manifest, tables, report };
  } finally {
    if (!opts.duck) duck.close();
  }
}

export function thresholdError(report: ProjectValidation) {
  const bad = report.tables.filter((t) => !t.passed);
  return DataErrors.FW_ERR_DATA_QUARANTINE_THRESHOLD(
    `${bad.map((t) => `${t.table}: ${t.quarantined} of ${t.rows} rows quarantined (${(100 * t.quarantineFraction).toFixed(2)}%)`).join('; ')} — above data.maxQuarantineFraction ${report.maxQuarantineFraction}${report.reportDir ? `; see ${report.reportDir}` : ''}`,
    { tables: bad.map((t) => ({ table: t.table, rows: t.rows, quarantined: t.quarantined })) },
  );
}
