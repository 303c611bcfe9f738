import { ident, literal } from '../duckdb.js';
import type { ColumnContract } from '../contracts/schema.js';
import { timestampFormats } from '../contracts/schema.js';

/**
 * SQL for one column of a raw (all-text) table: the parsed value, and the first rule the cell breaks. One CASE per
 * cell gives at most one violation per cell, in a fixed order (missing → type → finite → integer → hard range →
 * category → plausible band), so a value is never both "not a number" and "below min".
 */

export const RULES = {
  required: 'error',
  type: 'error',
  finite: 'error',
  integer: 'error',
  min: 'error',
  max: 'error',
  category: 'error',
  unique: 'error',
  plausible_min: 'warning',
  plausible_max: 'warning',
} as const;
export type Rule = keyof typeof RULES;
export type Severity = 'error' | 'warning';

const SQL_TYPE: Record<ColumnContract['type'], string> = {
  number: 'DOUBLE',
  integer: 'BIGINT',
  string: 'VARCHAR',
  category: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

export function sqlType(c: ColumnContract): string {
  return SQL_TYPE[c.type];
}

const ISO_WITH_ZONE = '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*([zZ]|[+-]\\d\\d(:?\\d\\d)?)$';
const TRUE = ['true', 't', 'yes', 'y', '1'];
const FALSE = ['false', 'f', 'no', 'n', '0'];
const list = (xs: readonly string[]): string => `[${xs.map(literal).join(', ')}]`;

/** The text of the cell, '' treated as missing (read_csv already gives NULL for an empty unquoted cell). */
function text(c: ColumnContract): string {
  return `nullif(${ident(c.name)}, '')`;
}

/**
 * Parsed value before the final cast: DOUBLE for numeric columns (so ranges and NaN checks see the real value).
 * Evaluated once per cell into a work-table column (see validate-table.ts); no trim() here, it costs more than
 * every other step together on large files, and DuckDB's casts already skip surrounding spaces.
 */
export function parseExpr(c: ColumnContract): string {
  const t = text(c);
  switch (c.type) {
    case 'number':
    case 'integer':
      return `try_cast(${t} as DOUBLE)`;
    case 'timestamp': {
      const f = timestampFormats(c);
      if (f) return `try_strptime(trim(${t}), ${list(f)})`;
      // ISO 8601: a value with a zone (Z, +02:00, -0130) is converted to UTC; a plain cast to TIMESTAMP would drop
      // the offset silently. Values without a zone are taken as written (no zone = local plant time, kept as is).
      return `case when regexp_matches(${t}, ${literal(ISO_WITH_ZONE)}) then timezone('UTC', try_cast(${t} as TIMESTAMPTZ)) else try_cast(${t} as TIMESTAMP) end`;
    }
    case 'boolean':
      return `case when lower(trim(${t})) in (${TRUE.map(literal).join(', ')}) then true when lower(trim(${t})) in (${FALSE.map(literal).join(', ')}) then false end`;
    case 'string':
    case 'category':
      return t;
  }
}

/** The name of the work-table column holding column i's parsed value. */
export function parsedColumn(i: number): string {
  return ident(`__fw_p${i}`);
}

/** The typed value written to the snapshot, from the parsed work column (only rows that passed every error rule). */
export function typedValue(c: ColumnContract, i: number): string {
  return `cast(${parsedColumn(i)} as ${sqlType(c)})`;
}

/** CASE expression yielding the broken rule's name, or NULL when the cell is fine. `p` is the parsed work column. */
export function cellRule(c: ColumnContract, i: number): string {
  const x = ident(c.name);
  const p = parsedColumn(i);
  const missing = c.nullable ? 'null' : `'required'`;
  const whens: string[] = [];
  whens.push(`when ${x} is null or ${x} = '' then ${missing}`);
  // trim() only on the few cells that failed to parse: blank → missing, anything else → wrong type.
  if (c.type !== 'string' && c.type !== 'category') whens.push(`when ${p} is null then case when trim(${x}) = '' then ${missing} else 'type' end`);
  if (c.type === 'number' || c.type === 'integer') {
    whens.push(`when not isfinite(${p}) then 'finite'`);
    if (c.type === 'integer') whens.push(`when ${p} <> round(${p}) or abs(${p}) > 9007199254740991 then 'integer'`);
    if (c.min !== undefined) whens.push(`when ${p} < ${num(c.min)} then 'min'`);
    if (c.max !== undefined) whens.push(`when ${p} > ${num(c.max)} then 'max'`);
    if (c.plausible?.min !== undefined) whens.push(`when ${p} < ${num(c.plausible.min)} then 'plausible_min'`);
    if (c.plausible?.max !== undefined) whens.push(`when ${p} > ${num(c.plausible.max)} then 'plausible_max'`);
  }
  if (c.type === 'category') whens.push(`when ${x} not in (${c.categories!.map(literal).join(', ')}) then 'category'`);
  return `case ${whens.join(' ')} end`;
}

function num(n: number): string {
  return `${n}::DOUBLE`;
}

/** What the rule wanted, for the report. */
export function ruleExpectation(c: ColumnContract, rule: Rule): string {
  switch (rule) {
    case 'required': return 'a value (column is not nullable)';
    case 'type': {
      if (c.type === 'timestamp') return `a timestamp${timestampFormats(c) ? ` in format ${timestampFormats(c)!.join(' or ')}` : ' (ISO 8601)'}`;
      if (c.type === 'boolean') return `a boolean (${TRUE.join('/')} or ${FALSE.join('/')})`;
      return `a ${c.type === 'integer' ? 'whole number' : 'number'}`;
    }
    case 'finite': return 'a finite number (not NaN / Infinity)';
    case 'integer': return 'a whole number';
    case 'min': return `>= ${c.min}${c.unit ? ` ${c.unit}` : ''}`;
    case 'max': return `<= ${c.max}${c.unit ? ` ${c.unit}` : ''}`;
    case 'plausible_min': return `plausibly >= ${c.plausible?.min}${c.unit ? ` ${c.unit}` : ''} (warning; row kept)`;
    case 'plausible_max': return `plausibly <= ${c.plausible?.max}${c.unit ? ` ${c.unit}` : ''} (warning; row kept)`;
    case 'category': return `one of ${c.categories!.join(', ')}`;
    case 'unique': return 'a unique key';
  }
}
