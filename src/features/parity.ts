import type { Duck } from '../data/duckdb.js';
import { ident } from '../data/duckdb.js';
import { buildFeatureTable } from './offline/build.js';
import { toDataset } from './dataset.js';
import { OnlineFeatureEngine } from './online/engine.js';
import { toTimeMs } from './online/values.js';
import type { ResolvedFeatureSpec } from './spec.js';

export interface ParityMismatch {
  baseRow: number;
  entity: string;
  time: string | null;
  feature: string;
  offline: number;
  online: number;
}

export interface ParityReport {
  rows: number;
  features: number;
  /** Largest |offline - online| over all cells where both are numbers. */
  maxAbsDiff: number;
  /** Largest |offline - online| / max(1, |offline|). */
  maxRelDiff: number;
  mismatches: ParityMismatch[];
  ok: boolean;
}

/**
 * Offline SQL vs online engine on the tables loaded in `duck`: builds the feature table, replays every table the
 * spec reads through the engine in time order (all rows of one instant, then the base rows of that instant), and
 * compares every feature of every row. Equal means: both missing, or |a - b| ≤ tolerance · max(1, |a|).
 */
export async function checkParity(duck: Duck, spec: ResolvedFeatureSpec, opts: { tolerance?: number; table?: string; maxMismatches?: number; /** Run the engine on another spec (to prove the harness catches drift). */ onlineSpec?: ResolvedFeatureSpec } = {}): Promise<ParityReport> {
  const tol = opts.tolerance ?? 1e-9;
  const table = opts.table ?? '__fw_parity_features';
  await buildFeatureTable(duck, { ...spec, label: undefined }, table);
  const off = await toDataset(duck, table, { ...spec, label: undefined }, { labelled: false });

  const engine = new OnlineFeatureEngine(opts.onlineSpec ?? spec);
  const b = spec.base;
  const events: { t: number; table: string; row: Record<string, unknown>; seq: number }[] = [];
  let seq = 0;
  for (const tname of new Set([...engine.tables, b.table])) {
    const rows = await duck.all(`select * from ${ident(tname)}`);
    for (const row of rows) {
      const time = tname === b.table ? (b.time ? toTimeMs(row[b.time]) : 0) : timeOf(spec, tname, row);
      events.push({ t: time ?? Number.NEGATIVE_INFINITY, table: tname, row, seq: seq++ });
    }
  }
  // Stable by time; static rows (no time) sort first.
  events.sort((x, y) => x.t - y.t || x.seq - y.seq);
  const baseRows = await duck.all<{ __fw_row: number }>(`select row_number() over () as __fw_row, * from ${ident(b.table)}`);
  const rowNo = new Map<Record<string, unknown>, number>();
  const baseEvents = events.filter((e) => e.table === b.table);
  // duck.all returns the same order both times, so the i-th base event (by seq) is base row i + 1.
  baseEvents.slice().sort((x, y) => x.seq - y.seq).forEach((e, i) => rowNo.set(e.row, baseRows[i]!.__fw_row));

  const online = new Map<number, Float64Array>();
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && events[j]!.t === events[i]!.t) j++;
    for (let k = i; k < j; k++) engine.ingest(events[k]!.table, events[k]!.row);
    for (let k = i; k < j; k++) {
      const ev = events[k]!;
      if (ev.table !== b.table || !engine.isPoint(ev.row)) continue;
      if (b.time && toTimeMs(ev.row[b.time]) === null) continue;
      if (b.entity && (ev.row[b.entity] === null || ev.row[b.entity] === undefined)) continue;
      online.set(rowNo.get(ev.row)!, engine.features(ev.row));
    }
    i = j;
  }

  const mismatches: ParityMismatch[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  const names = off.dataset.features.map((f) => f.name);
  for (let i = 0; i < off.dataset.nRows; i++) {
    const r = off.baseRow[i]!;
    const vec = online.get(r);
    for (let j = 0; j < names.length; j++) {
      const a = off.dataset.columns[j]![i]!;
      const o = vec ? vec[j]! : NaN;
      let bad: boolean;
      if (Number.isNaN(a) || Number.isNaN(o)) bad = Number.isNaN(a) !== Number.isNaN(o) || !vec;
      else {
        const d = Math.abs(a - o);
        maxAbs = Math.max(maxAbs, d);
        maxRel = Math.max(maxRel, d / Math.max(1, Math.abs(a)));
        bad = d > tol * Math.max(1, Math.abs(a));
      }
      if (bad && mismatches.length < (opts.maxMismatches ?? 50)) {
        const t = off.time[i]!;
        mismatches.push({ baseRow: r, entity: off.entityNames[off.entity[i]!]!, time: Number.isNaN(t) ? null : new Date(t).toISOString(), feature: names[j]!, offline: a, online: o });
      }
    }
  }
  await duck.run(`drop table if exists ${ident(table)}`);
  return { rows: off.dataset.nRows, features: names.length, maxAbsDiff: maxAbs, maxRelDiff: maxRel, mismatches, ok: mismatches.length === 0 };
}

function timeOf(spec: ResolvedFeatureSpec, table: string, row: Record<string, unknown>): number | null {
  for (const f of spec.features) {
    if ((f.kind === 'rolling' || f.kind === 'lag' || f.kind === 'count' || f.kind === 'since') && f.source.table === table) return toTimeMs(row[f.source.time]);
  }
  return null;
}
