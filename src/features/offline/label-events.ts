import { ident, type Duck } from '../../data/duckdb.js';
import type { ResolvedFeatureSpec } from '../spec.js';
import { columnTypes } from './build.js';
import { entityExpr, timeExprFor } from './sql-parts.js';

/** One labelled event (a failure) as the evaluation's cost and lead-time analysis reads it. */
export interface LabelEvent {
  entity: string;
  /** Epoch milliseconds. */
  time: number;
  /** The event's category (failure component) when the label has one. */
  class?: string;
}

/**
 * Events of an event label in (lo, hi + horizon], of the entities that have rows: what the evaluated rows could have
 * predicted. (Event tables often cover more machines than the telemetry; those failures are not ours.) Empty for
 * column labels. The label's source table must be attached to `duck`.
 */
export async function labelEventsIn(duck: Duck, spec: ResolvedFeatureSpec, lo: number, hi: number, entities: ReadonlySet<string>): Promise<LabelEvent[]> {
  const label = spec.label;
  if (!label || label.kind !== 'event' || !Number.isFinite(lo)) return [];
  const types = await columnTypes(duck);
  const { table, entity, time } = label.source;
  const t = timeExprFor(types(table, time), `label.time`)(ident(time));
  const cat = label.category ? `cast(${ident(label.category)} as varchar)` : 'null';
  const rows = await duck.all<{ e: string; t: number; c: string | null }>(
    `select ${entityExpr(entity)} as e, ${t}::double as t, ${cat} as c from ${ident(table)} where ${t} > ${lo} and ${t} <= ${hi + label.horizonMs} order by 2, 1`,
  );
  const keep = label.categories ? new Set(label.categories) : null;
  return rows.filter((r) => entities.has(r.e) && (!keep || (r.c !== null && keep.has(r.c)))).map((r) => ({ entity: r.e, time: r.t, ...(r.c !== null ? { class: r.c } : {}) }));
}
