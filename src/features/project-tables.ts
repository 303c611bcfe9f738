import { existsSync } from 'node:fs';
import type { Duck } from '../data/duckdb.js';
import { ident, literal } from '../data/duckdb.js';
import type { Project } from '../config/load.js';
import { CoreErrors } from '../core/errors.js';
import { FeatureErrors } from './errors.js';

/**
 * Stand-in so the `features` commands work on a project before the data layer's ingest exists in this branch: one
 * DuckDB view per `data.tables` entry, straight from the file (CSV or Parquet), with no contract validation. When the
 * data layer provides validated views, the commands should use those instead; nothing else here depends on this.
 */
export async function attachProjectTables(duck: Duck, project: Project): Promise<string[]> {
  const tables = project.config.data?.tables ?? {};
  const names = Object.keys(tables);
  if (names.length === 0) throw FeatureErrors.FW_ERR_FEATURES_UNKNOWN_TABLE(`${project.configPath}: data.tables is empty; declare the tables the features read`);
  for (const name of names) {
    const path = project.resolve(tables[name]!.path);
    if (!existsSync(path)) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`data.tables.${name}.path: ${path} does not exist`);
    const reader = /\.parquet$/i.test(path) ? `read_parquet(${literal(path)})` : `read_csv(${literal(path)}, header = true)`;
    try {
      await duck.run(`create or replace view ${ident(name)} as select * from ${reader}`);
      await duck.run(`select * from ${ident(name)} limit 0`);
    } catch (e) {
      throw CoreErrors.FW_ERR_CORE_IO(`data.tables.${name}: could not read ${path}: ${(e as Error).message.split('\n')[0]}`, undefined, e);
    }
  }
  return names;
}
