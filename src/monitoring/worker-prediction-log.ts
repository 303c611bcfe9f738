import { Worker } from 'node:worker_threads';
import type { PredictionLog, PredictionQuery, PredictionRecord } from './prediction-log.js';
import { MonitorErrors } from './errors.js';

/**
 * A PredictionLog whose appends run in a worker thread (prediction-log-worker.ts, its own store connection): the
 * service's event loop only hands a batch over. Reads go to `reader` (a SqlPredictionLog on the same store).
 * Measured reason: at 100 % sampling, encoding and inserting on the event loop cost the service a large share of
 * its throughput (bench/monitoring/logging-overhead.ts).
 */
export class WorkerPredictionLog implements PredictionLog {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private seq = 0;
  /** Set once the worker died: every later append fails at once instead of waiting forever. */
  private failure?: Error;
  private closed?: Promise<void>;
  private readonly ready: Promise<void>;

  constructor(private readonly reader: PredictionLog, url: string, baseDir?: string) {
    // execArgv: [] — the worker must not inherit flags such as `-e <code>` or `--input-type` from the host process.
    this.worker = new Worker(new URL('./prediction-log-worker.js', import.meta.url), { workerData: { url, baseDir }, execArgv: [] });
    let onReady!: () => void, onFail!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => { onReady = res; onFail = rej; });
    this.ready.catch(() => {});
    this.worker.on('message', (m: { ready?: boolean; id?: number; error?: string; closed?: boolean }) => {
      if (m.ready) return onReady();
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(MonitorErrors.FW_ERR_MONITOR_LOG_WRITE(`prediction log write failed: ${m.error}`));
      else p?.resolve();
      if (this.pending.size === 0) this.worker.unref();
    });
    const dead = (e: Error) => {
      this.failure ??= e;
      onFail(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker.unref();
    };
    this.worker.on('error', (e) => dead(MonitorErrors.FW_ERR_MONITOR_LOG_WRITE(`prediction log writer failed: ${e.message}`, undefined, e)));
    this.worker.on('exit', (code) => dead(MonitorErrors.FW_ERR_MONITOR_LOG_WRITE(`prediction log writer stopped (exit ${code})`)));
    // Referenced until the store is open: a caller awaiting whenReady() with nothing else on the event loop (the
    // `forewarn serve` start-up) would otherwise see the process exit with an unsettled await (exit code 13).
    this.ready.then(() => { if (this.pending.size === 0) this.worker.unref(); }, () => {});
  }

  /** Resolves once the worker's store is open (throws if it could not open it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  append(batch: readonly PredictionRecord[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref(); // keep the process alive until the write is acknowledged
      this.worker.postMessage({ id, batch });
    });
  }

  read(q: PredictionQuery, pageSize?: number): AsyncIterable<PredictionRecord[]> {
    return this.reader.read(q, pageSize);
  }
  count(q: PredictionQuery): Promise<number> {
    return this.reader.count(q);
  }
  versions(model: string) {
    return this.reader.versions(model);
  }
  prune(before: string): Promise<number> {
    return this.reader.prune(before);
  }

  /** Waits for every acknowledged write, closes the worker's store, stops the worker (the reader is the caller's). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.failure) return;
      this.worker.ref();
      await new Promise<void>((res) => {
        const onMsg = (m: { closed?: boolean }) => { if (m.closed) { this.worker.off('message', onMsg); res(); } };
        this.worker.on('message', onMsg);
        this.worker.postMessage({ close: true });
      });
      await this.worker.terminate();
    })();
    return this.closed;
  }
}
