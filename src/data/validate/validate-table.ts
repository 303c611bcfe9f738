import type { Duck } from '../duckdb.js';
import { ident, literal } from '../duckdb.js';
import type { Contract } from '../contracts/schema.js';
import { DataErrors } from '../errors.js';
import { preflightCsv, DEFAULT_MAX_LINE_BYTES, type Preflight } from '../csv/preflight.js';
import { checkRawCount, loadRawCsv } from '../csv/load-raw.js';
import { CoreErrors } from '../../core/errors.js';
import { cellRule, parseExpr, parsedColumn, typedValue, ruleExpectation, RULES, type Rule, type Severity } from './cell-rules.js';
import { timeHealth, type TimeHealth } from './time-health.js';

/** One broken rule in one cell (or one row, for `unique`). */
export interface Violation {
  table: string;
  file: string;
  /** Physical line in the file (1 = header). */
  line: number;
  column: string;
  value: string | null;
  rule: Rule;
  severity: Severity;
  expected: string;
}

export interface RuleCount {
  column: string;
  rule: Rule;
  severity: Severity;
  expected: string;
  count: number;
}

export interface TableValidation {
  table: string;
  file: string;
  contractName?: string;
  /** Data rows in the file. Always rows = accepted + quarantined. */
  rows: number;
  accepted: number;
  quarantined: number;
  /** Accepted rows that carry at least one warning. */
  warnedRows: number;
  errorCount: number;
  warningCount: number;
  counts: RuleCount[];
  /** The first violations in file order (all of them go to the violations file). */
  examples: Violation[];
  health?: TimeHealth;
  /** Columns present in the file but not in the contract, dropped because the contract says extraColumns: ignore. */
  droppedColumns: string[];
  /** The file's columns in file order (what the quarantine file carries). */
  fileColumns: string[];
  /** Wall time per phase in ms (pre-flight, load, rules, accepted, health...). */
  timings: Record<string, number>;
  format: { bom: boolean; crlf: number; lf: number; blankLines: number; bytes: number; sha256: string };
  /** DuckDB temp tables holding this validation's data, valid while the Duck is open. */
  duckTables: { raw: string; violations: string; accepted: string; lines: string };
}

export interface ValidateTableOptions {
  maxLineBytes?: number;
  /** How many violations to keep in `examples`. */
  examples?: number;
  /** Called after each of the VALIDATION_PHASES phases (for progress bars). */
  onPhase?: (phase: string) => void;
}

/** Phases validateTable reports through onPhase, in order. */
export const VALIDATION_PHASES = ['preflight', 'load+parse', 'rules', 'accepted', 'counts', 'health'] as const;

const ERROR_RULES = Object.entries(RULES).filter(([, s]) => s === 'error').map(([r]) => r);
const errorRuleList = `(${ERROR_RULES.map(literal).join(', ')})`;

function checkHeader(p: Pick<Preflight, 'file' | 'header'>, line: number, contract: Contract): string[] {
  const have = new Set(p.header);
  const want = new Set(contract.columns.map((c) => c.name));
  const missing = contract.columns.map((c) => c.name).filter((n) => !have.has(n));
  const extra = p.header.filter((h) => !want.has(h));
  if (missing.length === 0 && (extra.length === 0 || contract.extraColumns === 'ignore')) return extra;
  const hint = (n: string): string => {
    const near = p.header.find((h) => h.trim().toLowerCase() === n.trim().toLowerCase());
    return near !== undefined ? ` (the file has ${JSON.stringify(near)}: names must match exactly)` : '';
  };
  const parts: string[] = [];
  if (missing.length) parts.push(`missing column(s) ${missing.map((m) => JSON.stringify(m) + hint(m)).join(', ')}`);
  if (extra.length) parts.push(`column(s) not in the contract ${extra.map((x) => JSON.stringify(x)).join(', ')} (list them in the contract or set extraColumns: ignore)`);
  throw DataErrors.FW_ERR_DATA_HEADER_MISMATCH(`${p.file} line ${line}: header does not match contract ${contract.name ?? '(inline)'}: ${parts.join('; ')}`, { file: p.file, missing, extra });
}

/**
 * Validate one CSV file against its contract inside `duck`. Structural problems throw (FwError naming file and
 * line); cell-level problems become violations: error rules quarantine the row, warnings keep it.
 */
export async function validateTable(duck: Duck, table: string, file: string, contract: Contract, opts: ValidateTableOptions = {}): Promise<TableValidation> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (k: string): void => {
    const now = performance.now();
    timings[k] = Math.round(now - t0);
    t0 = now;
    opts.onPhase?.(k);
  };
  const safe = table.replace(/[^A-Za-z0-9_]/g, '_');
  const names = { raw: `__fw_${safe}_raw`, violations: `__fw_${safe}_viol`, accepted: `__fw_${safe}_accepted`, lines: `__fw_${safe}_lines` };
  // DuckDB starts loading as soon as the pre-flight has read the header, and works while the scan goes on; the load
  // only counts if the scan then passes. Rows land as text with each cell parsed exactly once (`__fw_p<i>`) next
  // to it; every rule and the accepted table read the parsed columns instead of re-parsing.
  let dropped: string[] = [];
  let load: Promise<void> | undefined;
  let p: Preflight;
  try {
    p = await preflightCsv(file, {
      delimiter: contract.delimiter,
      maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      expectedColumns: contract.columns.length,
      onHeader: (header, line) => {
        dropped = checkHeader({ file, header }, line, contract);
        load = loadRawCsv(duck, names.raw, { file, header }, contract.delimiter, contract.columns.map((c, i) => `${parseExpr(c)} as ${parsedColumn(i)}`), line);
        load.catch(() => undefined); // awaited below; the scan's verdict comes first
      },
    });
  } catch (e) {
    if (load) await (load as Promise<void>).catch(() => undefined);
    throw e;
  }
  lap('preflight');
  await load!;
  await checkRawCount(duck, names.raw, p);
  lap('load+parse');
  const raw = ident(names.raw);

  await duck.run(`create or replace temp table ${ident(names.lines)} (_row BIGINT, _off BIGINT)`);
  // Usually one row (every record on its own line); a file with a multi-line value in every row has one per row,
  // so use DuckDB's appender rather than SQL text.
  const app = await duck.connection.createAppender(names.lines, 'main', 'temp');
  try {
    for (let i = 0; i < p.breakRows.length; i++) {
      app.appendBigInt(BigInt(p.breakRows[i]!));
      app.appendBigInt(BigInt(p.breakOffsets[i]!));
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }

  // One scan per column; a cell yields at most one rule (see cell-rules.ts).
  const perColumn = contract.columns.map(
    (c, i) => `select rowid as _row, ${i}::INTEGER as _col, ${literal(c.name)} as col, ${ident(c.name)} as value, ${cellRule(c, i)} as rule from ${raw}`,
  );
  await duck.run(`create or replace temp table ${ident(names.violations)} as
    select * from (${perColumn.join(' union all ')}) where rule is not null`);
  if (contract.unique) {
    const idx = new Map(contract.columns.map((c, i) => [c.name, i]));
    const keys = contract.unique.map((k) => parsedColumn(idx.get(k)!));
    const shown = contract.unique.map((k) => `coalesce(${ident(k)}, '')`).join(`, ', ', `);
    await duck.run(`insert into ${ident(names.violations)}
      select _row, ${contract.columns.length}::INTEGER, ${literal(contract.unique.join(', '))}, shown, 'unique' from (
        select rowid as _row, concat(${shown}) as shown, row_number() over (partition by ${keys.join(', ')} order by rowid) as rn from ${raw}
      ) where rn > 1`);
  }
  const viol = ident(names.violations);
  lap('rules');

  await duck.run(`create or replace temp table ${ident(names.accepted)} as
    select rowid as _row, ${contract.columns.map((c, i) => `${typedValue(c, i)} as ${ident(c.name)}`).join(', ')}
    from ${raw} where rowid not in (select _row from ${viol} where rule in ${errorRuleList})
    order by rowid`);
  lap('accepted');

  const [tot] = await duck.all<{ accepted: number; quarantined: number; warned: number; errors: number; warnings: number }>(`
    select (select count(*) from ${ident(names.accepted)})::bigint as accepted,
      (select count(distinct _row) from ${viol} where rule in ${errorRuleList})::bigint as quarantined,
      (select count(distinct _row) from ${viol} where rule not in ${errorRuleList} and _row not in (select _row from ${viol} where rule in ${errorRuleList}))::bigint as warned,
      (select count(*) from ${viol} where rule in ${errorRuleList})::bigint as errors,
      (select count(*) from ${viol} where rule not in ${errorRuleList})::bigint as warnings`);
  const accepted = Number(tot!.accepted);
  const quarantined = Number(tot!.quarantined);
  if (accepted + quarantined !== p.records) {
    throw CoreErrors.FW_ERR_CORE_INTERNAL(`${file}: reconciliation failed: ${accepted} accepted + ${quarantined} quarantined != ${p.records} rows read`);
  }

  const colByName = new Map(contract.columns.map((c) => [c.name, c]));
  const expectation = (col: string, rule: Rule): string => {
    const c = colByName.get(col);
    if (rule === 'unique' || !c) return `no earlier row with the same (${col})`;
    return ruleExpectation(c, rule);
  };
  const countsRaw = await duck.all<{ col: string; rule: Rule; n: number }>(`select col, rule, count(*)::bigint as n from ${viol} group by col, rule, _col order by _col, rule`);
  const counts: RuleCount[] = countsRaw.map((c) => ({ column: c.col, rule: c.rule, severity: RULES[c.rule], expected: expectation(c.col, c.rule), count: Number(c.n) }));
  const ex = await duck.all<{ line: number; col: string; value: string | null; rule: Rule }>(`
    select v._row + 2 + l._off as line, v.col, v.value, v.rule
    from (select * from ${viol} order by _row, _col limit ${opts.examples ?? 50}) v asof join ${ident(names.lines)} l on v._row >= l._row
    order by v._row, v._col`);
  lap('counts');
  const health = await timeHealth(duck, names.accepted, contract);
  lap('health');
  return {
    table,
    file,
    ...(contract.name ? { contractName: contract.name } : {}),
    rows: p.records,
    accepted,
    quarantined,
    warnedRows: Number(tot!.warned),
    errorCount: Number(tot!.errors),
    warningCount: Number(tot!.warnings),
    counts,
    examples: ex.map((v) => ({ table, file, line: Number(v.line), column: v.col, value: v.value, rule: v.rule, severity: RULES[v.rule], expected: expectation(v.col, v.rule) })),
    ...(health ? { health } : {}),
    droppedColumns: dropped,
    timings,
    fileColumns: p.header,
    format: { bom: p.bom, crlf: p.crlf, lf: p.lf, blankLines: p.blankLines, bytes: p.bytes, sha256: p.sha256 },
    duckTables: names,
  };
}

/** SQL selecting every violation with its physical line, in file order (for the violations report file). */
export function violationsSql(v: TableValidation): string {
  return `select ${literal(v.table)} as "table", ${literal(v.file)} as file, x._row + 2 + l._off as line, x.col as "column", x.value, x.rule,
      case when x.rule in ${errorRuleList} then 'error' else 'warning' end as severity
    from ${ident(v.duckTables.violations)} x asof join ${ident(v.duckTables.lines)} l on x._row >= l._row
    order by x._row, x._col`;
}

/** SQL selecting quarantined rows: original text columns + `_line` + `_reason`, in file order. */
export function quarantineSql(v: TableValidation): string {
  const cols = v.fileColumns.map((c) => `raw.${ident(c)}`).join(', ');
  return `select r.* exclude (__fw_row, __fw_off, __fw_reasons), r.__fw_row + 2 + r.__fw_off as _line, r.__fw_reasons as _reason from (
      select ${cols}, raw.rowid as __fw_row, l._off as __fw_off, q._reasons as __fw_reasons
      from ${ident(v.duckTables.raw)} raw
      join (select _row, string_agg(col || ': ' || rule || ' (value ' || coalesce('"' || value || '"', 'empty') || ')', '; ' order by _col) as _reasons
            from ${ident(v.duckTables.violations)} where rule in ${errorRuleList} group by _row) q on raw.rowid = q._row
      asof join ${ident(v.duckTables.lines)} l on q._row >= l._row
    ) r order by r.__fw_row`;
}
