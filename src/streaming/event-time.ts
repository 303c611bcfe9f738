import type { TelemetryEvent } from './telemetry-event.js';

/** All events of one machine at one event-time instant, in arrival order. */
export interface Instant {
  entity: string;
  t: number;
  events: TelemetryEvent[];
  /** performance.now() when the instant was released (set by the processor). */
  releasedAt?: number;
}

export type Offer = 'accepted' | 'duplicate' | 'late';

interface Bucket {
  t: number;
  events: TelemetryEvent[];
  keys: Set<string>;
}

interface EntityBuffer {
  buckets: Bucket[]; // sorted by t ascending
  maxSeen: number;
  lastReleased: number;
  released: { t: number; keys: Set<string> }[];
}

export interface EventTimeState {
  entities: { entity: string; maxSeen: number; lastReleased: number; pending: { t: number; events: TelemetryEvent[]; keys: string[] }[]; released: { t: number; keys: string[] }[] }[];
}

/**
 * Event time, not arrival time, per machine. A machine's events wait here until its newest event is more than
 * `latenessMs` past them; then their instant is released whole, in time order, which is the order the online engine
 * needs (every row ≤ t before features at t). An event at or before an instant already released for its machine
 * cannot be placed any more: it is LATE (counted and reported by the caller). The same key (table, machine, time,
 * dedup columns) twice is a DUPLICATE and dropped, also shortly after release (keys kept for `latenessMs` + 1 h).
 *
 * The watermark is per machine because machines do not share a clock path: gateways lag differently, and a
 * partitioned transport (JetStream) interleaves partitions arbitrarily. Features and alerts are per machine, so
 * nothing needs a fleet-wide watermark. With lateness 0 a machine's instant is released when its next instant's
 * first event arrives: the moment its window is known to be complete.
 */
export class EventTimeBuffer {
  private readonly entities = new Map<string, EntityBuffer>();
  private pending = 0;

  constructor(readonly latenessMs: number) {}

  get pendingEvents(): number {
    return this.pending;
  }

  offer(e: TelemetryEvent, key: string): Offer {
    const t = e.t;
    let eb = this.entities.get(e.entity);
    if (!eb) this.entities.set(e.entity, (eb = { buckets: [], maxSeen: Number.NEGATIVE_INFINITY, lastReleased: Number.NEGATIVE_INFINITY, released: [] }));
    if (t <= eb.lastReleased) {
      for (let i = eb.released.length - 1; i >= 0; i--) {
        const r = eb.released[i]!;
        if (r.t === t) return r.keys.has(key) ? 'duplicate' : 'late';
        if (r.t < t) break;
      }
      return 'late';
    }
    const bs = eb.buckets;
    let i = bs.length;
    while (i > 0 && bs[i - 1]!.t > t) i--;
    let b = i > 0 && bs[i - 1]!.t === t ? bs[i - 1]! : undefined;
    if (!b) bs.splice(i, 0, (b = { t, events: [], keys: new Set() }));
    if (b.keys.has(key)) return 'duplicate';
    b.keys.add(key);
    b.events.push(e);
    this.pending++;
    if (t > eb.maxSeen) eb.maxSeen = t;
    return 'accepted';
  }

  /** Event time of the machine's newest released instant (-Infinity: none yet). */
  lastReleasedOf(entity: string): number {
    return this.entities.get(entity)?.lastReleased ?? Number.NEGATIVE_INFINITY;
  }

  /** The machine's instants that can no longer change. */
  drain(entity: string): Instant[] {
    const eb = this.entities.get(entity);
    return eb ? this.release(entity, eb, eb.maxSeen - this.latenessMs) : [];
  }

  /** Every pending instant of every machine (the end of a finite stream). */
  drainAll(): Instant[] {
    const out: Instant[] = [];
    for (const [entity, eb] of this.entities) out.push(...this.release(entity, eb, Number.POSITIVE_INFINITY));
    return out;
  }

  private release(entity: string, eb: EntityBuffer, edge: number): Instant[] {
    let n = 0;
    while (n < eb.buckets.length && eb.buckets[n]!.t < edge) n++;
    if (n === 0) return [];
    const out = eb.buckets.splice(0, n);
    for (const b of out) {
      eb.released.push({ t: b.t, keys: b.keys });
      this.pending -= b.events.length;
    }
    eb.lastReleased = out[out.length - 1]!.t;
    const keepFrom = eb.lastReleased - this.latenessMs - 3_600_000;
    let k = 0;
    while (k < eb.released.length && eb.released[k]!.t < keepFrom) k++;
    if (k) eb.released.splice(0, k);
    return out.map((b) => ({ entity, t: b.t, events: b.events }));
  }

  snapshot(): EventTimeState {
    return {
      entities: [...this.entities].map(([entity, eb]) => ({
        entity,
        maxSeen: eb.maxSeen,
        lastReleased: eb.lastReleased,
        pending: eb.buckets.map((b) => ({ t: b.t, events: b.events, keys: [...b.keys] })),
        released: eb.released.map((r) => ({ t: r.t, keys: [...r.keys] })),
      })),
    };
  }

  restore(s: EventTimeState): void {
    this.entities.clear();
    this.pending = 0;
    for (const e of s.entities) {
      const buckets = e.pending.map((p) => ({ t: p.t, events: p.events, keys: new Set(p.keys) }));
      for (const b of buckets) this.pending += b.events.length;
      this.entities.set(e.entity, { buckets, maxSeen: e.maxSeen ?? Number.NEGATIVE_INFINITY, lastReleased: e.lastReleased ?? Number.NEGATIVE_INFINITY, released: e.released.map((r) => ({ t: r.t, keys: new Set(r.keys) })) });
    }
  }
}
