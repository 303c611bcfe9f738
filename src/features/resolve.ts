import type { Duck } from '../data/duckdb.js';
import { ident } from '../data/duckdb.js';
import type { ColumnRef, FeaturesConfig, LabelConfig } from './config.js';
import { parseDuration } from './duration.js';
import { FeatureErrors } from './errors.js';
import { META, type ResolvedFeature, type ResolvedFeatureSpec, type ResolvedLabel, type SourceKey } from './spec.js';
import { timeExprFor } from './offline/sql-parts.js';

/**
 * Config → frozen spec. Checks every table and column against the DuckDB catalog (so a typo is reported with the
 * list of what exists, before any SQL runs), discovers category lists that the config left open, and fixes every
 * output name. The result no longer depends on the data: serving and the online engine use it as is.
 */

interface Catalog {
  columns(table: string, where: string): Promise<Map<string, string>>;
}

function catalog(duck: Duck): Catalog {
  const cache = new Map<string, Map<string, string>>();
  let tables: string[] | undefined;
  return {
    async columns(table, where) {
      const hit = cache.get(table);
      if (hit) return hit;
      tables ??= (await duck.all<{ table_name: string }>(`select distinct table_name from information_schema.tables order by 1`)).map((r) => r.table_name);
      if (!tables.includes(table)) {
        throw FeatureErrors.FW_ERR_FEATURES_UNKNOWN_TABLE(`${where}: table ${JSON.stringify(table)} is not loaded; loaded tables: ${tables.map((t) => JSON.stringify(t)).join(', ') || '(none)'}`);
      }
      const rows = await duck.all<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_name = $1 order by ordinal_position`,
        [table],
      );
      const m = new Map(rows.map((r) => [r.column_name, r.data_type]));
      cache.set(table, m);
      return m;
    },
  };
}

async function requireColumn(cat: Catalog, table: string, column: string, where: string): Promise<string> {
  const cols = await cat.columns(table, where);
  const type = cols.get(column);
  if (type === undefined) {
    throw FeatureErrors.FW_ERR_FEATURES_UNKNOWN_COLUMN(`${where}: table ${JSON.stringify(table)} has no column ${JSON.stringify(column)}; its columns: ${[...cols.keys()].map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return type;
}

/** Discovered categories become columns (counts, one-hot) or a frozen list; past this many it is a config mistake. */
export const MAX_DISCOVERED_CATEGORIES = 1000;

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL|BOOLEAN)/;

/** A feature table wider than this is a config mistake (a cross product of long lists), not a model input. */
export const MAX_FEATURES = 10_000;

async function requireNumeric(cat: Catalog, table: string, column: string, where: string): Promise<void> {
  const type = await requireColumn(cat, table, column, where);
  if (!NUMERIC_TYPE.test(type)) {
    throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: column ${JSON.stringify(column)} of ${JSON.stringify(table)} is ${type}; windows and lags need a numeric column`);
  }
}

async function distinctValues(duck: Duck, table: string, column: string, where: string): Promise<string[]> {
  const rows = await duck.all<{ v: string }>(
    `select distinct cast(${ident(column)} as varchar) as v from ${ident(table)} where ${ident(column)} is not null order by 1 limit ${MAX_DISCOVERED_CATEGORIES + 1}`,
  );
  if (rows.length > MAX_DISCOVERED_CATEGORIES) {
    throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: column ${JSON.stringify(column)} of ${JSON.stringify(table)} has more than ${MAX_DISCOVERED_CATEGORIES} distinct values; list the categories to use in ${where.replace(/\.\w+$/, '')}.categories`);
  }
  return rows.map((r) => r.v);
}

function durationOf(text: string, where: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: ${JSON.stringify(text)} is not a duration like 3h, 24h, 7d`);
  return ms;
}

export async function resolveFeatureSpec(duck: Duck, cfg: FeaturesConfig, label?: LabelConfig): Promise<ResolvedFeatureSpec> {
  const cat = catalog(duck);
  const base = cfg.base;
  await cat.columns(base.table, 'features.base.table');
  if (base.entity) await requireColumn(cat, base.table, base.entity, 'features.base.entity');
  if (base.time) {
    const t = await requireColumn(cat, base.table, base.time, 'features.base.time');
    timeExprFor(t, 'features.base.time'); // refuses types that are not times
  }
  if (base.every && !base.time) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('features.base.every: subsampling needs features.base.time');
  const features: ResolvedFeature[] = [];

  const source = async (table: string | undefined, entity: string | undefined, time: string | undefined, where: string): Promise<SourceKey> => {
    const t = table ?? base.table;
    const e = entity ?? base.entity ?? null;
    const tm = time ?? base.time;
    if (!tm) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: time-based features need a time column (set features.base.time or ${where}.time)`);
    if ((e === null) !== (base.entity === undefined)) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: the source must have an entity column exactly when the base table does (base entity: ${base.entity ?? 'none'})`);
    }
    await cat.columns(t, `${where}.table`);
    if (e !== null) await requireColumn(cat, t, e, `${where}.entity`);
    timeExprFor(await requireColumn(cat, t, tm, `${where}.time`), `${where}.time`);
    return { table: t, entity: e, time: tm };
  };

  const columnFeatures = async (refs: ColumnRef[], from: 'base' | 'static', table: string, entity: string | null, where: string) => {
    for (const [i, ref] of refs.entries()) {
      const r = typeof ref === 'string' ? { column: ref, type: 'numeric' as const, encoding: 'category' as const, categories: undefined } : ref;
      const dtype = await requireColumn(cat, table, r.column, `${where}[${i}]`);
      if (r.type === 'numeric') {
        if (!NUMERIC_TYPE.test(dtype)) {
          throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}[${i}]: column ${JSON.stringify(r.column)} of ${JSON.stringify(table)} is ${dtype}, not numeric; declare it as { column: ${JSON.stringify(r.column)}, type: categorical }`);
        }
        features.push(from === 'base' ? { kind: 'column', name: r.column, from, column: r.column, type: 'numeric' } : { kind: 'static', name: r.column, table, entity: entity!, column: r.column, type: 'numeric' });
        continue;
      }
      const cats = r.categories ?? (await distinctValues(duck, table, r.column, `${where}[${i}]`));
      if (r.encoding === 'onehot') {
        for (const v of cats) features.push({ kind: 'onehot', name: `${r.column}_${v}`, from, table, entity, column: r.column, value: v });
      } else {
        features.push(from === 'base'
          ? { kind: 'column', name: r.column, from, column: r.column, type: 'categorical', categories: cats }
          : { kind: 'static', name: r.column, table, entity: entity!, column: r.column, type: 'categorical', categories: cats });
      }
    }
  };

  await columnFeatures(cfg.columns, 'base', base.table, base.entity ?? null, 'features.columns');

  for (const [i, b] of cfg.rolling.entries()) {
    const where = `features.rolling[${i}]`;
    const src = await source(b.table, b.entity, b.time, where);
    for (const c of b.columns) await requireNumeric(cat, src.table, c, `${where}.columns`);
    for (const c of b.columns)
      for (const w of b.windows)
        for (const a of b.aggregates)
          features.push({ kind: 'rolling', name: `${c}_${a}_${w}`, source: src, column: c, window: w, windowMs: durationOf(w, `${where}.windows`), aggregate: a });
  }

  for (const [i, b] of cfg.lags.entries()) {
    const where = `features.lags[${i}]`;
    const src = await source(b.table, b.entity, b.time, where);
    for (const c of b.columns) await requireNumeric(cat, src.table, c, `${where}.columns`);
    for (const c of b.columns)
      for (const l of b.lags) {
        if (typeof l === 'string') features.push({ kind: 'lag', name: `${c}_lag_${l}`, source: src, column: c, lagMs: durationOf(l, `${where}.lags`) });
        else features.push({ kind: 'lag', name: `${c}_lag_${l.rows}${l.rows === 1 ? 'row' : 'rows'}`, source: src, column: c, rows: l.rows });
      }
  }

  for (const [i, b] of cfg.counts.entries()) {
    const where = `features.counts[${i}]`;
    const src = await source(b.table, b.entity, b.time, where);
    await requireColumn(cat, src.table, b.category, `${where}.category`);
    const cats = b.categories ?? (await distinctValues(duck, src.table, b.category, `${where}.category`));
    for (const v of cats)
      for (const w of b.windows)
        features.push({ kind: 'count', name: `${b.prefix ?? ''}${v}_count_${w}`, source: src, category: b.category, value: v, window: w, windowMs: durationOf(w, `${where}.windows`) });
  }

  for (const [i, b] of cfg.since.entries()) {
    const where = `features.since[${i}]`;
    const src = await source(b.table, b.entity, b.time, where);
    await requireColumn(cat, src.table, b.category, `${where}.category`);
    const cats = b.categories ?? (await distinctValues(duck, src.table, b.category, `${where}.category`));
    const unitMs = b.unit === 'hours' ? 3_600_000 : 86_400_000;
    for (const v of cats) features.push({ kind: 'since', name: `${b.prefix ?? ''}${v}_${b.unit}_since`, source: src, category: b.category, value: v, unitMs });
  }

  for (const [i, b] of cfg.static.entries()) {
    const where = `features.static[${i}]`;
    const entity = b.entity ?? base.entity;
    if (!entity) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: static joins need an entity column (features.base.entity)`);
    await requireColumn(cat, b.table, entity, `${where}.entity`);
    const dup = await duck.all<{ k: string; n: number }>(
      `select cast(${ident(entity)} as varchar) as k, count(*)::integer as n from ${ident(b.table)} group by 1 having count(*) > 1 order by 1 limit 3`,
    );
    if (dup.length) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: table ${JSON.stringify(b.table)} must have one row per ${entity}; ${dup.map((d) => `${entity}=${d.k} has ${d.n} rows`).join(', ')}`);
    }
    await columnFeatures(b.columns, 'static', b.table, entity, `${where}.columns`);
  }

  if (features.length > MAX_FEATURES) {
    throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`features: the config expands to ${features.length} columns (more than ${MAX_FEATURES}); check the lists of columns × windows × aggregates and the category lists`);
  }
  const seen = new Map<string, number>();
  for (const f of features) seen.set(f.name, (seen.get(f.name) ?? 0) + 1);
  const dups = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  if (dups.length) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`features: output names must be unique; defined more than once: ${dups.join(', ')}`);
  const reserved = features.filter((f) => (Object.values(META) as string[]).includes(f.name));
  if (reserved.length) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`features: ${reserved.map((f) => f.name).join(', ')} is reserved for the feature table's own columns`);

  const spec: ResolvedFeatureSpec = {
    version: 1,
    base: { table: base.table, entity: base.entity ?? null, time: base.time ?? null, everyMs: base.every ? durationOf(base.every, 'features.base.every') : null },
    features,
  };
  if (label) spec.label = await resolveLabel(duck, cat, spec, label, source);
  return spec;
}

async function resolveLabel(
  duck: Duck,
  cat: Catalog,
  spec: ResolvedFeatureSpec,
  label: LabelConfig,
  source: (t: string | undefined, e: string | undefined, tm: string | undefined, where: string) => Promise<SourceKey>,
): Promise<ResolvedLabel> {
  if (label.kind === 'column') {
    await requireColumn(cat, spec.base.table, label.column, 'label.column');
    let classes = label.classes ?? (await distinctValues(duck, spec.base.table, label.column, 'label.column'));
    if (label.positive !== undefined) {
      if (!classes.includes(label.positive)) throw FeatureErrors.FW_ERR_FEATURES_BAD_LABEL(`label.positive: ${JSON.stringify(label.positive)} is not a value of ${JSON.stringify(label.column)} (values: ${classes.join(', ')})`);
      classes = [...classes.filter((c) => c !== label.positive), label.positive];
    }
    if (classes.length < 2) throw FeatureErrors.FW_ERR_FEATURES_BAD_LABEL(`label.column: ${JSON.stringify(label.column)} has ${classes.length} distinct value(s) (${classes.join(', ')}); a classifier needs at least 2`);
    if (new Set(classes).size !== classes.length) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`label.classes: class names must be unique, got ${classes.join(', ')}`);
    return { kind: 'column', column: label.column, classes };
  }
  if (!spec.base.time) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('label: event labels need features.base.time (the prediction time)');
  const src = await source(label.table, label.entity, label.time, 'label');
  const horizonMs = durationOf(label.horizon, 'label.horizon');
  if (label.mode === 'multiclass' && !label.category) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('label.category: multiclass event labels need the column naming what failed (e.g. failure)');
  if (label.category) await requireColumn(cat, src.table, label.category, 'label.category');
  const categories = label.category ? label.categories ?? (await distinctValues(duck, src.table, label.category, 'label.category')) : null;
  if (label.mode === 'multiclass') {
    if (categories!.includes(label.none)) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`label.none: ${JSON.stringify(label.none)} is also an event category; choose another name`);
    if (categories!.length === 0) throw FeatureErrors.FW_ERR_FEATURES_BAD_LABEL(`label: table ${JSON.stringify(src.table)} has no ${label.category} values; nothing to predict`);
    return { kind: 'event', source: src, category: label.category!, horizonMs, mode: 'multiclass', classes: [label.none, ...categories!], categories, endOfData: label.endOfData };
  }
  if (label.none === label.positive) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('label.positive: must differ from label.none');
  return { kind: 'event', source: src, category: label.category ?? null, horizonMs, mode: 'binary', classes: [label.none, label.positive], categories, endOfData: label.endOfData };
}

