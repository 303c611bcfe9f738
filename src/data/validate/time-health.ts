import type { Duck } from '../duckdb.js';
import { ident } from '../duckdb.js';
import type { Contract } from '../contracts/schema.js';
import { parseFrequency } from '../contracts/frequency.js';

/**
 * Time-series health of the accepted rows of a table with a time column: per entity, sorted by time, how many
 * gaps exceed the expected frequency (and how many intervals are missing), how many (entity, time) pairs repeat,
 * and how many rows arrive earlier than the previous row of the same entity in file order. Counted and reported;
 * none of these quarantine a row (a repeated key does, but through the contract's `unique` rule).
 */
export interface GapExample {
  entity: string | null;
  after: string;
  before: string;
  missing: number;
}

export interface TimeHealth {
  timeColumn: string;
  entityColumn?: string;
  frequency?: string;
  entities: number;
  first: string | null;
  last: string | null;
  /** Consecutive (entity-sorted) times further apart than the frequency. */
  gaps: number;
  /** Expected timestamps that are absent inside those gaps. */
  missingIntervals: number;
  /** Consecutive times closer than the frequency but not equal (irregular sampling). */
  offGrid: number;
  /** Rows whose (entity, time) equals an earlier row's. */
  duplicates: number;
  /** Rows whose time is earlier than the previous row of the same entity in file order. */
  outOfOrder: number;
  gapExamples: GapExample[];
}

export async function timeHealth(duck: Duck, accepted: string, contract: Contract, examples = 10): Promise<TimeHealth | undefined> {
  if (!contract.time) return undefined;
  const t = ident(contract.time);
  const e = contract.entity ? ident(contract.entity) : 'null';
  const freqMs = contract.frequency ? parseFrequency(contract.frequency)! : undefined;
  const a = ident(accepted);
  const base = `select ${e} as e, ${t} as t, _row,
      lag(${t}) over (partition by ${e} order by _row) as prev_file,
      lag(${t}) over (partition by ${e} order by ${t}, _row) as prev_sorted
    from ${a} where ${t} is not null`;
  const delta = `(epoch_ms(t) - epoch_ms(prev_sorted))`;
  const freq = freqMs === undefined ? 'null' : `${freqMs}::DOUBLE`;
  const [r] = await duck.all<Record<string, number | null | Date>>(`
    with s as (${base})
    select ${contract.entity ? "count(distinct e)" : "(count(*) > 0)::INTEGER"}::bigint as entities, min(t)::varchar as first, max(t)::varchar as last,
      count(*) filter (where prev_file > t)::bigint as out_of_order,
      count(*) filter (where prev_sorted = t)::bigint as duplicates,
      count(*) filter (where ${delta} > ${freq})::bigint as gaps,
      coalesce(sum(ceil(${delta} / ${freq}) - 1) filter (where ${delta} > ${freq}), 0)::bigint as missing,
      count(*) filter (where ${delta} > 0 and ${delta} < ${freq})::bigint as off_grid
    from s`);
  let gapExamples: GapExample[] = [];
  if (freqMs !== undefined && Number(r!.gaps) > 0) {
    gapExamples = await duck.all<GapExample>(`
      with s as (${base})
      select e::varchar as entity, prev_sorted::varchar as after, t::varchar as before, (ceil(${delta} / ${freq}) - 1)::bigint as missing
      from s where ${delta} > ${freq} order by e, t limit ${examples}`);
  }
  return {
    timeColumn: contract.time,
    ...(contract.entity ? { entityColumn: contract.entity } : {}),
    ...(contract.frequency ? { frequency: contract.frequency } : {}),
    entities: Number(r!.entities),
    first: (r!.first as unknown as string) ?? null,
    last: (r!.last as unknown as string) ?? null,
    gaps: Number(r!.gaps),
    missingIntervals: Number(r!.missing),
    offGrid: Number(r!.off_grid),
    duplicates: Number(r!.duplicates),
    outOfOrder: Number(r!.out_of_order),
    gapExamples: gapExamples.map((g) => ({ ...g, missing: Number(g.missing) })),
  };
}
