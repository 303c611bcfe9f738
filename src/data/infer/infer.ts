import { Document } from 'yaml';
import type { Duck } from '../duckdb.js';
import { ident, literal, openDuck } from '../duckdb.js';
import { preflightCsv, DEFAULT_MAX_LINE_BYTES, type Preflight } from '../csv/preflight.js';
import { loadRawCsv } from '../csv/load-raw.js';
import { parseContract, type Contract, type ContractInput } from '../contracts/schema.js';
import { isFwError } from '../../core/errors.js';
import { parseExpr } from '../validate/cell-rules.js';

/**
 * Draft a contract from a file: types, nullability, observed ranges (as `plausible` bands: what was seen is not a
 * physical law, so hard limits are left to the user), categories for low-cardinality text, the likely time and
 * entity columns, the sampling frequency and a unique key when (entity, time) is unique. A draft to review, not a
 * verdict: the YAML says so.
 */
export interface InferOptions {
  delimiter?: string;
  name?: string;
  /** Text columns with at most this many distinct values (and mostly repeats) become categories. */
  maxCategories?: number;
  maxLineBytes?: number;
}

export interface InferredContract {
  contract: Contract;
  yaml: string;
  rows: number;
  notes: string[];
}

const TIMESTAMP_FORMATS = [
  '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d',
  '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y',
  '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y',
  '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y',
  '%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y',
];
const ENTITY_NAME = /(^|_|\s)id$|id$|machine|asset|unit|device|equipment|sensor/i;
const BOOL_WORDS = ['true', 'false', 't', 'f', 'yes', 'no', 'y', 'n'];

async function scan(file: string, opts: InferOptions): Promise<{ p: Preflight; delimiter: string }> {
  if (opts.delimiter) return { p: await preflightCsv(file, { delimiter: opts.delimiter, maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES }), delimiter: opts.delimiter };
  // No delimiter given: a comma unless the header says otherwise (the wrong-delimiter error names the right one).
  try {
    return { p: await preflightCsv(file, { delimiter: ',', maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES }), delimiter: ',' };
  } catch (e) {
    const m = isFwError(e) ? /looks "(.)"-delimited/.exec(e.message) : null;
    if (!m) throw e;
    const d = JSON.parse(`"${m[1]}"`) as string;
    return { p: await preflightCsv(file, { delimiter: d, maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES }), delimiter: d };
  }
}

/** Round to 6 significant digits, outward, so the observed extremes stay inside the band. */
function roundOut(n: number, dir: 'down' | 'up'): number {
  if (n === 0 || Number(n.toPrecision(6)) === n) return n;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(n))) - 5);
  const r = (dir === 'down' ? Math.floor(n / scale) : Math.ceil(n / scale)) * scale;
  return Number(r.toPrecision(6));
}

export async function inferContract(file: string, opts: InferOptions = {}, duckIn?: Duck): Promise<InferredContract> {
  const { p, delimiter } = await scan(file, opts);
  const duck = duckIn ?? (await openDuck());
  const notes: string[] = [];
  try {
    const raw = '__fw_infer_raw';
    await loadRawCsv(duck, raw, p, delimiter, [], p.headerLine);
    const columns: ContractInput['columns'] = [];
    const maxCat = opts.maxCategories ?? 20;
    for (const h of p.header) {
      const t = `nullif(trim(${ident(h)}), '')`;
      const [s] = await duck.all<Record<string, number | null>>(`select count(${t})::bigint as n, count(*)::bigint as total,
          count(try_cast(${t} as DOUBLE))::bigint as num, count(*) filter (where try_cast(${t} as DOUBLE) = round(try_cast(${t} as DOUBLE)))::bigint as ints,
          min(try_cast(${t} as DOUBLE)) as lo, max(try_cast(${t} as DOUBLE)) as hi, count(distinct ${t})::bigint as distinct_n,
          count(*) filter (where lower(${t}) in (${BOOL_WORDS.map(literal).join(', ')}))::bigint as bools
        from ${ident(raw)}`);
      const n = Number(s!.n);
      const nullable = n < Number(s!.total);
      const base = { name: h };
      const nul = nullable ? { nullable: true } : {};
      if (n === 0) {
        columns.push({ ...base, type: 'string', nullable: true });
        notes.push(`${h}: every cell is empty; typed as string`);
        continue;
      }
      if (Number(s!.num) === n && Number.isFinite(s!.lo) && Number.isFinite(s!.hi)) {
        const integer = Number(s!.ints) === n;
        columns.push({ ...base, type: integer ? 'integer' : 'number', ...nul, plausible: { min: roundOut(s!.lo as number, 'down'), max: roundOut(s!.hi as number, 'up') } });
        continue;
      }
      let format: string | undefined;
      for (const f of TIMESTAMP_FORMATS) {
        const [r] = await duck.all<{ ok: number }>(`select count(try_strptime(${t}, ${literal(f)}))::bigint as ok from ${ident(raw)}`);
        if (Number(r!.ok) === n) { format = f; break; }
      }
      if (format) {
        columns.push({ ...base, type: 'timestamp', format, ...nul });
        continue;
      }
      // No single strptime format: ISO 8601 with zones or mixed precision still parses without one.
      const iso = parseExpr(parseContract({ columns: [{ name: h, type: 'timestamp' }] }, 'probe').columns[0]!);
      const [isoOk] = await duck.all<{ ok: number }>(`select count(${iso})::bigint as ok from ${ident(raw)}`);
      if (Number(isoOk!.ok) === n) {
        columns.push({ ...base, type: 'timestamp', ...nul });
        continue;
      }
      if (Number(s!.bools) === n) {
        columns.push({ ...base, type: 'boolean', ...nul });
        continue;
      }
      const distinct = Number(s!.distinct_n);
      // Identifier-like text stays a string even with few values: a new machine must not fail a category rule.
      if (distinct <= maxCat && distinct * 2 <= n && !ENTITY_NAME.test(h)) {
        const cats = await duck.all<{ v: string }>(`select distinct ${t} as v from ${ident(raw)} where ${t} is not null order by 1`);
        columns.push({ ...base, type: 'category', ...nul, categories: cats.map((c) => c.v) });
        continue;
      }
      columns.push({ ...base, type: 'string', ...nul });
    }
    const draft: ContractInput = { name: opts.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''), description: `Drafted by forewarn data infer from ${file.replace(/^.*[\\/]/, '')} (${p.records} rows); review the types, ranges and keys.`, ...(delimiter !== ',' ? { delimiter } : {}), columns };
    const time = columns.find((c) => c.type === 'timestamp' && /time|date/i.test(c.name)) ?? columns.find((c) => c.type === 'timestamp');
    if (time) draft.time = time.name;
    const entity = await pickEntity(duck, raw, columns, p.records, time?.name);
    if (entity) draft.entity = entity;
    if (time) {
      const key = [entity, time.name].filter((x): x is string => !!x);
      const [u] = await duck.all<{ d: number }>(`select count(*)::bigint as d from (select distinct ${key.map((k) => ident(k)).join(', ')} from ${ident(raw)})`);
      if (Number(u!.d) === p.records) draft.unique = key;
      const freq = await inferFrequency(duck, raw, time, entity);
      if (freq) draft.frequency = freq;
    }
    const label = columns.find((c) => c.type === 'category' && /label|target|status|downtime|failure|class|species/i.test(c.name));
    if (label) draft.label = label.name;
    const contract = parseContract(draft, `inferred from ${file}`);
    const doc = new Document(draft);
    doc.commentBefore = ` forewarn data contract drafted from ${file.replace(/^.*[\\/]/, '')}.\n Observed ranges are written as plausible bands (warnings); add min/max for hard limits.`;
    return { contract, yaml: doc.toString({ lineWidth: 0 }), rows: p.records, notes };
  } finally {
    if (!duckIn) duck.close();
    else await duck.run(`drop table if exists __fw_infer_raw`);
  }
}

async function pickEntity(duck: Duck, raw: string, columns: ContractInput['columns'], rows: number, time: string | undefined): Promise<string | undefined> {
  const candidates = columns.filter((c) => (c.type === 'integer' || c.type === 'string' || c.type === 'category') && c.name !== time && ENTITY_NAME.test(c.name));
  for (const c of candidates) {
    const [r] = await duck.all<{ d: number }>(`select count(distinct ${ident(c.name)})::bigint as d from ${ident(raw)}`);
    const d = Number(r!.d);
    if (d >= 1 && d < rows) return c.name;
  }
  return undefined;
}

async function inferFrequency(duck: Duck, raw: string, time: { name: string; format?: string | string[] }, entity: string | undefined): Promise<string | undefined> {
  const t = time.format ? `try_strptime(nullif(trim(${ident(time.name)}), ''), ${literal(time.format as string)})` : parseExpr(parseContract({ columns: [{ name: time.name, type: 'timestamp' }] }, 'probe').columns[0]!);
  const e = entity ? ident(entity) : 'null';
  const rows = await duck.all<{ d: number; n: number; total: number }>(`
    with s as (select epoch_ms(${t}) - epoch_ms(lag(${t}) over (partition by ${e} order by ${t})) as d from ${ident(raw)})
    select d::bigint as d, count(*)::bigint as n, sum(count(*)) over ()::bigint as total from s where d > 0 group by d order by n desc limit 1`);
  const top = rows[0];
  if (!top || Number(top.n) * 2 < Number(top.total)) return undefined;
  const ms = Number(top.d);
  for (const [unit, size] of [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return undefined;
}

