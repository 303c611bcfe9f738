import { FeatureErrors } from '../errors.js';
import { sourceKeyId, type ResolvedFeature, type ResolvedFeatureSpec, type SourceKey } from '../spec.js';
import { RollingWindow, type RollingWindowState } from './rolling-window.js';
import { toEntity, toNumber, toTimeMs } from './values.js';

/**
 * The online reference: computes the resolved spec's features incrementally, one event at a time, with the exact
 * semantics of the SQL compiler (windows (t - w, t], NaN/NULL/±Infinity = missing, ties at one instant resolved by
 * the largest value, events stamped t included at t). It is what a live stream processor runs, and the parity
 * harness holds it to the offline SQL.
 *
 * Contract (a watermark): call `ingest` for every row of every table with time ≤ t, then `features` for the base
 * rows stamped t, before ingesting anything later. Per entity and table, times must not go backwards.
 */

type Row = Record<string, unknown>;

interface Indicator {
  category: string;
  value: string;
  windows: number[];
}

/** What one source table feeds, fixed from the spec. */
interface SourcePlan {
  id: string;
  key: SourceKey;
  windowsByColumn: Map<string, number[]>;
  /** `${column}\0${windowMs}` per entry of windowsByColumn (built once; the ingest path must not build strings). */
  windowKeys: Map<string, string[]>;
  timeLagKeys: Map<string, string[]>;
  timeLagsByColumn: Map<string, number[]>;
  rowLagsByColumn: Map<string, number>; // max N
  indicators: Indicator[];
}

interface EntityState {
  lastT: number;
  rolling: Map<string, RollingWindow>; // `${column}\0${windowMs}`
  timeLag: Map<string, { t: number; x: number }[]>; // `${column}\0${lagMs}`: per-instant max, non-missing only
  rowLag: Map<string, { t: number; x: number }[]>; // column: per-instant max (NaN if all missing), last N+1 instants
  counts: Map<string, number[]>; // `${indicator}\0${windowMs}`: event times
  since: number[]; // per indicator: last time or -Infinity
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const a = m.get(k);
  if (a) {
    if (!a.includes(v)) a.push(v);
  } else m.set(k, [v]);
};

export class OnlineFeatureEngine {
  private readonly plans = new Map<string, SourcePlan>();
  private readonly byTable = new Map<string, SourcePlan[]>();
  private readonly state = new Map<string, Map<string, EntityState>>(); // source id → entity → state
  private readonly statics = new Map<string, Map<string, Row>>(); // table → entity → row
  private readonly staticEntity = new Map<string, string>();
  /** Per feature, the lookups `value` needs, computed once (the hot path must not build strings). */
  private readonly compiled: { plan?: SourcePlan; key?: string; ind?: number }[] = [];

  constructor(readonly spec: ResolvedFeatureSpec) {
    for (const f of spec.features) {
      if (f.kind === 'static' || (f.kind === 'onehot' && f.from === 'static')) this.staticEntity.set(f.table, f.entity!);
      if (f.kind !== 'rolling' && f.kind !== 'lag' && f.kind !== 'count' && f.kind !== 'since') continue;
      const p = this.plan(f.source);
      if (f.kind === 'rolling') push(p.windowsByColumn, f.column, f.windowMs);
      else if (f.kind === 'lag' && f.lagMs !== undefined) push(p.timeLagsByColumn, f.column, f.lagMs);
      else if (f.kind === 'lag') p.rowLagsByColumn.set(f.column, Math.max(p.rowLagsByColumn.get(f.column) ?? 0, f.rows!));
      else {
        let ind = p.indicators.find((i) => i.category === f.category && i.value === f.value);
        if (!ind) p.indicators.push((ind = { category: f.category, value: f.value, windows: [] }));
        if (f.kind === 'count' && !ind.windows.includes(f.windowMs)) ind.windows.push(f.windowMs);
      }
    }
    for (const p of this.plans.values()) {
      for (const [col, ws] of p.windowsByColumn) p.windowKeys.set(col, ws.map((w) => `${col}\0${w}`));
      for (const [col, ls] of p.timeLagsByColumn) p.timeLagKeys.set(col, ls.map((l) => `${col}\0${l}`));
    }
    for (const f of spec.features) {
      if (f.kind === 'rolling') this.compiled.push({ plan: this.plan(f.source), key: `${f.column}\0${f.windowMs}` });
      else if (f.kind === 'lag') this.compiled.push({ plan: this.plan(f.source), key: f.lagMs !== undefined ? `${f.column}\0${f.lagMs}` : f.column });
      else if (f.kind === 'count' || f.kind === 'since') {
        const p = this.plan(f.source);
        const ind = p.indicators.findIndex((x) => x.category === f.category && x.value === f.value);
        this.compiled.push({ plan: p, ind, key: f.kind === 'count' ? `${ind}\0${f.windowMs}` : undefined });
      } else this.compiled.push({});
    }
  }

  /** Output column names, in the order `features` returns them. */
  get featureNames(): string[] {
    return this.spec.features.map((f) => f.name);
  }

  /** Tables whose rows the engine needs (anything else given to `ingest` is ignored). */
  get tables(): string[] {
    return [...new Set([...this.byTable.keys(), ...this.staticEntity.keys()])];
  }

  /** Feed one row of a source or static table. */
  ingest(table: string, row: Row): void {
    const se = this.staticEntity.get(table);
    if (se !== undefined) {
      const e = toEntity(row[se]);
      if (e !== null) {
        let m = this.statics.get(table);
        if (!m) this.statics.set(table, (m = new Map()));
        m.set(e, row);
      }
    }
    for (const p of this.byTable.get(table) ?? []) this.ingestSource(p, row);
  }

  /** Is this base row a prediction point (`every` subsampling)? */
  isPoint(baseRow: Row): boolean {
    const { everyMs, time } = this.spec.base;
    if (!everyMs || !time) return true;
    const t = toTimeMs(baseRow[time]);
    return t !== null && t % everyMs === 0;
  }

  /** Feature vector for a base row, in spec order; categorical values as category index (NaN missing/unseen). */
  features(baseRow: Row): Float64Array {
    const b = this.spec.base;
    const entity = b.entity ? toEntity(baseRow[b.entity]) : '';
    const t = b.time ? toTimeMs(baseRow[b.time]) : null;
    if (entity === null) throw FeatureErrors.FW_ERR_FEATURES_BAD_EVENT(`${b.table}: base row has no ${b.entity}`);
    if (b.time && t === null) throw FeatureErrors.FW_ERR_FEATURES_BAD_EVENT(`${b.table}: base row has no valid time in ${b.time}`);
    const out = new Float64Array(this.spec.features.length);
    const feats = this.spec.features;
    for (let j = 0; j < feats.length; j++) out[j] = this.value(feats[j]!, this.compiled[j]!, baseRow, entity, t ?? 0);
    return out;
  }

  /**
   * The whole per-entity state as plain data (live scoring checkpoints it). Numbers may be NaN / ±Infinity: the
   * caller's serialisation must keep them. `importState` is only valid on an engine built from the same spec.
   */
  exportState(): EngineState {
    const sources: EngineState['sources'] = [];
    for (const [id, m] of this.state) {
      const entities: EngineState['sources'][number]['entities'] = [];
      for (const [e, s] of m) {
        entities.push({
          entity: e,
          lastT: s.lastT,
          rolling: [...s.rolling].map(([k, rw]) => [k, rw.snapshot()]),
          timeLag: [...s.timeLag].map(([k, b]) => [k, b.map((x) => ({ ...x }))]),
          rowLag: [...s.rowLag].map(([k, b]) => [k, b.map((x) => ({ ...x }))]),
          counts: [...s.counts].map(([k, q]) => [k, [...q]]),
          since: [...s.since],
        });
      }
      sources.push({ id, entities });
    }
    const statics = [...this.statics].map(([t, m]) => [t, [...m]] as [string, [string, Row][]]);
    return { sources, statics };
  }

  importState(st: EngineState): void {
    for (const src of st.sources) {
      const m = this.state.get(src.id);
      if (!m) throw FeatureErrors.FW_ERR_FEATURES_BAD_EVENT(`engine state names source ${src.id}, which this spec does not read`);
      m.clear();
      for (const e of src.entities) {
        m.set(e.entity, {
          lastT: e.lastT,
          rolling: new Map(e.rolling.map(([k, r]) => [k, RollingWindow.restore(r)])),
          timeLag: new Map(e.timeLag),
          rowLag: new Map(e.rowLag),
          counts: new Map(e.counts),
          since: e.since,
        });
      }
    }
    this.statics.clear();
    for (const [t, rows] of st.statics) this.statics.set(t, new Map(rows));
  }

  private plan(key: SourceKey): SourcePlan {
    const id = sourceKeyId(key);
    let p = this.plans.get(id);
    if (!p) {
      p = { id, key, windowsByColumn: new Map(), windowKeys: new Map(), timeLagKeys: new Map(), timeLagsByColumn: new Map(), rowLagsByColumn: new Map(), indicators: [] };
      this.plans.set(id, p);
      this.state.set(id, new Map());
      const list = this.byTable.get(key.table) ?? [];
      list.push(p);
      this.byTable.set(key.table, list);
    }
    return p;
  }

  private entityState(p: SourcePlan, entity: string, create: boolean): EntityState | undefined {
    const m = this.state.get(p.id)!;
    let s = m.get(entity);
    if (!s && create) {
      s = { lastT: -Infinity, rolling: new Map(), timeLag: new Map(), rowLag: new Map(), counts: new Map(), since: p.indicators.map(() => -Infinity) };
      m.set(entity, s);
    }
    return s;
  }

  private ingestSource(p: SourcePlan, row: Row): void {
    const k = p.key;
    const entity = k.entity === null ? '' : toEntity(row[k.entity]);
    const t = toTimeMs(row[k.time]);
    if (entity === null || t === null) return; // the SQL skips these rows too
    const s = this.entityState(p, entity, true)!;
    if (t < s.lastT) {
      throw FeatureErrors.FW_ERR_FEATURES_BAD_EVENT(`${k.table}: ${k.entity ?? 'row'}=${entity} at ${new Date(t).toISOString()} arrived after ${new Date(s.lastT).toISOString()}; events must come in time order per entity`);
    }
    s.lastT = t;
    for (const [col, windows] of p.windowsByColumn) {
      const x = toNumber(row[col]);
      if (Number.isNaN(x)) continue;
      const keys = p.windowKeys.get(col)!;
      for (let wi = 0; wi < windows.length; wi++) {
        const key = keys[wi]!;
        let rw = s.rolling.get(key);
        if (!rw) s.rolling.set(key, (rw = new RollingWindow(windows[wi]!)));
        rw.push(t, x);
        rw.advance(t); // evict here too, so memory stays bounded for entities that are rarely scored
      }
    }
    for (const [col, lags] of p.timeLagsByColumn) {
      const x = toNumber(row[col]);
      if (Number.isNaN(x)) continue;
      const keys = p.timeLagKeys.get(col)!;
      for (let li = 0; li < lags.length; li++) {
        const key = keys[li]!;
        let buf = s.timeLag.get(key);
        if (!buf) s.timeLag.set(key, (buf = []));
        const back = buf[buf.length - 1];
        if (back && back.t === t) back.x = Math.max(back.x, x);
        else buf.push({ t, x });
        // Later queries ask for t' - lag ≥ t - lag: an entry followed by one at or before that is never needed again.
        while (buf.length >= 2 && buf[1]!.t <= t - lags[li]!) buf.shift();
      }
    }
    for (const [col, n] of p.rowLagsByColumn) {
      const x = toNumber(row[col]);
      let buf = s.rowLag.get(col);
      if (!buf) s.rowLag.set(col, (buf = []));
      const back = buf[buf.length - 1];
      if (back && back.t === t) {
        if (!Number.isNaN(x) && (Number.isNaN(back.x) || x > back.x)) back.x = x;
      } else {
        buf.push({ t, x });
        if (buf.length > n + 1) buf.shift();
      }
    }
    p.indicators.forEach((ind, i) => {
      const v = row[ind.category];
      if (v === null || v === undefined || String(v) !== ind.value) return;
      if (t > s.since[i]!) s.since[i] = t;
      for (const w of ind.windows) {
        const key = `${i}\0${w}`;
        let q = s.counts.get(key);
        if (!q) s.counts.set(key, (q = []));
        q.push(t);
        while (q[0]! <= t - w) q.shift();
      }
    });
  }

  private value(f: ResolvedFeature, c: { plan?: SourcePlan; key?: string; ind?: number }, baseRow: Row, entity: string, t: number): number {
    switch (f.kind) {
      case 'column':
        return f.type === 'numeric' ? toNumber(baseRow[f.column]) : categoryIndex(baseRow[f.column], f.categories!);
      case 'static': {
        const row = this.statics.get(f.table)?.get(entity);
        if (!row) return NaN;
        return f.type === 'numeric' ? toNumber(row[f.column]) : categoryIndex(row[f.column], f.categories!);
      }
      case 'onehot': {
        const row = f.from === 'base' ? baseRow : this.statics.get(f.table)?.get(entity);
        const v = row?.[f.column];
        return v === null || v === undefined ? NaN : String(v) === f.value ? 1 : 0;
      }
      case 'rolling': {
        const s = this.entityState(c.plan!, entity, false);
        const rw = s?.rolling.get(c.key!);
        if (!rw) return f.aggregate === 'count' ? 0 : NaN;
        rw.advance(t);
        switch (f.aggregate) {
          case 'mean': return rw.mean();
          case 'std': return rw.std();
          case 'min': return rw.min();
          case 'max': return rw.max();
          case 'slope': return rw.slope();
          case 'last': return rw.last();
          case 'count': return rw.count;
        }
      }
      // falls through (unreachable: every aggregate returns)
      case 'lag': {
        const s = this.entityState(c.plan!, entity, false);
        if (f.lagMs !== undefined) {
          const buf = s?.timeLag.get(c.key!);
          if (!buf || buf.length === 0) return NaN;
          const target = t - f.lagMs;
          while (buf.length >= 2 && buf[1]!.t <= target) buf.shift();
          return buf[0]!.t <= target ? buf[0]!.x : NaN;
        }
        const buf = s?.rowLag.get(c.key!);
        if (!buf) return NaN;
        const i = buf.length - 1 - f.rows!;
        return i >= 0 ? buf[i]!.x : NaN;
      }
      case 'count': {
        const s = this.entityState(c.plan!, entity, false);
        const q = s?.counts.get(c.key!);
        if (!q) return 0;
        const edge = t - f.windowMs;
        while (q.length && q[0]! <= edge) q.shift();
        return q.length;
      }
      case 'since': {
        const s = this.entityState(c.plan!, entity, false);
        const last = s?.since[c.ind!] ?? -Infinity;
        return last === -Infinity ? NaN : (t - last) / f.unitMs;
      }
    }
  }
}

function categoryIndex(v: unknown, categories: string[]): number {
  if (v === null || v === undefined) return NaN;
  const i = categories.indexOf(String(v));
  return i < 0 ? NaN : i;
}

/** Plain-data form of the engine's state (see exportState). */
export interface EngineState {
  sources: {
    id: string;
    entities: {
      entity: string;
      lastT: number;
      rolling: [string, RollingWindowState][];
      timeLag: [string, { t: number; x: number }[]][];
      rowLag: [string, { t: number; x: number }[]][];
      counts: [string, number[]][];
      since: number[];
    }[];
  }[];
  statics: [string, [string, Row][]][];
}
