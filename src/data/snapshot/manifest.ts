import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Contract } from '../contracts/schema.js';
import { DataErrors } from '../errors.js';
import { hashJson } from '../../core/hash.js';

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotTable {
  /** File name inside the snapshot folder. */
  file: string;
  rows: number;
  quarantined: number;
  columns: { name: string; type: string; sqlType: string; unit?: string }[];
  contentHash: string;
  contractHash: string;
  contract: Contract;
  /** The file the rows came from when this snapshot was first written (equal content from another file maps here too). */
  source: { path: string; sha256: string; bytes: number };
}

/** manifest.json of a dataset snapshot: `<stateDir>/datasets/<datasetHash>/`. */
export interface SnapshotManifest {
  formatVersion: number;
  datasetHash: string;
  createdAt: string;
  tables: Record<string, SnapshotTable>;
}

/** The dataset hash covers what the data is (columns, rows, content, contract), not where it came from or when. */
export function datasetHashOf(tables: Record<string, Pick<SnapshotTable, 'columns' | 'rows' | 'contentHash' | 'contractHash'>>): string {
  const canon: Record<string, unknown> = {};
  for (const name of Object.keys(tables).sort()) {
    const t = tables[name]!;
    canon[name] = { columns: t.columns, rows: t.rows, contentHash: t.contentHash, contractHash: t.contractHash };
  }
  return hashJson({ formatVersion: SNAPSHOT_FORMAT, tables: canon });
}

export function snapshotDir(stateDir: string, datasetHash: string): string {
  return join(stateDir, 'datasets', datasetHash);
}

/** Read and check a snapshot's manifest (every Parquet file present, hash consistent). */
export async function readManifest(stateDir: string, datasetHash: string): Promise<SnapshotManifest> {
  if (!/^[0-9a-f]{64}$/.test(datasetHash)) throw DataErrors.FW_ERR_DATA_SNAPSHOT_NOT_FOUND(`${JSON.stringify(datasetHash)} is not a dataset hash (64 hex digits)`);
  const dir = snapshotDir(stateDir, datasetHash);
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw DataErrors.FW_ERR_DATA_SNAPSHOT_NOT_FOUND(`no dataset snapshot ${datasetHash} under ${join(stateDir, 'datasets')}; run \`forewarn data ingest\``);
  let m: SnapshotManifest;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as SnapshotManifest;
  } catch (e) {
    throw DataErrors.FW_ERR_DATA_SNAPSHOT_CORRUPT(`${path}: not valid JSON (${(e as Error).message})`, undefined, e);
  }
  if (m.datasetHash !== datasetHash || !m.tables || typeof m.tables !== 'object') throw DataErrors.FW_ERR_DATA_SNAPSHOT_CORRUPT(`${path}: manifest does not describe dataset ${datasetHash}`);
  if (datasetHashOf(m.tables) !== datasetHash) throw DataErrors.FW_ERR_DATA_SNAPSHOT_CORRUPT(`${path}: the tables listed do not hash to ${datasetHash}; the manifest was edited`);
  for (const [name, t] of Object.entries(m.tables)) {
    if (!existsSync(join(dir, t.file))) throw DataErrors.FW_ERR_DATA_SNAPSHOT_CORRUPT(`${dir}: table ${name}'s file ${t.file} is missing`);
  }
  return m;
}
