import { join } from 'node:path';
import type { Duck } from '../duckdb.js';
import { ident, literal } from '../duckdb.js';
import { readManifest, snapshotDir, type SnapshotManifest } from './manifest.js';

/**
 * Make a snapshot's tables queryable: one view per table, named after it (`telemetry`, `failures`...), reading the
 * Parquet file. Views, not copies, so attaching is instant and the data stays on disk.
 */
export async function attachSnapshot(duck: Duck, manifest: SnapshotManifest, stateDir: string, opts: { schema?: string } = {}): Promise<string[]> {
  const dir = snapshotDir(stateDir, manifest.datasetHash);
  const prefix = opts.schema ? `${ident(opts.schema)}.` : '';
  if (opts.schema) await duck.run(`create schema if not exists ${ident(opts.schema)}`);
  const names: string[] = [];
  for (const [name, t] of Object.entries(manifest.tables)) {
    await duck.run(`create or replace view ${prefix}${ident(name)} as select * from read_parquet(${literal(join(dir, t.file))})`);
    names.push(name);
  }
  return names;
}

/** Read a snapshot by hash and attach it. */
export async function openSnapshot(duck: Duck, stateDir: string, datasetHash: string): Promise<SnapshotManifest> {
  const m = await readManifest(stateDir, datasetHash);
  await attachSnapshot(duck, m, stateDir);
  return m;
}
