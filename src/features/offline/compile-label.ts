import { ident } from '../../data/duckdb.js';
import type { ResolvedFeatureSpec } from '../spec.js';
import type { ColumnTypes } from './compile.js';
import { entityExpr, sqlList, str, timeExprFor } from './sql-parts.js';

/**
 * Label SQL. Event labels look forward over (t, t + H]: on integer ms that is `1 FOLLOWING AND H FOLLOWING`, so an
 * event stamped exactly t belongs to the past (it is already visible to the features) and one at t + H is in.
 *
 * Multiclass rule when several components fail inside the horizon: the EARLIEST failure wins; failures at the same
 * instant are broken by the category's position in the frozen class list (alphabetical when discovered). Both are
 * packed into one sortable BIGINT (time_ms * 1e6 + category index) so a single windowed min() applies the rule.
 */
export function compileLabel(
  spec: ResolvedFeatureSpec,
  types: ColumnTypes,
  baseAlias: (col: string) => string,
): { ctes: string[]; joins: string[]; expr: string } {
  const label = spec.label!;
  if (label.kind === 'column') return { ctes: [], joins: [], expr: `cast(b.${baseAlias(label.column)} as varchar)` };

  const k = label.source;
  const t = timeExprFor(types(k.table, k.time), `label.time`)(ident(k.time));
  const e = entityExpr(k.entity);
  const cats = label.categories;
  const catIdx = label.category && cats ? `(list_position(${sqlList(cats)}, cast(${ident(label.category)} as varchar)) - 1)` : '0';
  const where = [`${e} is not null`, `${t} is not null`];
  if (label.category && cats) where.push(`list_position(${sqlList(cats)}, cast(${ident(label.category)} as varchar)) is not null`);
  const w = `over (partition by __entity order by __time_ms range between 1 following and ${label.horizonMs} following)`;
  const ctes = [
    `__lab_u as (select ${e} as __entity, ${t} as __time_ms, 0 as __pt, ${t} * 1000000 + ${catIdx} as __code from ${ident(k.table)} where ${where.join(' and ')}
      union all select __entity, __time_ms, 1 as __pt, null::bigint as __code from __pts)`,
    `__lab as (select __entity, __time_ms, min(__code) ${w} as __first, count(__code) ${w} as __n from __lab_u qualify __pt = 1)`,
    `__lab_end as (select max(__time_ms) as __end from __base)`,
  ];
  const [none, positive] = [label.classes[0]!, label.classes[1]!];
  const value =
    label.mode === 'multiclass'
      ? `case when __lab.__first is null then ${str(none)} else list_extract(${sqlList(cats!)}, (__lab.__first % 1000000)::integer + 1) end`
      : `case when __lab.__n > 0 then ${str(positive)} else ${str(none)} end`;
  const expr = label.endOfData === 'drop' ? `case when b.__time_ms + ${label.horizonMs} > __lab_end.__end then null else ${value} end` : value;
  return {
    ctes,
    joins: [`left join __lab on __lab.__entity = b.__entity and __lab.__time_ms = b.__time_ms`, `cross join __lab_end`],
    expr,
  };
}
