/**
 * The service's periodic drift check: every `checkSeconds`, the served version's logged predictions of the last
 * `windowHours` against its baseline; the result goes to a callback (the service sets its /metrics gauges). Runs on
 * a timer, never on a request; one check at a time; a failing check is reported and the next one tries again.
 */
import type { Baseline } from './baseline.js';
import { computeDrift, type DriftOptions, type DriftResult } from './drift-report.js';
import type { PredictionLog } from './prediction-log.js';
import { loadWindow } from './window.js';

export interface DriftMonitorOptions {
  log: PredictionLog;
  /** The served model and version now (undefined while none is loaded). */
  current(): { model: string; version: string } | undefined;
  baselineFor(model: string, version: string): Promise<Baseline | undefined>;
  drift?: DriftOptions;
  windowHours: number;
  checkSeconds: number;
  onResult(r: DriftResult, at: Date): void;
  onError?(e: unknown): void;
  now?: () => Date;
}

export class DriftMonitor {
  private timer?: NodeJS.Timeout;
  private running?: Promise<DriftResult | undefined>;
  private readonly cache = new Map<string, Baseline | undefined>();

  constructor(private readonly o: DriftMonitorOptions) {}

  start(): this {
    if (this.o.checkSeconds > 0) {
      this.timer = setInterval(() => void this.check(), this.o.checkSeconds * 1000);
      this.timer.unref();
    }
    return this;
  }

  /** One check now (also what the timer calls); resolves undefined when nothing is served, no baseline or no rows. */
  check(): Promise<DriftResult | undefined> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<DriftResult | undefined> {
    try {
      const cur = this.o.current();
      if (!cur) return undefined;
      const key = `${cur.model}\u0000${cur.version}`;
      if (!this.cache.has(key)) this.cache.set(key, await this.o.baselineFor(cur.model, cur.version));
      const baseline = this.cache.get(key);
      if (!baseline) return undefined;
      const now = (this.o.now ?? (() => new Date()))();
      const from = new Date(now.getTime() - this.o.windowHours * 3_600_000).toISOString();
      const window = await loadWindow(this.o.log, { model: cur.model, version: cur.version, from, to: now.toISOString() }, baseline);
      if (window.rows === 0) return undefined;
      const r = computeDrift(baseline, window, this.o.drift);
      this.o.onResult(r, now);
      return r;
    } catch (e) {
      this.o.onError?.(e);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
