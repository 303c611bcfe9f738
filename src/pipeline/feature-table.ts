import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { openDuck, literal, type Duck } from '../data/duckdb.js';
import { loadFeatureSpec } from '../features/spec-io.js';
import { toDataset, type FeatureDataset } from '../features/dataset.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';

/**
 * How pipeline steps hand the feature table to each other: `features.parquet` + the frozen `spec.json` in the
 * features step's cache folder. Later steps open their own DuckDB, read it back and extract typed arrays.
 */
export const FEATURES_FILE = 'features.parquet';
export const SPEC_FILE = 'spec.json';

export async function loadFeatureTable(dir: string, duck?: Duck): Promise<{ spec: ResolvedFeatureSpec; data: FeatureDataset }> {
  const own = !duck;
  const db = duck ?? (await openDuck());
  try {
    const spec = await loadFeatureSpec(join(dir, SPEC_FILE));
    await db.run(`create or replace view features as select * from read_parquet(${literal(join(dir, FEATURES_FILE))})`);
    const data = await toDataset(db, 'features', spec);
    return { spec, data };
  } finally {
    if (own) db.close();
  }
}

/** Row-index sets as raw little-endian int32 files (a 300k-row split is 1.2 MB, read back with no parsing). */
export async function writeIndices(path: string, idx: Int32Array): Promise<void> {
  await writeFile(path, new Uint8Array(idx.buffer, idx.byteOffset, idx.byteLength));
}

export async function readIndices(path: string): Promise<Int32Array> {
  const b = await readFile(path);
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
