/**
 * Helper thread for parallel-hist.ts: sleeps on the shared control block, builds its share of a node's features
 * into the staging histogram, reports done. Errors are written to the shared error buffer (the main thread is
 * blocked in Atomics.wait and cannot receive messages).
 */
import { workerData } from 'node:worker_threads';
import { CatScratch, GRAD_STATS, buildGradHist, scanGradFeature } from '../kernels/grad-histogram.js';
import { SplitInfo } from '../kernels/split.js';
import { Spin, CMD_BUILD, CMD_GRAD, CMD_ADD, CMD_PART, CMD_PROBS, CMD_SCAN, C_SLOT, RES_STRIDE, packSplit, C_CMD, C_DONE, C_END, C_ERR, C_GEN, C_NF, C_PARTIES, C_START, CMD_EXIT, ERR_BYTES, chunkOf } from './parallel-hist.js';
import type { HistWorkerData } from './parallel-hist.js';
import { addLeafRange, gradRange, probsRange } from './row-kernels.js';
import { partitionRows } from '../kernels/partition.js';

const d = workerData as HistWorkerData;
const { ctrl } = d;
let gen = 0;
const best = new SplitInfo(GRAD_STATS);
const cs = new CatScratch();
const slotHist = (s: number): Float64Array => d.arena.subarray(s * d.histLen, (s + 1) * d.histLen);
const spin = new Spin();
for (;;) {
  const budget = spin.polls;
  let s = 0;
  for (; s < budget && Atomics.load(ctrl, C_GEN) === gen; s++);
  if (s < budget) spin.caught(); else spin.missed();
  Atomics.wait(ctrl, C_GEN, gen);
  gen = Atomics.load(ctrl, C_GEN);
  if (ctrl[C_CMD] === CMD_EXIT) break;
  try {
    const cmd = ctrl[C_CMD]!, start = ctrl[C_START]!, end = ctrl[C_END]!, arg = ctrl[C_NF]!, parties = ctrl[C_PARTIES]!;
    if (cmd === CMD_BUILD) {
      // features chunk of the node
      const [a, b] = chunkOf(arg, parties, d.id);
      const slot = ctrl[C_SLOT]!;
      if (b > a) buildGradHist(slot >= 0 ? slotHist(slot) : d.stage, d.bins, d.nFeatures, d.nBins, d.rows, start, end, d.grad, d.hess, d.feats.subarray(a, b), b - a, d.withCount);
    } else if (cmd === CMD_SCAN) {
      // features chunk: best split of the node among them, packed for the main thread to merge
      const [a, b] = chunkOf(arg, parties, d.id);
      const hist = slotHist(ctrl[C_SLOT]!);
      const G = d.scanIn[0]!, H = d.scanIn[1]!, C = d.scanIn[2]!;
      best.reset();
      for (let q = a; q < b; q++) {
        const f = d.feats[q]!;
        scanGradFeature(hist, d.nFeatures, f, d.nBins[f]!, d.categorical[f] === 1, G, H, C, d.split, best, cs);
      }
      packSplit(d.scanOut, d.id * RES_STRIDE, best);
    } else {
      // rows chunk of [start, end)
      const [a0, b0] = chunkOf(end - start, parties, d.id);
      const a = start + a0, b = start + b0;
      if (cmd === CMD_PROBS) probsRange(d.raw, d.prob, d.lossTerm, d.y, d.w, d.O, a, b);
      else if (cmd === CMD_GRAD) gradRange(d.prob, d.y, d.w, d.sample, d.grad, d.hess, d.O, arg, a, b);
      else if (cmd === CMD_ADD) addLeafRange(d.raw, d.rows, d.posVal, d.O, arg, a, b);
      else if (cmd === CMD_PART && d.binsCol) {
        // arg = feature; this chunk partitioned in place, its left count reported (parallel-hist.ts stitches)
        const col = d.binsCol.subarray(arg * d.nRows, (arg + 1) * d.nRows);
        d.lefts[d.id] = partitionRows(d.rows, a, b, d.tmp.subarray(a, b), col, 1, 0, d.goLeft) - a;
      }
    }
  } catch (e) {
    const bytes = new TextEncoder().encode(String((e as Error)?.stack ?? e)).subarray(0, ERR_BYTES - 1);
    d.err.set(bytes);
    Atomics.store(ctrl, C_ERR, 1);
  }
  Atomics.add(ctrl, C_DONE, 1);
  Atomics.notify(ctrl, C_DONE);
}
