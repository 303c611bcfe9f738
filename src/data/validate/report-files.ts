import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Duck } from '../duckdb.js';
import { literal } from '../duckdb.js';
import { atomicWrite, commitTemp, tempPathFor } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';
import { quarantineSql, violationsSql, type TableValidation } from './validate-table.js';

export interface TableReportFiles {
  /** Quarantined rows: original columns as written + `_line` + `_reason`. */
  quarantine: string;
  /** Every violation (errors and warnings): table, file, line, column, value, rule, severity. */
  violations: string;
}

/** COPY a query to CSV through a temp file + rename, so a reader never sees half a file. */
async function copyCsv(duck: Duck, sql: string, path: string): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await duck.run(`copy (${sql}) to ${literal(tmp)} (format csv, header true)`);
    await commitTemp(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw CoreErrors.FW_ERR_CORE_IO(`could not write ${path}: ${(e as Error).message.split('\n')[0]}`, undefined, e);
  }
}

export async function writeTableReportFiles(duck: Duck, v: TableValidation, dir: string): Promise<TableReportFiles> {
  const files = { quarantine: join(dir, `${v.table}.quarantine.csv`), violations: join(dir, `${v.table}.violations.csv`) };
  await copyCsv(duck, quarantineSql(v), files.quarantine);
  await copyCsv(duck, violationsSql(v), files.violations);
  return files;
}

export async function writeJsonReport(path: string, report: unknown): Promise<void> {
  await atomicWrite(path, JSON.stringify(report, null, 2) + '\n');
}
