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
 * physical law, so hard limits are left to the user), categories for low-cardinality text, the likely time, entity,
 * label and row-id columns, the sampling frequency and a unique key. A draft to review, not a verdict: the YAML says
 * so, and every guess about a column's role comes with the reason (in `notes` and as a comment in the YAML).
 *
 * Roles are read from the data, names only break ties or add weight (a name alone once made a 0/1 "Machine failure"
 * label the entity column):
 *   - id: every value distinct — text, or integers that are named like an id or run through a contiguous range. Not
 *     a feature; it becomes the unique key when nothing better is.
 *   - label: few distinct values (2 … 20), and named like a target and/or the last column (the usual layout of a
 *     table made for learning). Integer codes count only with a target-like name; names ending in "id" never.
 *   - entity: with a time column only — values repeated over time: at least two values, most seen at several times;
 *     named like machine/asset/unit/…id, or text that explains repeated timestamps ((value, time) ≥ 90 % unique
 *     while times repeat). A mode column of a one-machine log or an integer measurement is never the entity.
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
const ID_NAME = /^(id|uid|udi|index|idx|row|row_?id|row_?num(ber)?|record|key|no|n|#)$|(^|[_\s])(id|uid|udi|index|idx)$/i;
const TARGET_NAME = /label|target|status|downtime|failure|failed|fault|broken|class|species|outcome|defect|anomal|churn|^y$/i;
/** Label candidates have at most this many distinct values. */
const MAX_LABEL_VALUES = 20;
/** (entity, time) pairs must be at least this unique for a column without an entity-like name to be the entity. */
const ENTITY_PAIR_UNIQUE = 0.9;
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
    const stats = new Map<string, { distinct: number; n: number; lo: number | null; hi: number | null }>();
    const maxCat = opts.maxCategories ?? 20;
    for (const h of p.header) {
      const t = `nullif(trim(${ident(h)}), '')`;
      const [s] = await duck.all<Record<string, number | null>>(`select count(${t})::bigint as n, count(*)::bigint as total,
          count(try_cast(${t} as DOUBLE))::bigint as num, count(*) filter (where try_cast(${t} as DOUBLE) = round(try_cast(${t} as DOUBLE)))::bigint as ints,
          min(try_cast(${t} as DOUBLE)) as lo, max(try_cast(${t} as DOUBLE)) as hi, count(distinct ${t})::bigint as distinct_n,
          count(*) filter (where lower(${t}) in (${BOOL_WORDS.map(literal).join(', ')}))::bigint as bools
        from ${ident(raw)}`);
      const n = Number(s!.n);
      stats.set(h, { distinct: Number(s!.distinct_n), n, lo: s!.lo, hi: s!.hi });
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
    const why: Record<string, string> = {};
    if (time) why.time = `${time.name}: ${time.type === 'timestamp' && /time|date/i.test(time.name) ? 'a timestamp column named like a time' : 'the first timestamp column'}`;
    const ids = idColumns(columns, stats, p.records);
    for (const id of ids) notes.push(`id ${id.name}: ${id.reason}; not a feature`);
    const idNames = new Set(ids.map((i) => i.name));
    const label = pickLabel(columns, stats, idNames, time?.name);
    if (label) { draft.label = label.name; why.label = `${label.name}: ${label.reason}`; }
    const entity = time ? await pickEntity(duck, raw, columns, stats, p.records, time.name, new Set([...idNames, ...(label ? [label.name] : [])])) : undefined;
    if (entity) { draft.entity = entity.name; why.entity = `${entity.name}: ${entity.reason}`; }
    if (time) {
      const key = [entity?.name, time.name].filter((x): x is string => !!x);
      const [u] = await duck.all<{ d: number }>(`select count(*)::bigint as d from (select distinct ${key.map((k) => ident(k)).join(', ')} from ${ident(raw)})`);
      if (Number(u!.d) === p.records) { draft.unique = key; why.unique = `(${key.join(', ')}) is unique in every row`; }
      const freq = await inferFrequency(duck, raw, time, entity?.name);
      if (freq) draft.frequency = freq;
    }
    if (!draft.unique && ids.length) { draft.unique = [ids[0]!.name]; why.unique = `${ids[0]!.name} is a row id (${ids[0]!.reason})`; }
    if (!time) notes.push('time: no column parses as timestamps in every row, so no time (and no entity: an entity is a value repeated over time)');
    else if (!entity) notes.push('entity: no column repeats its values over time with (value, time) unique, so the table is one entity');
    if (!label) notes.push(`label: no column with 2–${MAX_LABEL_VALUES} distinct values is named like a target or sits last; set label: yourself if there is one`);
    for (const k of ['time', 'entity', 'label', 'unique'] as const) if (why[k]) notes.push(`${k} ${why[k]}`);
    const contract = parseContract(draft, `inferred from ${file}`);
    const doc = new Document(draft);
    doc.commentBefore = ` forewarn data contract drafted from ${file.replace(/^.*[\\/]/, '')}.\n Observed ranges are written as plausible bands (warnings); add min/max for hard limits.${ids.length ? `\n Row ids (not features): ${ids.map((i) => `${i.name} (${i.reason})`).join('; ')}.` : ''}`;
    for (const [k, text] of Object.entries(why)) commentKey(doc, k, ` guessed: ${text}`);
    return { contract, yaml: doc.toString({ lineWidth: 0 }), rows: p.records, notes };
  } finally {
    if (!duckIn) duck.close();
    else await duck.run(`drop table if exists __fw_infer_raw`);
  }
}

type ColumnStats = Map<string, { distinct: number; n: number; lo: number | null; hi: number | null }>;
interface Role { name: string; reason: string }

/** Columns whose every value is distinct and that look like identifiers rather than measurements. */
export function idColumns(columns: ContractInput['columns'], stats: ColumnStats, rows: number): Role[] {
  const out: Role[] = [];
  if (rows < 2) return out;
  for (const c of columns) {
    const s = stats.get(c.name);
    if (!s || s.n !== rows || s.distinct !== rows) continue;
    if (c.type === 'string') out.push({ name: c.name, reason: `${rows} distinct text values in ${rows} rows` });
    else if (c.type === 'integer') {
      const contiguous = s.lo !== null && s.hi !== null && s.hi - s.lo + 1 === rows;
      if (contiguous || ID_NAME.test(c.name)) out.push({ name: c.name, reason: `unique integers${contiguous ? ` running ${s.lo}…${s.hi} without gaps` : ''}${ID_NAME.test(c.name) ? ', named like an id' : ''}` });
    }
  }
  return out;
}

/** The likely label: few distinct values, target-like name and/or last column (see the header). */
export function pickLabel(columns: ContractInput['columns'], stats: ColumnStats, ids: ReadonlySet<string>, time: string | undefined): Role | undefined {
  let best: (Role & { score: number }) | undefined;
  columns.forEach((c, i) => {
    if (ids.has(c.name) || c.name === time || /id$/i.test(c.name)) return;
    const s = stats.get(c.name);
    if (!s || s.distinct < 2 || s.distinct > MAX_LABEL_VALUES) return;
    const named = TARGET_NAME.test(c.name);
    const last = i === columns.length - 1;
    const textual = c.type === 'category' || c.type === 'boolean' || c.type === 'string';
    // an integer column with few values is as often a count or a code as a label: only with a target-like name
    if (!named && !(last && textual && s.distinct <= 10)) return;
    if (!textual && c.type !== 'integer') return;
    const score = (named ? 2 : 0) + (last ? 1 : 0) + (s.distinct === 2 ? 0.5 : 0);
    if (!best || score > best.score) {
      const parts = [`${s.distinct} distinct values`, ...(named ? ['named like a target'] : []), ...(last ? ['the last column'] : [])];
      best = { name: c.name, reason: parts.join(', '), score };
    }
  });
  return best ? { name: best.name, reason: best.reason } : undefined;
}

/**
 * The entity: a column whose values repeat over time — ≥ 2 values, on average ≥ 2 rows each, and most values seen
 * at more than one time. A column named like an entity (machine, asset, unit, …id; integer or text) qualifies on
 * that. Any other text column must explain the repeated timestamps: several rows share a time (several machines
 * report at once) while (value, time) is ≥ 90 % unique. In a one-machine log every time is already unique, so an
 * operating mode there never becomes the entity; an unnamed integer (a measurement) never does. Named candidates
 * come first, then pair uniqueness.
 */
async function pickEntity(duck: Duck, raw: string, columns: ContractInput['columns'], stats: ColumnStats, rows: number, time: string, exclude: ReadonlySet<string>): Promise<Role | undefined> {
  let best: (Role & { score: number }) | undefined;
  const [tu] = await duck.all<{ d: number }>(`select count(distinct ${ident(time)})::bigint as d from ${ident(raw)}`);
  const timesRepeat = Number(tu!.d) < ENTITY_PAIR_UNIQUE * rows;
  for (const c of columns) {
    if (c.name === time || exclude.has(c.name)) continue;
    const named = ENTITY_NAME.test(c.name);
    if (!(named ? c.type === 'integer' || c.type === 'string' || c.type === 'category' : timesRepeat && (c.type === 'string' || c.type === 'category'))) continue;
    const s = stats.get(c.name);
    if (!s || s.distinct < 2 || s.distinct * 2 > rows) continue;
    const [r] = await duck.all<{ multi: number; pairs: number }>(`select count(*) filter (where times > 1)::bigint as multi, sum(times)::bigint as pairs from (
        select ${ident(c.name)} as e, count(distinct ${ident(time)}) as times from ${ident(raw)} where ${ident(c.name)} is not null group by 1) g`);
    const multi = Number(r!.multi), unique = Number(r!.pairs) / rows;
    if (multi * 2 < s.distinct) continue;
    if (!named && unique < ENTITY_PAIR_UNIQUE) continue;
    const score = (named ? 2 : 0) + unique;
    if (!best || score > best.score) {
      best = { name: c.name, score, reason: `${s.distinct} values repeated over time (${multi} seen at several times, ~${Math.round(rows / s.distinct)} rows each; (${c.name}, ${time}) unique in ${(unique * 100).toFixed(unique === 1 ? 0 : 1)} % of rows)${named ? ', named like an entity' : ''}` };
    }
  }
  return best ? { name: best.name, reason: best.reason } : undefined;
}

/** Put `text` as a comment above top-level key `key` of the drafted YAML. */
function commentKey(doc: Document, key: string, text: string): void {
  const map = doc.contents as unknown as { items?: { key: { value?: unknown; commentBefore?: string } }[] };
  const pair = map.items?.find((p) => p.key.value === key);
  if (pair) pair.key.commentBefore = text;
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

