/**
 * Worker thread of WorkerPredictionLog: owns its own connection to the log's SQL store and appends the batches the
 * service posts, so JSON encoding and SQLite's synchronous inserts never run on the service's event loop.
 * Messages in: {id, batch} | {close: true}; out: {id, error?} | {closed: true}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../db/open-store.js';
import { SqlPredictionLog } from './sql-prediction-log.js';
import type { PredictionRecord } from './prediction-log.js';

const { url, baseDir } = workerData as { url: string; baseDir?: string };
const log = new SqlPredictionLog(await openStore(url, { baseDir }), true);
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: { id?: number; batch?: PredictionRecord[]; close?: boolean }) => {
  // One append at a time, in arrival order.
  chain = chain.then(async () => {
    if (m.close) {
      await log.close();
      parentPort!.postMessage({ closed: true });
      return;
    }
    try {
      await log.append(m.batch!);
      parentPort!.postMessage({ id: m.id });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: (e as Error).message });
    }
  });
});
parentPort!.postMessage({ ready: true });
