/**
 * Helper thread for parallel-hist.ts: sleeps on the shared control block, builds its share of a node's features
 * into the staging histogram, reports done. Errors are written to the shared error buffer (the main thread is
 * blocked in Atomics.wait and cannot receive messages).
 */
import { workerData } from 'node:worker_threads';
import { buildGradHist } from '../kernels/grad-histogram.js';
import { SPIN_POLLS, C_CMD, C_DONE, C_END, C_ERR, C_GEN, C_NF, C_PARTIES, C_START, CMD_EXIT, ERR_BYTES, chunkOf } from './parallel-hist.js';
import type { HistWorkerData } from './parallel-hist.js';

const d = workerData as HistWorkerData;
const { ctrl } = d;
let gen = 0;
for (;;) {
  for (let s = 0; s < SPIN_POLLS && Atomics.load(ctrl, C_GEN) === gen; s++);
  Atomics.wait(ctrl, C_GEN, gen);
  gen = Atomics.load(ctrl, C_GEN);
  if (ctrl[C_CMD] === CMD_EXIT) break;
  try {
    const nf = ctrl[C_NF]!;
    const [a, b] = chunkOf(nf, ctrl[C_PARTIES]!, d.id);
    if (b > a) buildGradHist(d.stage, d.bins, d.nFeatures, d.nBins, d.rows, ctrl[C_START]!, ctrl[C_END]!, d.grad, d.hess, d.feats.subarray(a, b), b - a, d.withCount);
  } catch (e) {
    const bytes = new TextEncoder().encode(String((e as Error)?.stack ?? e)).subarray(0, ERR_BYTES - 1);
    d.err.set(bytes);
    Atomics.store(ctrl, C_ERR, 1);
  }
  Atomics.add(ctrl, C_DONE, 1);
  Atomics.notify(ctrl, C_DONE);
}
