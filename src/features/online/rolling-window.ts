/**
 * One column's time window (t - w, t] for one entity, updated in O(1) amortised per value:
 *  - a deque of (time, value) for eviction and for `count`;
 *  - running sums of (x - K) and (x - K)² for mean / sample std, shifted by a reference value K so the variance
 *    does not cancel catastrophically when values are large and close together;
 *  - running sums of hours h, h², h·(x - K) for the least-squares slope (per hour), h measured from a reference time;
 *  - monotonic deques for min and max.
 * Subtracting evicted values lets rounding error creep in over a long stream, so the sums are recomputed exactly
 * from the deque (and the references moved to its front) every REBASE_EVERY updates.
 */
const REBASE_EVERY = 4096;
const MS_PER_HOUR = 3_600_000;

export class RollingWindow {
  private ts: number[] = [];
  private xs: number[] = [];
  private head = 0;
  private minQ: { t: number; x: number }[] = [];
  private minHead = 0;
  private maxQ: { t: number; x: number }[] = [];
  private maxHead = 0;
  private k = 0;
  private t0 = 0;
  private s1 = 0;
  private s2 = 0;
  private sh = 0;
  private shh = 0;
  private shx = 0;
  private updates = 0;
  private lastT = -Infinity;
  private lastX = NaN;

  constructor(readonly windowMs: number) {}

  get count(): number {
    return this.ts.length - this.head;
  }

  /** Add a non-missing value observed at time t (ms). Times must not decrease. */
  push(t: number, x: number): void {
    if (this.count === 0) {
      this.k = x;
      this.t0 = t;
    }
    this.ts.push(t);
    this.xs.push(x);
    this.add(t, x, 1);
    while (this.minQ.length > this.minHead && this.minQ[this.minQ.length - 1]!.x >= x) this.minQ.pop();
    this.minQ.push({ t, x });
    while (this.maxQ.length > this.maxHead && this.maxQ[this.maxQ.length - 1]!.x <= x) this.maxQ.pop();
    this.maxQ.push({ t, x });
    // Several values at the same instant: the largest is "last" (the rule the SQL uses too).
    if (t > this.lastT) {
      this.lastT = t;
      this.lastX = x;
    } else if (x > this.lastX) this.lastX = x;
    if (++this.updates % REBASE_EVERY === 0) this.rebase();
  }

  /** Drop values at or before `now - w` (the window is left-open). */
  advance(now: number): void {
    const edge = now - this.windowMs;
    while (this.head < this.ts.length && this.ts[this.head]! <= edge) {
      this.add(this.ts[this.head]!, this.xs[this.head]!, -1);
      this.head++;
    }
    while (this.minHead < this.minQ.length && this.minQ[this.minHead]!.t <= edge) this.minHead++;
    while (this.maxHead < this.maxQ.length && this.maxQ[this.maxHead]!.t <= edge) this.maxHead++;
    if (this.count === 0) this.reset();
    else if (this.head > 1024 && this.head * 2 > this.ts.length) this.compact();
  }

  mean(): number {
    const n = this.count;
    return n === 0 ? NaN : this.k + this.s1 / n;
  }

  std(): number {
    const n = this.count;
    if (n < 2) return NaN;
    const v = (this.s2 - (this.s1 * this.s1) / n) / (n - 1);
    return Math.sqrt(v > 0 ? v : 0);
  }

  min(): number {
    return this.minHead < this.minQ.length ? this.minQ[this.minHead]!.x : NaN;
  }

  max(): number {
    return this.maxHead < this.maxQ.length ? this.maxQ[this.maxHead]!.x : NaN;
  }

  last(): number {
    return this.count === 0 ? NaN : this.lastX;
  }

  /** Least-squares slope of value on time, per hour; NaN with fewer than 2 distinct times. */
  slope(): number {
    const n = this.count;
    if (n < 2) return NaN;
    const shh = this.shh - (this.sh * this.sh) / n;
    if (!(shh > 1e-12 * Math.max(1, this.shh))) return NaN;
    return (this.shx - (this.sh * this.s1) / n) / shh;
  }

  /**
   * Every field as plain data (checkpoints of live scoring). Restoring it gives a window that continues bit for bit
   * as this one would, running sums and all: a restarted stream must compute the same features as one that never stopped.
   */
  snapshot(): RollingWindowState {
    return { windowMs: this.windowMs, ts: this.ts.slice(this.head), xs: this.xs.slice(this.head), minQ: this.minQ.slice(this.minHead), maxQ: this.maxQ.slice(this.maxHead), k: this.k, t0: this.t0, s1: this.s1, s2: this.s2, sh: this.sh, shh: this.shh, shx: this.shx, updates: this.updates, lastT: this.lastT, lastX: this.lastX };
  }

  static restore(s: RollingWindowState): RollingWindow {
    const rw = new RollingWindow(s.windowMs);
    Object.assign(rw, { ts: s.ts, xs: s.xs, head: 0, minQ: s.minQ, minHead: 0, maxQ: s.maxQ, maxHead: 0, k: s.k, t0: s.t0, s1: s.s1, s2: s.s2, sh: s.sh, shh: s.shh, shx: s.shx, updates: s.updates, lastT: s.lastT, lastX: s.lastX });
    return rw;
  }

  private add(t: number, x: number, sign: 1 | -1): void {
    const d = x - this.k;
    const h = (t - this.t0) / MS_PER_HOUR;
    this.s1 += sign * d;
    this.s2 += sign * d * d;
    this.sh += sign * h;
    this.shh += sign * h * h;
    this.shx += sign * h * d;
  }

  private reset(): void {
    this.ts = [];
    this.xs = [];
    this.head = 0;
    this.minQ = [];
    this.maxQ = [];
    this.minHead = this.maxHead = 0;
    this.s1 = this.s2 = this.sh = this.shh = this.shx = 0;
  }

  private compact(): void {
    this.ts = this.ts.slice(this.head);
    this.xs = this.xs.slice(this.head);
    this.head = 0;
    this.minQ = this.minQ.slice(this.minHead);
    this.minHead = 0;
    this.maxQ = this.maxQ.slice(this.maxHead);
    this.maxHead = 0;
  }

  private rebase(): void {
    if (this.count === 0) return;
    this.k = this.xs[this.head]!;
    this.t0 = this.ts[this.head]!;
    this.s1 = this.s2 = this.sh = this.shh = this.shx = 0;
    for (let i = this.head; i < this.ts.length; i++) this.add(this.ts[i]!, this.xs[i]!, 1);
  }
}

export interface RollingWindowState {
  windowMs: number;
  ts: number[];
  xs: number[];
  minQ: { t: number; x: number }[];
  maxQ: { t: number; x: number }[];
  k: number;
  t0: number;
  s1: number;
  s2: number;
  sh: number;
  shh: number;
  shx: number;
  updates: number;
  lastT: number;
  lastX: number;
}
