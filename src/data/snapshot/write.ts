import { mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Duck } from '../duckdb.js';
import { ident, literal } from '../duckdb.js';
import { atomicWrite } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';
import type { TableValidation } from '../validate/validate-table.js';
import type { Contract } from '../contracts/schema.js';
import { contractHash, snapshotColumns, tableContentHash } from './content-hash.js';
import { datasetHashOf, readManifest, snapshotDir, SNAPSHOT_FORMAT, type SnapshotManifest, type SnapshotTable } from './manifest.js';

export interface SnapshotInput {
  validation: TableValidation;
  contract: Contract;
}

export interface SnapshotResult {
  manifest: SnapshotManifest;
  dir: string;
  /** False when an identical snapshot already existed and nothing was written. */
  created: boolean;
}

/**
 * Write the accepted rows of validated tables as a content-addressed dataset snapshot. The whole folder is built
 * under a temp name and renamed into place, so `datasets/<hash>/` either is complete or does not exist; a second
 * ingest of identical data finds it and writes nothing.
 */
export async function writeSnapshot(duck: Duck, stateDir: string, inputs: SnapshotInput[], onStep?: () => void): Promise<SnapshotResult> {
  const tables: Record<string, SnapshotTable> = {};
  for (const { validation: v, contract } of inputs) {
    tables[v.table] = {
      file: `${v.table}.parquet`,
      rows: v.accepted,
      quarantined: v.quarantined,
      columns: snapshotColumns(contract),
      contentHash: await tableContentHash(duck, v.duckTables.accepted, contract),
      contractHash: contractHash(contract),
      contract,
      source: { path: v.file, sha256: v.format.sha256, bytes: v.format.bytes },
    };
    onStep?.();
  }
  const datasetHash = datasetHashOf(tables);
  const dir = snapshotDir(stateDir, datasetHash);
  if (existsSync(join(dir, 'manifest.json'))) return { manifest: await readManifest(stateDir, datasetHash), dir, created: false };
  const tmp = join(stateDir, 'datasets', `.${datasetHash}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(tmp, { recursive: true });
    for (const { validation: v, contract } of inputs) {
      const cols = contract.columns.map((c) => ident(c.name)).join(', ');
      await duck.run(`copy (select ${cols} from ${ident(v.duckTables.accepted)} order by _row) to ${literal(join(tmp, tables[v.table]!.file))} (format parquet)`);
      onStep?.();
    }
    const manifest: SnapshotManifest = { formatVersion: SNAPSHOT_FORMAT, datasetHash, createdAt: new Date().toISOString(), tables };
    await atomicWrite(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another ingest of the same data won the race: its folder is equivalent.
      if (existsSync(join(dir, 'manifest.json'))) {
        await rm(tmp, { recursive: true, force: true });
        return { manifest: await readManifest(stateDir, datasetHash), dir, created: false };
      }
      throw e;
    }
    return { manifest, dir, created: true };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string' && (e as { code: string }).code.startsWith('FW_ERR_')) throw e;
    throw CoreErrors.FW_ERR_CORE_IO(`could not write dataset snapshot ${dir}: ${(e as Error).message.split('\n')[0]}`, undefined, e);
  }
}
