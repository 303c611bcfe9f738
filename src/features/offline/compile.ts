import { ident } from '../../data/duckdb.js';
import { META, sourceKeyId, type ResolvedFeature, type ResolvedFeatureSpec, type SourceKey } from '../spec.js';
import { cleanNumber, entityExpr, str, timeExprFor } from './sql-parts.js';
import { compileLabel } from './compile-label.js';

/**
 * Resolved spec → one DuckDB query producing the feature table.
 *
 * Design: each time-indexed source table is UNIONed with the prediction points (one row per entity and time) and
 * every windowed feature is a window function over that union, ordered by integer epoch-ms. RANGE frames make
 * windows time-based (robust to gaps); `w - 1 PRECEDING AND CURRENT ROW` on integer ms is exactly the right-closed,
 * left-open window (t - w, t], and CURRENT ROW includes every event stamped exactly t. Point rows carry NULL
 * values, which every aggregate ignores, so they never disturb the statistics. QUALIFY keeps only the point rows.
 */

/** DuckDB type of a table's column, for the time conversion. */
export type ColumnTypes = (table: string, column: string) => string;

interface SourcePlan {
  key: SourceKey;
  alias: string;
  values: string[]; // source columns read as numbers (v0, v1...)
  indicators: { category: string; value: string }[]; // i0, i1... = (category = value)
  windowExprs: { feature: ResolvedFeature; sql: string }[];
  rowLags: { feature: ResolvedFeature & { kind: 'lag' }; v: number }[];
}

const MS_PER_HOUR = 3_600_000;

function frame(windowMs: number): string {
  return `range between ${windowMs - 1} preceding and current row`;
}

export function compileFeatureSql(spec: ResolvedFeatureSpec, types: ColumnTypes): string {
  const b = spec.base;
  const baseCols: string[] = [];
  const baseAlias = (col: string) => {
    let i = baseCols.indexOf(col);
    if (i < 0) i = baseCols.push(col) - 1;
    return `c${i}`;
  };
  const sources = new Map<string, SourcePlan>();
  const plan = (key: SourceKey): SourcePlan => {
    const id = sourceKeyId(key);
    let p = sources.get(id);
    if (!p) {
      p = { key, alias: `s${sources.size}`, values: [], indicators: [], windowExprs: [], rowLags: [] };
      sources.set(id, p);
    }
    return p;
  };
  const valueIdx = (p: SourcePlan, col: string) => (p.values.includes(col) ? p.values.indexOf(col) : p.values.push(col) - 1);
  const indicatorIdx = (p: SourcePlan, category: string, value: string) => {
    const i = p.indicators.findIndex((x) => x.category === category && x.value === value);
    return i >= 0 ? i : p.indicators.push({ category, value }) - 1;
  };

  const statics = new Map<string, { alias: string; entity: string; cols: string[] }>();
  const staticCol = (table: string, entity: string, col: string) => {
    let s = statics.get(table);
    if (!s) statics.set(table, (s = { alias: `st${statics.size}`, entity, cols: [] }));
    const i = s.cols.includes(col) ? s.cols.indexOf(col) : s.cols.push(col) - 1;
    return `${s.alias}.c${i}`;
  };

  // Final select expressions, in spec order.
  const outExprs: string[] = [];
  spec.features.forEach((f, idx) => {
    const out = ident(f.name);
    switch (f.kind) {
      case 'column': {
        const c = `b.${baseAlias(f.column)}`;
        outExprs.push(`${f.type === 'numeric' ? cleanNumber(c) : `cast(${c} as varchar)`} as ${out}`);
        break;
      }
      case 'static': {
        const c = staticCol(f.table, f.entity, f.column);
        outExprs.push(`${f.type === 'numeric' ? cleanNumber(c) : `cast(${c} as varchar)`} as ${out}`);
        break;
      }
      case 'onehot': {
        const c = f.from === 'base' ? `b.${baseAlias(f.column)}` : staticCol(f.table, f.entity!, f.column);
        outExprs.push(`(case when ${c} is null then null else (cast(${c} as varchar) = ${str(f.value)})::double end) as ${out}`);
        break;
      }
      case 'rolling': {
        const p = plan(f.source);
        const v = `v${valueIdx(p, f.column)}`;
        const w = `over (partition by __entity order by __time_ms ${frame(f.windowMs)})`;
        const sql: Record<typeof f.aggregate, string> = {
          mean: `avg(${v}) ${w}`,
          std: `stddev_samp(${v}) ${w}`,
          min: `min(${v}) ${w}`,
          max: `max(${v}) ${w}`,
          count: `(count(${v}) ${w})::double`,
          // Hours relative to the entity's first row: keeps the regression well conditioned.
          slope: `regr_slope(${v}, __th) ${w}`,
          // Latest time wins; among rows stamped the same time, the largest value (a documented, deterministic rule).
          last: `arg_max(${v}, case when ${v} is not null then [__time_ms::double, ${v}] end) ${w}`,
        };
        p.windowExprs.push({ feature: f, sql: `${sql[f.aggregate]} as f${idx}` });
        outExprs.push(`${p.alias}.f${idx} as ${out}`);
        break;
      }
      case 'lag': {
        const p = plan(f.source);
        const vi = valueIdx(p, f.column);
        if (f.lagMs !== undefined) {
          p.windowExprs.push({
            feature: f,
            sql: `arg_max(v${vi}, case when v${vi} is not null then [__time_ms::double, v${vi}] end) over (partition by __entity order by __time_ms range between unbounded preceding and ${f.lagMs} preceding) as f${idx}`,
          });
          outExprs.push(`${p.alias}.f${idx} as ${out}`);
        } else {
          p.rowLags.push({ feature: f, v: vi });
          outExprs.push(`${p.alias}l.f${idx} as ${out}`);
        }
        break;
      }
      case 'count': {
        const p = plan(f.source);
        const i = indicatorIdx(p, f.category, f.value);
        p.windowExprs.push({ feature: f, sql: `coalesce(sum(i${i}) over (partition by __entity order by __time_ms ${frame(f.windowMs)}), 0)::double as f${idx}` });
        outExprs.push(`${p.alias}.f${idx} as ${out}`);
        break;
      }
      case 'since': {
        const p = plan(f.source);
        const i = indicatorIdx(p, f.category, f.value);
        p.windowExprs.push({
          feature: f,
          sql: `(__time_ms - max(case when i${i} = 1 then __time_ms end) over (partition by __entity order by __time_ms range between unbounded preceding and current row)) / ${f.unitMs}.0 as f${idx}`,
        });
        outExprs.push(`${p.alias}.f${idx} as ${out}`);
        break;
      }
    }
  });

  const label = spec.label ? compileLabel(spec, types, baseAlias) : undefined;

  const baseTime = b.time ? timeExprFor(types(b.table, b.time), 'features.base.time')(ident(b.time)) : 'null::bigint';
  const ctes: string[] = [];
  ctes.push(
    `__base as (select row_number() over () as __row, ${entityExpr(b.entity)} as __entity, ${baseTime} as __time_ms${baseCols
      .map((c, i) => `, ${ident(c)} as c${i}`)
      .join('')} from ${ident(b.table)})`,
  );
  const conds = ['__entity is not null'];
  if (b.time) conds.push('__time_ms is not null');
  if (b.everyMs) conds.push(`__time_ms % ${b.everyMs} = 0`);
  ctes.push(`__pts_rows as (select * from __base where ${conds.join(' and ')})`);
  ctes.push(`__pts as (select distinct __entity, __time_ms from __pts_rows)`);

  const joins: string[] = [];
  for (const p of sources.values()) {
    const k = p.key;
    const t = timeExprFor(types(k.table, k.time), `${k.table}.${k.time}`)(ident(k.time));
    const e = entityExpr(k.entity);
    const vcols = p.values.map((c, i) => `, ${cleanNumber(ident(c))} as v${i}`).join('');
    const icols = p.indicators.map((x, i) => `, (cast(${ident(x.category)} as varchar) = ${str(x.value)})::integer as i${i}`).join('');
    const nulls = [...p.values.map((_, i) => `, null::double as v${i}`), ...p.indicators.map((_, i) => `, null::integer as i${i}`)].join('');
    ctes.push(`${p.alias}_src as (select ${e} as __entity, ${t} as __time_ms, 0 as __pt${vcols}${icols} from ${ident(k.table)} where ${e} is not null and ${t} is not null)`);
    if (p.windowExprs.length) {
      const needsTh = p.windowExprs.some((w) => w.feature.kind === 'rolling' && w.feature.aggregate === 'slope');
      const th = needsTh ? `, (__time_ms - min(__time_ms) over (partition by __entity)) / ${MS_PER_HOUR}.0 as __th` : '';
      const exprs = p.windowExprs.map((w) => w.sql).join(', ');
      if (k.table === b.table && k.entity === b.entity && k.time === b.time) {
        // The source is the base table: every point is already one of its rows, so window over the rows as they are
        // (no union, ~40% faster on telemetry) and keep one row per point; rows sharing an instant are RANGE peers
        // with identical window values, so DISTINCT ON may keep any of them.
        ctes.push(
          `${p.alias}_u as (select *${th} from ${p.alias}_src)`,
          `${p.alias} as (select distinct on (__entity, __time_ms) w.* from (select __entity, __time_ms, ${exprs} from ${p.alias}_u) w semi join __pts using (__entity, __time_ms))`,
        );
      } else {
        ctes.push(
          `${p.alias}_u as (select *${th} from (select * from ${p.alias}_src union all select __entity, __time_ms, 1 as __pt${nulls} from __pts))`,
          `${p.alias} as (select __entity, __time_ms, ${exprs} from ${p.alias}_u qualify __pt = 1)`,
        );
      }
      joins.push(`left join ${p.alias} on ${p.alias}.__entity = b.__entity and ${p.alias}.__time_ms = b.__time_ms`);
    }
    if (p.rowLags.length) {
      // One row per source timestamp (the largest value when several rows share it), numbered in time order; a point
      // at t finds the latest timestamp ≤ t (ASOF) and the lag N row is N timestamps before it.
      const used = [...new Set(p.rowLags.map((r) => r.v))];
      ctes.push(
        `${p.alias}_r as (select __entity, __time_ms${used.map((v) => `, max(v${v}) as v${v}`).join('')}, row_number() over (partition by __entity order by __time_ms) as __ix from ${p.alias}_src group by __entity, __time_ms)`,
        `${p.alias}_c as (select p.__entity, p.__time_ms, r.__ix as __c from __pts p asof left join ${p.alias}_r r on p.__entity = r.__entity and r.__time_ms <= p.__time_ms)`,
      );
      const rowsNeeded = [...new Set(p.rowLags.map((r) => r.feature.rows!))];
      const lagJoins = rowsNeeded.map((n) => `left join ${p.alias}_r r${n} on r${n}.__entity = c.__entity and r${n}.__ix = c.__c - ${n}`).join(' ');
      const cols = p.rowLags.map((r) => `, r${r.feature.rows}.v${r.v} as f${spec.features.indexOf(r.feature)}`).join('');
      ctes.push(`${p.alias}l as (select c.__entity, c.__time_ms${cols} from ${p.alias}_c c ${lagJoins})`);
      joins.push(`left join ${p.alias}l on ${p.alias}l.__entity = b.__entity and ${p.alias}l.__time_ms = b.__time_ms`);
    }
  }
  for (const [table, s] of statics) {
    ctes.push(`${s.alias} as (select ${entityExpr(s.entity)} as __entity${s.cols.map((c, i) => `, ${ident(c)} as c${i}`).join('')} from ${ident(table)})`);
    joins.push(`left join ${s.alias} on ${s.alias}.__entity = b.__entity`);
  }
  if (label) {
    ctes.push(...label.ctes);
    joins.push(...label.joins);
  }

  const select = [`b.__row as ${META.row}`, `b.__entity as ${META.entity}`, `b.__time_ms as ${META.time}`, ...outExprs];
  if (label) select.push(`${label.expr} as ${META.label}`);
  return `with ${ctes.join(',\n')}\nselect ${select.join(',\n  ')}\nfrom __pts_rows b\n${joins.join('\n')}\norder by b.__entity, b.__time_ms, b.__row`;
}

