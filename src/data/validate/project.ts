import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../config/load.js';
import type { Duck } from '../duckdb.js';
import { openDuck } from '../duckdb.js';
import { DataErrors } from '../errors.js';
import { resolveContract } from '../contracts/registry.js';
import type { Contract } from '../contracts/schema.js';
import { dataSection, type DataSection } from '../config.js';
import { createProgress, type ProgressOptions } from '../../core/progress.js';
import { validateTable, VALIDATION_PHASES, type TableValidation } from './validate-table.js';
import { writeJsonReport, writeTableReportFiles, type TableReportFiles } from './report-files.js';

export interface TableResult extends TableValidation {
  /** quarantined / rows. */
  quarantineFraction: number;
  /** False when quarantineFraction exceeds data.maxQuarantineFraction. */
  passed: boolean;
  files?: TableReportFiles;
  contract: Contract;
}

export interface ProjectValidation {
  tables: TableResult[];
  rows: number;
  accepted: number;
  quarantined: number;
  maxQuarantineFraction: number;
  /** Every table within the quarantine threshold. */
  passed: boolean;
  /** Folder holding report.json, <table>.quarantine.csv and <table>.violations.csv (when written). */
  reportDir?: string;
  reportPath?: string;
}

export interface ValidateProjectOptions {
  /** Only these tables (default: all declared). */
  tables?: string[];
  /** Use this DuckDB (ingest keeps the validated tables in it for the snapshot); default: a private in-memory one. */
  duck?: Duck;
  /** Where report files go; default <stateDir>/validation. `false` writes none. */
  reportDir?: string | false;
  progress?: ProgressOptions['mode'];
  examples?: number;
}

/** The project's `data:` section, or a clear error when there is none. */
export function dataConfig(project: Project): DataSection {
  const d = project.config.data;
  if (!d || Object.keys(d.tables).length === 0) throw DataErrors.FW_ERR_DATA_NO_TABLES(`${project.configPath}: no tables under data.tables; declare each table with a path and a contract (e.g. contract: azure-pdm/telemetry)`);
  return dataSection.parse(d);
}

export function selectTables(d: DataSection, only: string[] | undefined, source: string): string[] {
  const declared = Object.keys(d.tables);
  if (!only || only.length === 0) return declared;
  for (const t of only) {
    if (!d.tables[t]) throw DataErrors.FW_ERR_DATA_TABLE_UNKNOWN(`table ${JSON.stringify(t)} is not declared under data.tables in ${source}; declared: ${declared.join(', ')}`);
  }
  return only;
}

export interface TableSource {
  table: string;
  file: string;
  contract: Contract;
}

/**
 * The file of a declared table, resolved against the project, or an error naming the config field (the user fixes
 * forewarn.yaml, not the file system). The one existence check for `data validate|ingest` and `forewarn run`.
 */
export function tableFile(project: Project, name: string, path: string): string {
  const file = project.resolve(path);
  if (!existsSync(file)) throw DataErrors.FW_ERR_DATA_FILE_NOT_FOUND(`data.tables.${name}.path: ${file}: no such file`);
  return file;
}

/** Validate every declared table (or some) against its contract; write the report files; never throws on bad rows. */
export async function validateProject(project: Project, opts: ValidateProjectOptions = {}): Promise<ProjectValidation> {
  const d = dataConfig(project);
  const names = selectTables(d, opts.tables, project.configPath);
  const sources: TableSource[] = [];
  for (const name of names) {
    const t = d.tables[name]!;
    const file = tableFile(project, name, t.path);
    sources.push({ table: name, file, contract: await resolveContract(t.contract as string | Record<string, unknown>, project.dir, `data.tables.${name}.contract`) });
  }
  const reportDir = opts.reportDir === false ? false : (opts.reportDir ?? join(project.stateDir, 'validation'));
  return validateSources(sources, { ...opts, reportDir }, d.maxQuarantineFraction, d.maxLineBytes);
}

/** Validate files against contracts without a project (also what validateProject runs). */
export async function validateSources(sources: TableSource[], opts: ValidateProjectOptions = {}, maxQuarantineFraction = 0.01, maxLineBytes?: number): Promise<ProjectValidation> {
  const duck = opts.duck ?? (await openDuck());
  const reportDir = opts.reportDir === false || opts.reportDir === undefined ? undefined : opts.reportDir;
  // One step per phase per table, plus one for its report files: DuckDB phases dominate large files.
  const steps = VALIDATION_PHASES.length + 1;
  const progress = createProgress(`data validate (${sources.length} table${sources.length === 1 ? '' : 's'})`, sources.length * steps, opts.progress ? { mode: opts.progress } : {});
  try {
    const tables: TableResult[] = [];
    for (const { table: name, file, contract } of sources) {
      const v = await validateTable(duck, name, file, contract, { ...(maxLineBytes ? { maxLineBytes } : {}), examples: opts.examples ?? 50, onPhase: () => progress.tick() });
      const fraction = v.rows === 0 ? 0 : v.quarantined / v.rows;
      const r: TableResult = { ...v, contract, quarantineFraction: fraction, passed: fraction <= maxQuarantineFraction };
      if (reportDir) r.files = await writeTableReportFiles(duck, v, reportDir);
      tables.push(r);
      progress.tick();
    }
    progress.finish();
    const out: ProjectValidation = {
      tables,
      rows: tables.reduce((s, t) => s + t.rows, 0),
      accepted: tables.reduce((s, t) => s + t.accepted, 0),
      quarantined: tables.reduce((s, t) => s + t.quarantined, 0),
      maxQuarantineFraction,
      passed: tables.every((t) => t.passed),
    };
    if (reportDir) {
      out.reportDir = reportDir;
      out.reportPath = join(reportDir, 'report.json');
      await writeJsonReport(out.reportPath, reportJson(out));
    }
    return out;
  } finally {
    if (!opts.duck) duck.close();
  }
}

/** The JSON report: everything but DuckDB handles and full contracts (their names / hashes suffice). */
export function reportJson(v: ProjectValidation): unknown {
  return {
    passed: v.passed,
    rows: v.rows,
    accepted: v.accepted,
    quarantined: v.quarantined,
    maxQuarantineFraction: v.maxQuarantineFraction,
    tables: v.tables.map(({ duckTables: _d, contract: _c, ...t }) => t),
  };
}
