/**
 * The in-process buffer between the request path and the prediction log. A request only pushes a reference to its
 * (copied) rows and probabilities; a timer turns them into log records and appends them in batches. Bounded: when
 * `capacity` records are pending, new ones are dropped and counted (predictions never wait for the log).
 *
 * Durability: pending records are flushed every `flushIntervalMs` (default 1 s) and on close (the server's SIGTERM
 * drain calls it), so a kill -9 loses at most the records of the last interval plus one write in progress.
 */
import type { PredictionLog, PredictionRecord } from './prediction-log.js';
import { MonitorErrors } from './errors.js';

export interface BufferOptions {
  /** Share of requests recorded, 0..1 (default 1). Sampling is per request: a batch request is kept whole or not at all. */
  sampleRate?: number;
  /** Pending records beyond which new ones are dropped (default 100,000). */
  capacity?: number;
  /** Flush period in ms (default 1000; at most 5000 so a hard kill loses ≤ 5 s). */
  flushIntervalMs?: number;
  /** Records that trigger an early flush (default 2000). */
  batchSize?: number;
  /** Called when a flush fails (the records are re-queued while there is room, else dropped and counted). */
  onError?: (e: unknown) => void;
  random?: () => number;
}

export interface BufferStats {
  /** Records handed to the log successfully. */
  written: number;
  /** Records dropped because the buffer was full (or a failed flush could not re-queue them). */
  dropped: number;
  /** Requests skipped by sampling. */
  sampledOut: number;
  /** Flushes that failed. */
  flushFailures: number;
  /** Records waiting. */
  pending: number;
}

export const MAX_FLUSH_INTERVAL_MS = 5000;

export function checkBufferOptions(o: BufferOptions): Required<Omit<BufferOptions, 'onError' | 'random'>> {
  const sampleRate = o.sampleRate ?? 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`monitoring.sampleRate: expected a number in [0, 1], got ${String(sampleRate)}`);
  const capacity = o.capacity ?? 100_000;
  if (!Number.isInteger(capacity) || capacity < 1) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`monitoring.bufferCapacity: expected an integer ≥ 1, got ${String(capacity)}`);
  const flushIntervalMs = o.flushIntervalMs ?? 1000;
  if (!Number.isInteger(flushIntervalMs) || flushIntervalMs < 10 || flushIntervalMs > MAX_FLUSH_INTERVAL_MS) {
    throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`monitoring.flushIntervalMs: expected an integer in [10, ${MAX_FLUSH_INTERVAL_MS}], got ${String(flushIntervalMs)}`);
  }
  const batchSize = o.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`monitoring.batchSize: expected an integer ≥ 1, got ${String(batchSize)}`);
  return { sampleRate, capacity, flushIntervalMs, batchSize };
}

/** `E` is whatever the producer pushes (serving: one request's rows); `size(e)` records, `toRecords` converts at flush. */
export class PredictionBuffer<E> {
  private queue: E[] = [];
  private queued = 0;
  private readonly o: ReturnType<typeof checkBufferOptions>;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private early = false;
  private closed = false;
  private readonly random: () => number;
  readonly stats: BufferStats = { written: 0, dropped: 0, sampledOut: 0, flushFailures: 0, pending: 0 };

  constructor(
    private readonly log: PredictionLog,
    private readonly size: (e: E) => number,
    private readonly toRecords: (entries: E[]) => PredictionRecord[],
    options: BufferOptions = {},
  ) {
    this.o = checkBufferOptions(options);
    this.random = options.random ?? Math.random;
    this.onError = options.onError ?? (() => {});
    this.timer = setInterval(() => void this.flush(), this.o.flushIntervalMs);
    this.timer.unref();
  }

  private readonly onError: (e: unknown) => void;

  /** Whether this request should be recorded (call before copying anything). */
  sampled(): boolean {
    if (this.o.sampleRate >= 1) return true;
    if (this.random() < this.o.sampleRate) return true;
    this.stats.sampledOut++;
    return false;
  }

  /** Queue one entry; false (and counted) when full or closed. Never waits. */
  offer(e: E): boolean {
    const n = this.size(e);
    if (this.closed || this.queued + n > this.o.capacity) {
      this.stats.dropped += n;
      return false;
    }
    this.queue.push(e);
    this.queued += n;
    this.stats.pending = this.queued;
    if (this.queued >= this.o.batchSize && !this.early) {
      this.early = true;
      setImmediate(() => {
        this.early = false;
        void this.flush();
      });
    }
    return true;
  }

  /** Write everything queued so far (one flush at a time; a call during a flush waits for it, then drains the rest). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const entries = this.queue;
    const n = this.queued;
    this.queue = [];
    this.queued = 0;
    this.stats.pending = 0;
    this.flushing = (async () => {
      try {
        await this.log.append(this.toRecords(entries));
        this.stats.written += n;
      } catch (e) {
        this.stats.flushFailures++;
        this.onError(e);
        // Put them back in front while there is room; what does not fit is dropped and counted.
        if (!this.closed && this.queued + n <= this.o.capacity) {
          this.queue = entries.concat(this.queue);
          this.queued += n;
        } else this.stats.dropped += n;
        this.stats.pending = this.queued;
      } finally {
        this.flushing = undefined;
      }
    })();
    await this.flushing;
  }

  /** Stop the timer, flush what is pending, refuse further records. Does not close the log. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    await this.flush(); // a flush that failed during the first call re-queued; try once more before giving up
  }
}
