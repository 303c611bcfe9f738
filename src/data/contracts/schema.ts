import { z } from 'zod';
import { zodToFieldErrors } from '../../config/field-errors.js';
import { DataErrors } from '../errors.js';
import { parseFrequency } from './frequency.js';

/**
 * A data contract: what one table must look like. Column names are kept exactly as the file writes them
 * (`Hydraulic_Pressure(bar)`, `Packet_Loss_%`); every SQL use quotes them with ident().
 *
 * Two kinds of range: `min`/`max` are hard limits (a row outside is quarantined), `plausible` is a soft band (a row
 * outside is reported as a warning and kept). Real sensor data contains physically odd readings (a negative hydraulic
 * pressure from a drifting gauge); dropping them silently would hide the problem, keeping them unflagged too.
 */
export const COLUMN_TYPES = ['number', 'integer', 'string', 'category', 'timestamp', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

const finite = z.number().refine((n) => Number.isFinite(n), { message: 'a finite number' });

export const columnSchema = z
  .object({
    name: z.string().min(1),
    type: z.enum(COLUMN_TYPES),
    /** strptime format(s) for timestamps (`%d-%m-%Y %H:%M`); several are tried in order. Default: ISO 8601. */
    format: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    unit: z.string().min(1).optional(),
    description: z.string().optional(),
    nullable: z.boolean().default(false),
    min: finite.optional(),
    max: finite.optional(),
    plausible: z.object({ min: finite.optional(), max: finite.optional() }).strict().optional(),
    categories: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.format !== undefined && c.type !== 'timestamp') ctx.addIssue({ code: 'custom', path: ['format'], message: `format only applies to type timestamp (this column is ${c.type})` });
    if (c.categories !== undefined && c.type !== 'category') ctx.addIssue({ code: 'custom', path: ['categories'], message: `categories only apply to type category (this column is ${c.type})` });
    if (c.type === 'category' && c.categories === undefined) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'a category column needs its list of categories' });
    if (c.categories && new Set(c.categories).size !== c.categories.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'categories must be distinct' });
    const numeric = c.type === 'number' || c.type === 'integer';
    for (const k of ['min', 'max', 'plausible'] as const) {
      if (c[k] !== undefined && !numeric) ctx.addIssue({ code: 'custom', path: [k], message: `${k} only applies to number/integer columns (this column is ${c.type})` });
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${c.max}) must be >= min (${c.min})` });
    const p = c.plausible;
    if (p?.min !== undefined && p.max !== undefined && p.min > p.max) ctx.addIssue({ code: 'custom', path: ['plausible', 'max'], message: `plausible.max (${p.max}) must be >= plausible.min (${p.min})` });
  });

export const contractSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Field delimiter: one character. */
    delimiter: z.string().length(1).default(','),
    columns: z.array(columnSchema).min(1).max(4096),
    /** Columns whose values together identify a row; later repeats are quarantined (rule `unique`). */
    unique: z.array(z.string().min(1)).min(1).optional(),
    /** The event-time column (type timestamp). */
    time: z.string().min(1).optional(),
    /** The machine / asset column. */
    entity: z.string().min(1).optional(),
    /** Expected spacing of `time` per entity, e.g. `1h`, `15m`, `1d`; gaps are reported. */
    frequency: z.string().optional(),
    /** Target column for supervised learning, if the table carries one. */
    label: z.string().min(1).optional(),
    /** Columns in the file that the contract does not list: refuse the file (default) or drop them. */
    extraColumns: z.enum(['error', 'ignore']).default('error'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.columns.forEach((col, i) => {
      // DuckDB identifiers are case-insensitive, so `Volt` and `volt` would collide in SQL.
      const k = col.name.toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `column ${JSON.stringify(col.name)} is listed twice (names are compared case-insensitively)` });
      seen.set(k, i);
    });
    const byName = new Map(c.columns.map((col) => [col.name, col]));
    const ref = (field: 'time' | 'entity' | 'label', name: string | undefined): void => {
      if (name !== undefined && !byName.has(name)) ctx.addIssue({ code: 'custom', path: [field], message: `column ${JSON.stringify(name)} is not among the contract's columns` });
    };
    ref('time', c.time);
    ref('entity', c.entity);
    ref('label', c.label);
    c.unique?.forEach((u, i) => {
      if (!byName.has(u)) ctx.addIssue({ code: 'custom', path: ['unique', i], message: `column ${JSON.stringify(u)} is not among the contract's columns` });
    });
    if (c.time !== undefined && byName.get(c.time) && byName.get(c.time)!.type !== 'timestamp') ctx.addIssue({ code: 'custom', path: ['time'], message: `the time column must have type timestamp (${c.time} is ${byName.get(c.time)!.type})` });
    if (c.frequency !== undefined) {
      if (c.time === undefined) ctx.addIssue({ code: 'custom', path: ['frequency'], message: 'frequency needs a time column' });
      if (parseFrequency(c.frequency) === undefined) ctx.addIssue({ code: 'custom', path: ['frequency'], message: 'a duration like 30s, 15m, 1h, 1d or 1w' });
    }
  });

export type ContractInput = z.input<typeof contractSchema>;
export type Contract = z.output<typeof contractSchema>;
export type ColumnContract = z.output<typeof columnSchema>;

/** Validate an untrusted contract object; field errors name the path (`columns[2].max`). */
export function parseContract(raw: unknown, source: string): Contract {
  const r = contractSchema.safeParse(raw);
  if (!r.success) {
    const errors = zodToFieldErrors(r.error, raw);
    throw DataErrors.FW_ERR_DATA_CONTRACT_INVALID(`contract ${source} is invalid:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`, { errors });
  }
  return r.data;
}

/** Timestamp formats of a column as a list (default ISO, with or without seconds / a `T`). */
export function timestampFormats(c: ColumnContract): string[] | undefined {
  if (c.format === undefined) return undefined;
  return Array.isArray(c.format) ? c.format : [c.format];
}
