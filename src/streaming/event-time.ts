import type { TelemetryEvent } from './telemetry-event.js';

/** All events of one event-time instant, in arrival order. */
export interface Instant {
  t: number;
  events: TelemetryEvent[];
}

export type Offer = 'accepted' | 'duplicate' | 'late';

interface Bucket {
  t: number;
  events: TelemetryEvent[];
  keys: Set<string>;
}

export interface EventTimeState {
  maxSeen: number;
  lastReleased: number;
  pending: { t: number; events: TelemetryEvent[]; keys: string[] }[];
  released: { t: number; keys: string[] }[];
}

/**
 * Event time, not arrival time. Events wait here until the newest event seen is more than `latenessMs` past them;
 * then their instant is released whole, in time order, which is the order the online engine needs (every row ≤ t
 * before features at t). An event at or before an instant already released cannot be placed any more: it is LATE
 * (counted and reported by the caller). The same (table, machine, time, dedup columns) seen twice is a DUPLICATE and
 * dropped, also shortly after its instant was released (keys kept for `latenessMs` + 1 h).
 *
 * With lateness 0 an instant is released when the first event of a later instant arrives: the moment the window is
 * known to be complete.
 */
export class EventTimeBuffer {
  private buckets: Bucket[] = []; // sorted by t ascending
  private readonly byT = new Map<number, Bucket>();
  private released: { t: number; keys: Set<string> }[] = [];
  maxSeen = Number.NEGATIVE_INFINITY;
  lastReleased = Number.NEGATIVE_INFINITY;

  constructor(readonly latenessMs: number) {}

  get pendingEvents(): number {
    let n = 0;
    for (const b of this.buckets) n += b.events.length;
    return n;
  }

  offer(e: TelemetryEvent, key: string): Offer {
    const t = e.t;
    if (t <= this.lastReleased) {
      for (let i = this.released.length - 1; i >= 0; i--) {
        const r = this.released[i]!;
        if (r.t === t) return r.keys.has(key) ? 'duplicate' : 'late';
        if (r.t < t) break;
      }
      return 'late';
    }
    let b = this.byT.get(t);
    if (!b) {
      b = { t, events: [], keys: new Set() };
      this.byT.set(t, b);
      // Usually the newest instant: append; otherwise insert in order.
      let i = this.buckets.length;
      while (i > 0 && this.buckets[i - 1]!.t > t) i--;
      this.buckets.splice(i, 0, b);
    }
    if (b.keys.has(key)) return 'duplicate';
    b.keys.add(key);
    b.events.push(e);
    if (t > this.maxSeen) this.maxSeen = t;
    return 'accepted';
  }

  /** Instants that can no longer change (all of them when `all`, at the end of a finite stream). */
  drain(all = false): Instant[] {
    const edge = all ? Number.POSITIVE_INFINITY : this.maxSeen - this.latenessMs;
    let n = 0;
    while (n < this.buckets.length && this.buckets[n]!.t < edge) n++;
    if (n === 0) return [];
    const out = this.buckets.splice(0, n);
    for (const b of out) {
      this.byT.delete(b.t);
      this.released.push({ t: b.t, keys: b.keys });
    }
    this.lastReleased = out[out.length - 1]!.t;
    const keepFrom = this.lastReleased - this.latenessMs - 3_600_000;
    let k = 0;
    while (k < this.released.length && this.released[k]!.t < keepFrom) k++;
    if (k) this.released = this.released.slice(k);
    return out.map((b) => ({ t: b.t, events: b.events }));
  }

  snapshot(): EventTimeState {
    return {
      maxSeen: this.maxSeen,
      lastReleased: this.lastReleased,
      pending: this.buckets.map((b) => ({ t: b.t, events: b.events, keys: [...b.keys] })),
      released: this.released.map((r) => ({ t: r.t, keys: [...r.keys] })),
    };
  }

  restore(s: EventTimeState): void {
    this.maxSeen = s.maxSeen ?? Number.NEGATIVE_INFINITY;
    this.lastReleased = s.lastReleased ?? Number.NEGATIVE_INFINITY;
    this.buckets = s.pending.map((p) => ({ t: p.t, events: p.events, keys: new Set(p.keys) }));
    this.byT.clear();
    for (const b of this.buckets) this.byT.set(b.t, b);
    this.released = s.released.map((r) => ({ t: r.t, keys: new Set(r.keys) }));
  }
}
