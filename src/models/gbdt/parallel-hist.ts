/**
 * Parallel histogram building for gradient boosting.
 *
 * Boosting is sequential over trees, so the parallelism is inside a node: the node's features are divided between
 * the main thread and W helper threads, each summing its own features over all the node's rows into a shared
 * staging histogram. Features are disjoint, so nothing is reduced and each bin is summed in row order by exactly
 * one thread: the result is bit-identical whatever the number of workers.
 *
 * Coordination uses Atomics on a shared control block (no postMessage per node): helpers sleep in Atomics.wait on a
 * generation counter; the main thread publishes a task, does its share, then waits for the done counter. Small
 * nodes (under PARALLEL_MIN_ROWS) are built on the main thread alone, where a hand-off would cost more than it
 * saves. Binned matrix, gradients, hessians and row indices are SharedArrayBuffer views, never copied.
 *
 * The per-row work of a round (probabilities + loss terms of the current model, then gradients for each output) is
 * split the same way, by contiguous row ranges (row-kernels.ts): it used to run on the main thread alone and, with
 * partitioning and split finding, kept a 2-worker fit at ~1.2 cores. Each row is written by one thread only, so
 * this is bit-identical too.
 */
import { Worker } from 'node:worker_threads';
import type { GbdtContext, HistBuilder } from './gbdt-tree.js';
import { CatScratch, GRAD_STATS, buildGradHist, copyGradHist, gradHistSize, scanGradFeature } from '../kernels/grad-histogram.js';
import type { GradSplitParams } from '../kernels/grad-histogram.js';
import { SplitInfo } from '../kernels/split.js';
import { ModelErrors } from '../errors.js';
import { addLeafRange, gradRange, probsRange } from './row-kernels.js';
import { partitionRows } from '../kernels/partition.js';

export const PARALLEL_MIN_ROWS = 2048;
/**
 * Busy-wait up to this many polls before sleeping in Atomics.wait. A futex wake costs tens of µs, as much as
 * building a 2k-row node; tasks arrive back to back while a tree grows, so a short spin keeps the hand-off cheap,
 * and the sleep after it keeps an idle helper (between rounds, during prediction updates) off the CPU. The budget
 * adapts (see Spin): on a machine where the other thread is often descheduled, spinning only burns the CPU it needs.
 */
export const SPIN_POLLS = 20_000;
const SPIN_MIN = 256;
const PARALLEL_PARTITION = false;

/** Adaptive spin budget: grows after a spin that caught the event, shrinks after one that had to go to sleep. */
export class Spin {
  polls = SPIN_POLLS;
  caught(): void { if (this.polls < SPIN_POLLS) this.polls *= 2; }
  missed(): void { if (this.polls > SPIN_MIN) this.polls >>= 1; }
}
/** Below this many training rows the helper threads are not started at all. */
export const PARALLEL_MIN_DATASET = 20_000;

/** ctrl slots */
export const C_GEN = 0, C_DONE = 1, C_CMD = 2, C_START = 3, C_END = 4, C_NF = 5, C_ERR = 6, C_PARTIES = 7, C_SLOT = 8;
const CTRL_SLOTS = 9;
/** C_NF carries the output index k for CMD_GRAD. */
export const CMD_BUILD = 1, CMD_EXIT = 2, CMD_PROBS = 3, CMD_GRAD = 4, CMD_PART = 5, CMD_SCAN = 6, CMD_ADD = 7;
/** C_SLOT = -1: the node histogram is not in the shared arena (build into `stage`, copy out). */
export const ERR_BYTES = 4096;

export interface SharedGbdtBuffers {
  grad: Float64Array;
  hess: Float64Array;
  rows: Int32Array;
  /** Raw scores (n × O) and probabilities (n × O) of the current model; per-row loss terms (see row-kernels.ts). */
  raw: Float64Array;
  prob: Float64Array;
  lossTerm: Float64Array;
  /** Rows of this round's subsample, gradients are computed for sample[0, m). */
  sample: Int32Array;
  /** Per position of `rows`: the value of the leaf that owns it (filled by the caller before ops.addLeaves). */
  posVal: Float64Array;
}

/** Labels, row weights and number of outputs: what the per-row kernels need besides the shared buffers. */
export interface RowProblem {
  y: Int32Array;
  w: Float64Array;
  O: number;
  /** Split constraints: split finding is shared between threads too. */
  split: GradSplitParams;
}

/** The round's per-row work, run over all threads. */
export interface RowOps {
  /** prob and lossTerm for all rows from raw. */
  probs(): void;
  /** grad/hess of output k for sample[0, m). */
  grads(k: number, m: number): void;
  /** raw[rows[q]·O + k] += posVal[q] for q in [0, m): the new tree's outputs for the rows it was grown on. */
  addLeaves(k: number, m: number): void;
}

const ARENA_MAX_SLOTS = 160;
const ARENA_MAX_BYTES = 64 * 1024 * 1024;
/** Values per party in scanOut: 9 scalars, then up to 256 left categories. */
export const RES_STRIDE = 9 + 256;

export function packSplit(out: Float64Array, o: number, s: SplitInfo): void {
  out[o] = s.feature; out[o + 1] = s.gain; out[o + 2] = s.lastLeftBin; out[o + 3] = s.categorical ? 1 : 0;
  out[o + 4] = s.nLeftCats; out[o + 5] = s.missingLeft ? 1 : 0; out[o + 6] = s.leftStats[0]!; out[o + 7] = s.leftStats[1]!;
  out[o + 8] = s.leftCount;
  for (let c = 0; c < s.nLeftCats; c++) out[o + 9 + c] = s.leftCats[c]!;
}

export function unpackSplit(src: Float64Array, o: number, s: SplitInfo): void {
  s.feature = src[o]!; s.gain = src[o + 1]!; s.lastLeftBin = src[o + 2]!; s.categorical = src[o + 3] === 1;
  s.nLeftCats = src[o + 4]!; s.missingLeft = src[o + 5] === 1; s.leftStats[0] = src[o + 6]!; s.leftStats[1] = src[o + 7]!;
  s.leftCount = src[o + 8]!;
  for (let c = 0; c < s.nLeftCats; c++) s.leftCats[c] = src[o + 9 + c]!;
}

export function sharedF64(n: number): Float64Array { return new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8))); }
function sharedI32(n: number): Int32Array { return new Int32Array(new SharedArrayBuffer(Math.max(4, n * 4))); }

export interface HistWorkerData {
  id: number;
  bins: Uint8Array;
  nFeatures: number;
  nBins: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
  rows: Int32Array;
  feats: Int32Array;
  stage: Float64Array;
  ctrl: Int32Array;
  err: Uint8Array;
  withCount: boolean;
  raw: Float64Array;
  prob: Float64Array;
  lossTerm: Float64Array;
  sample: Int32Array;
  posVal: Float64Array;
  y: Int32Array;
  w: Float64Array;
  O: number;
  categorical: Uint8Array;
  split: GradSplitParams;
  /** Node histograms shared with the helpers: slot s = arena[s·histLen, (s+1)·histLen). */
  arena: Float64Array;
  histLen: number;
  /** Node totals G, H, C for CMD_SCAN, and each party's best split (RES_STRIDE values, see packSplit). */
  scanIn: Float64Array;
  scanOut: Float64Array;
  /** Column-major bins (ctx.binsCol) or null: partitioning stays on the main thread. */
  binsCol: Uint8Array | null;
  nRows: number;
  /** Partition scratch (same indexing as rows), the split's bin lookup, and each party's left count. */
  tmp: Int32Array;
  goLeft: Uint8Array;
  lefts: Int32Array;
}

/** Split [0, nf) into `parties` contiguous chunks; chunk `id`. */
export function chunkOf(nf: number, parties: number, id: number): [number, number] {
  const a = Math.floor((nf * id) / parties);
  const b = Math.floor((nf * (id + 1)) / parties);
  return [a, b];
}

export async function withParallelHist<T>(
  ctx: GbdtContext, nRows: number, workers: number, problem: RowProblem,
  fn: (hb: HistBuilder | null, shared: SharedGbdtBuffers, ops: RowOps) => Promise<T>,
): Promise<T> {
  const O = problem.O;
  const grad = sharedF64(nRows), hess = sharedF64(nRows), rows = sharedI32(nRows);
  const raw = sharedF64(nRows * O), prob = sharedF64(nRows * O), lossTerm = sharedF64(nRows), sample = sharedI32(nRows);
  const posVal = sharedF64(nRows);
  const shared: SharedGbdtBuffers = { grad, hess, rows, raw, prob, lossTerm, sample, posVal };
  const helpers = nRows >= PARALLEL_MIN_DATASET ? Math.min(workers - 1, Math.max(0, ctx.nFeatures - 1)) : 0;
  if (helpers <= 0) {
    const { y, w } = problem;
    return fn(null, shared, {
      probs: () => probsRange(raw, prob, lossTerm, y, w, O, 0, nRows),
      grads: (k, m) => gradRange(prob, y, w, sample, grad, hess, O, k, 0, m),
      addLeaves: (k, m) => addLeafRange(raw, rows, posVal, O, k, 0, m),
    });
  }
  // Labels and weights are read by every thread: shared copies (small next to the bin matrix).
  const y = sharedI32(nRows);
  y.set(problem.y.subarray(0, nRows));
  const w = sharedF64(nRows);
  w.set(problem.w.subarray(0, nRows));

  const F = ctx.nFeatures;
  const stage = sharedF64(gradHistSize(F));
  const feats = sharedI32(F);
  const ctrl = sharedI32(CTRL_SLOTS);
  const histLen = gradHistSize(F);
  // Node histograms live in a shared arena so the helpers can build into and scan them in place. Depth-wise growth
  // keeps at most ~2^max_depth open; past the arena (or 64 MB), nodes get private histograms and those nodes are
  // built through `stage` and scanned on the main thread. Untouched arena pages are never committed by the OS.
  const nSlots = Math.max(0, Math.min(ARENA_MAX_SLOTS, Math.floor(ARENA_MAX_BYTES / (histLen * 8))));
  const arena = sharedF64(nSlots * histLen);
  let nextSlot = 0;
  const slotOf = (h: Float64Array): number => (h.buffer === arena.buffer ? h.byteOffset / (histLen * 8) : -1);
  const scanIn = sharedF64(4);
  const scanOut = sharedF64((helpers + 1) * RES_STRIDE);
  const err = new Uint8Array(new SharedArrayBuffer(ERR_BYTES));
  ctrl[C_PARTIES] = helpers + 1;
  const binsCol = ctx.binsCol && ctx.binsCol.buffer instanceof SharedArrayBuffer ? ctx.binsCol : null;
  const tmp = sharedI32(nRows);
  const goLeftS = new Uint8Array(new SharedArrayBuffer(256));
  const lefts = sharedI32(helpers + 1);
  const pool: Worker[] = [];
  const exited: Promise<void>[] = [];
  for (let id = 1; id <= helpers; id++) {
    const wd: HistWorkerData = { id, bins: ctx.bins, nFeatures: F, nBins: ctx.nBins, grad, hess, rows, feats, stage, ctrl, err, withCount: ctx.withCount, raw, prob, lossTerm, sample, posVal, y, w, O, binsCol, nRows, tmp, goLeft: goLeftS, lefts, categorical: ctx.categorical, split: problem.split, arena, histLen, scanIn, scanOut };
    const wk = new Worker(new URL('./hist-worker.js', import.meta.url), { workerData: wd });
    exited.push(new Promise((res) => { wk.once('exit', () => res()); wk.once('error', () => undefined); }));
    pool.push(wk);
  }
  const parties = helpers + 1;
  const cs = new CatScratch();
  const spin = new Spin();
  const tmpSplit = new SplitInfo(GRAD_STATS);
  /** Publish a task, run the main thread's share, wait for the helpers (spin first, then sleep). */
  const run = (cmd: number, start: number, end: number, arg: number, mine: () => void): void => {
    ctrl[C_START] = start;
    ctrl[C_END] = end;
    ctrl[C_NF] = arg;
    ctrl[C_CMD] = cmd;
    Atomics.store(ctrl, C_DONE, 0);
    Atomics.add(ctrl, C_GEN, 1);
    Atomics.notify(ctrl, C_GEN);
    mine();
    let waited = 0;
    const budget = spin.polls;
    let s = 0;
    for (; s < budget && Atomics.load(ctrl, C_DONE) < helpers; s++);
    if (s < budget) spin.caught(); else spin.missed();
    for (;;) {
      const d = Atomics.load(ctrl, C_DONE);
      if (d >= helpers) break;
      // Sliced wait: the event loop is blocked here, so a helper that died without reporting is detected by time.
      if (Atomics.wait(ctrl, C_DONE, d, 1000) === 'timed-out' && ++waited > 600) {
        throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED('a histogram worker did not answer for 10 minutes');
      }
    }
    if (Atomics.load(ctrl, C_ERR) !== 0) {
      const msg = new TextDecoder().decode(err.slice(0, err.indexOf(0) < 0 ? ERR_BYTES : err.indexOf(0)));
      throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED(`histogram worker failed: ${msg}`);
    }
  };
  const hb: HistBuilder = {
    build(hist, rws, start, end, g, h, fl, nf) {
      if (end - start < PARALLEL_MIN_ROWS || nf < 2 || rws !== rows || g !== grad || h !== hess) {
        buildGradHist(hist, ctx.bins, F, ctx.nBins, rws, start, end, g, h, fl, nf, ctx.withCount);
        return;
      }
      feats.set(fl.subarray(0, nf));
      const [a, b] = chunkOf(nf, parties, 0);
      const slot = slotOf(hist);
      ctrl[C_SLOT] = slot;
      const dst = slot >= 0 ? hist : stage;
      run(CMD_BUILD, start, end, nf, () =>
        buildGradHist(dst, ctx.bins, F, ctx.nBins, rows, start, end, grad, hess, feats.subarray(a, b), b - a, ctx.withCount));
      if (slot < 0) copyGradHist(hist, stage, F, ctx.nBins, feats, nf, ctx.withCount);
    },
    allocHist: () => (nextSlot < nSlots ? arena.subarray(nextSlot * histLen, ++nextSlot * histLen) : null),
    scan(hist, G, H, C, fl, nf, best) {
      const slot = slotOf(hist);
      // Small nodes scan on the main thread: a node's scan costs the same at any size (features × bins) and is
      // short, so for the many small nodes the hand-off waits cost as much as the half scan saves (measured).
      if (slot < 0 || nf < 2 || C < PARALLEL_MIN_ROWS) return false;
      feats.set(fl.subarray(0, nf));
      ctrl[C_SLOT] = slot;
      scanIn[0] = G; scanIn[1] = H; scanIn[2] = C;
      const [a, b] = chunkOf(nf, parties, 0);
      best.reset();
      run(CMD_SCAN, 0, 0, nf, () => {
        for (let q = a; q < b; q++) {
          const f = feats[q]!;
          scanGradFeature(hist, F, f, ctx.nBins[f]!, ctx.categorical[f] === 1, G, H, C, problem.split, best, cs);
        }
      });
      // Parties hold consecutive feature chunks: taking a later party's split only when strictly better keeps the
      // first feature with the highest gain, exactly what the sequential scan keeps.
      for (let q = 1; q < parties; q++) {
        unpackSplit(scanOut, q * RES_STRIDE, tmpSplit);
        if (tmpSplit.feature >= 0 && tmpSplit.gain > best.gain) best.copyFrom(tmpSplit);
      }
      return true;
    },
  };
  // Off: under heavy CPU contention a stress run (4 fits in one process next to 3 spinning threads) once failed
  // in the stitching below with an out-of-range left count, i.e. a chunk result that was not the current task's.
  // Not yet explained; until it is, partitioning stays on the main thread (fits were identical in every run with
  // this off). See the perf-trees report.
  if (binsCol && PARALLEL_PARTITION) {
    /**
     * Each party partitions its contiguous chunk of the node's rows in place (left rows, then right rows: the
     * expensive part, one bin read per row); the main thread then stitches the chunks with block copies: all right
     * blocks to tmp in chunk order, left blocks moved down in chunk order, right blocks after them. Chunk order =
     * row order, so the result is exactly the sequential stable partition.
     */
    hb.partition = (rws, start, end, f, goLeft) => {
      if (end - start < PARALLEL_MIN_ROWS || rws !== rows) return -1;
      goLeftS.set(goLeft.subarray(0, 256));
      const col = binsCol.subarray(f * nRows, (f + 1) * nRows);
      const [a0, b0] = chunkOf(end - start, parties, 0);
      run(CMD_PART, start, end, f, () => {
        lefts[0] = partitionRows(rows, start + a0, start + b0, tmp.subarray(start + a0, start + b0), col, 1, 0, goLeftS) - (start + a0);
      });
      let r = start; // right blocks gathered in tmp[start, …)
      for (let q = 0; q < parties; q++) {
        const [a, b] = chunkOf(end - start, parties, q);
        const l = lefts[q]!;
        tmp.set(rows.subarray(start + a + l, start + b), r);
        r += b - a - l;
      }
      let l = start;
      for (let q = 0; q < parties; q++) {
        const [a] = chunkOf(end - start, parties, q);
        const nl = lefts[q]!;
        if (l !== start + a) rows.copyWithin(l, start + a, start + a + nl);
        l += nl;
      }
      rows.set(tmp.subarray(start, r), l);
      return l;
    };
  }
  const ops: RowOps = {
    probs: () => {
      const [a, b] = chunkOf(nRows, parties, 0);
      run(CMD_PROBS, 0, nRows, 0, () => probsRange(raw, prob, lossTerm, y, w, O, a, b));
    },
    grads: (k, m) => {
      const [a, b] = chunkOf(m, parties, 0);
      run(CMD_GRAD, 0, m, k, () => gradRange(prob, y, w, sample, grad, hess, O, k, a, b));
    },
    addLeaves: (k, m) => {
      const [a, b] = chunkOf(m, parties, 0);
      run(CMD_ADD, 0, m, k, () => addLeafRange(raw, rows, posVal, O, k, a, b));
    },
  };
  try {
    return await fn(hb, shared, ops);
  } finally {
    ctrl[C_CMD] = CMD_EXIT;
    Atomics.add(ctrl, C_GEN, 1);
    Atomics.notify(ctrl, C_GEN);
    const timer = setTimeout(() => { for (const w of pool) void w.terminate(); }, 5000);
    await Promise.all(exited);
    clearTimeout(timer);
  }
}
