/**
 * The units of work of a boosting fit, as tasks that any thread can run: the main thread runs them all itself when
 * there are no helpers, and with helpers every thread claims tasks from the same table (level-engine.ts). A task's
 * output depends only on its descriptor and the shared inputs, never on which thread ran it or on how the work was
 * cut into tasks, so fits are bit-identical for any number of workers:
 *
 *   - partition: stable partition of a node's rows on its split (a whole node, several small nodes, or one chunk of
 *     a large node partitioned in place — the engine then stitches the chunks in row order);
 *   - jobs: for a feature range of one or more split nodes, build the smaller child's histogram from its rows, make
 *     the larger child's as parent − smaller, and find each child's best split over that feature range. Every bin
 *     is summed in row order by exactly one thread, and per-range best splits are merged in feature order keeping
 *     the first strictly best one, which is what one scan over all features keeps;
 *   - row work of a round (probabilities and loss terms, gradients, adding the new tree's leaf values) over row
 *     ranges, each row written by one thread only.
 *
 * Descriptor layouts (Int32 unless noted; `stride` values per entry):
 *   partNode  [start, end, offset of the split feature's column in binsCol]        per node; goLeft: 1 << binShift bytes per node
 *   partTask  [n0, n1, a, b]   nodes n0..n1-1 whole (a = -1), or rows [a, b) of node n0 (a chunk)
 *   partOut   whole nodes: first right position per node (partMid); chunks: left count per task (partLeft)
 *   jobI      [buildSlot, subSlot, start, end, slotA, slotB, outBase, totals]   (-1 = none; totals = 1: the task with
 *             the first feature chunk also writes the rows' ΣG, ΣH to jobF[0, 1], for a root built before its totals are known)
 *   jobF      Float64 [G_A, H_A, C_A, G_B, H_B, C_B]
 *   jobTask   [j0, j1, qa, qb, chunk]  jobs j0..j1-1 over feats[qa, qb); results at (outBase_j + chunk)·2 + 0|1
 *   jobOut    Float64, RES_STRIDE per result (packSplit)
 *   rowTask   [a, b]
 *
 * Binning runs here too, before any tree: each feature's cut points and column of bins (binning.ts binFeature, a
 * task per feature), then the row-major copy by row ranges.
 */
import { CatScratch, GRAD_STATS, buildGradHist, scanGradFeature, subtractGradHist } from '../kernels/grad-histogram.js';
import type { GradSplitParams } from '../kernels/grad-histogram.js';
import { partitionRows, partitionRowsApart } from '../kernels/partition.js';
import { SplitInfo } from '../kernels/split.js';
import { addLeafRange, gradRange, probsGradRange, probsRange } from './row-kernels.js';
import { binFeature } from '../kernels/binning.js';
import type { BinArray } from '../kernels/binning.js';

export const CMD_PART = 1, CMD_JOBS = 2, CMD_PROBS = 3, CMD_GRAD = 4, CMD_ADD = 5, CMD_EXIT = 6, CMD_BIN = 7, CMD_TRANSPOSE = 8, CMD_PROBS_GRAD = 9;
export const PART_NODE = 3, PART_TASK = 4, JOB_I = 8, JOB_F = 6, JOB_TASK = 5, ROW_TASK = 2;
/** Values per packed split: 9 scalars, then up to 256 left categories. */
export const RES_STRIDE = 9 + 256;
/** Histogram slots per arena page (pages are added as a fit needs them). */
export const PAGE_SLOTS = 8;

/** Descriptor tables that grow on demand; helpers receive replacements through their message port. */
export const TABLES = {
  partNode: Int32Array, partTask: Int32Array, partMid: Int32Array, partLeft: Int32Array, goLeft: Uint8Array,
  jobI: Int32Array, jobF: Float64Array, jobTask: Int32Array, jobOut: Float64Array, rowTask: Int32Array,
  cols: Float64Array, binKind: Int32Array, edgeTab: Float64Array,
} as const;
export type TableName = keyof typeof TABLES;
export interface Tables {
  partNode: Int32Array; partTask: Int32Array; partMid: Int32Array; partLeft: Int32Array; goLeft: Uint8Array;
  jobI: Int32Array; jobF: Float64Array; jobTask: Int32Array; jobOut: Float64Array; rowTask: Int32Array;
  /** Binning: raw columns (column-major n×F), per feature its category count or -1 (numeric), cut points (1 << binShift per feature). */
  cols: Float64Array; binKind: Int32Array; edgeTab: Float64Array;
}

/** A view of table `name` on `buffer`. */
export function tableView(name: TableName, buffer: ArrayBufferLike): Tables[TableName] {
  const Ctor = TABLES[name] as unknown as new (b: ArrayBufferLike) => Tables[TableName];
  return new Ctor(buffer);
}

/** Everything a task reads or writes; the same shape on the main thread and in helpers. */
export interface LevelData extends Tables {
  nRows: number;
  nFeatures: number;
  /**
   * Row-major bins (bins[row·F + f]: histograms gather whole rows, one cache line each) and the same bytes
   * column-major (binsCol[f·nRows + row]: partitioning reads one feature of a node's rows, and deep in a tree those
   * rows are sparse, so one byte per row touches far fewer cache lines than whole rows).
   */
  bins: BinArray;
  binsCol: BinArray;
  /** log2 of the histogram slots per feature: 8 for byte bins (max_bin ≤ 255), more for wide bins (binning.ts). */
  binShift: number;
  nBins: Int32Array;
  categorical: Uint8Array;
  withCount: boolean;
  split: GradSplitParams;
  grad: Float64Array;
  hess: Float64Array;
  rows: Int32Array;
  /** Partition scratch, indexed like rows. */
  tmp: Int32Array;
  feats: Int32Array;
  raw: Float64Array;
  prob: Float64Array;
  lossTerm: Float64Array;
  sample: Int32Array;
  posVal: Float64Array;
  y: Int32Array;
  w: Float64Array;
  O: number;
  /** Main thread without helpers: the dataset's own columns, read in place instead of `cols`. */
  colViews?: Float64Array[];
  /** Histogram slot s = pages[s / PAGE_SLOTS] at ((s % PAGE_SLOTS)·histLen). */
  pages: Float64Array[];
  histLen: number;
}

export function slotHist(d: LevelData, s: number): Float64Array {
  const o = (s % PAGE_SLOTS) * d.histLen;
  return d.pages[(s / PAGE_SLOTS) | 0]!.subarray(o, o + d.histLen);
}

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

/** Per-thread scratch. */
export class TaskScratch {
  readonly best = new SplitInfo(GRAD_STATS);
  readonly cs = new CatScratch();
}

/**
 * Stable partition of rows[a, b) of node `node`. A whole node ends as [left rows, right rows]; a chunk (`apart`)
 * leaves its right rows in tmp[a, …) for the engine's stitch, which moves them to their final place in one copy.
 */
function partitionNode(d: LevelData, node: number, a: number, b: number, apart: boolean): number {
  const pn = d.partNode;
  const colOff = pn[node * PART_NODE + 2]!;
  const sh = d.binShift;
  const goLeft = d.goLeft.subarray(node << sh, (node + 1) << sh);
  // column-major: the feature's byte of row r is binsCol[r·1 + colOff]
  const part = apart ? partitionRowsApart : partitionRows;
  return part(d.rows, a, b, d.tmp.subarray(a, b), d.binsCol, 1, colOff, goLeft);
}

export function scanRange(d: LevelData, hist: Float64Array, G: number, H: number, C: number, qa: number, qb: number, sc: TaskScratch): void {
  const best = sc.best;
  best.reset();
  for (let q = qa; q < qb; q++) {
    const f = d.feats[q]!;
    scanGradFeature(hist, d.nFeatures, f, d.nBins[f]!, d.categorical[f] === 1, G, H, C, d.split, best, sc.cs, d.binShift);
  }
}

export function runTask(d: LevelData, cmd: number, t: number, arg: number, sc: TaskScratch): void {
  if (cmd === CMD_JOBS) {
    const tk = d.jobTask, o = t * JOB_TASK;
    const j0 = tk[o]!, j1 = tk[o + 1]!, qa = tk[o + 2]!, qb = tk[o + 3]!, chunk = tk[o + 4]!;
    const fs = d.feats.subarray(qa, qb);
    for (let j = j0; j < j1; j++) {
      const ji = d.jobI, jf = d.jobF, b = j * JOB_I, bf = j * JOB_F;
      const built = slotHist(d, ji[b]!);
      const tot = qa === 0 && ji[b + 7] === 1 ? jf.subarray(bf, bf + 2) : undefined;
      buildGradHist(built, d.bins, d.nFeatures, d.nBins, d.rows, ji[b + 2]!, ji[b + 3]!, d.grad, d.hess, fs, qb - qa, d.withCount, tot, d.binShift);
      if (ji[b + 1]! >= 0) subtractGradHist(slotHist(d, ji[b + 1]!), built, d.nFeatures, d.nBins, fs, qb - qa, d.withCount, d.binShift);
      const res = (ji[b + 6]! + chunk) * 2;
      for (let x = 0; x < 2; x++) {
        const slot = ji[b + 4 + x]!;
        if (slot < 0) continue;
        scanRange(d, slotHist(d, slot), jf[bf + 3 * x]!, jf[bf + 3 * x + 1]!, jf[bf + 3 * x + 2]!, qa, qb, sc);
        packSplit(d.jobOut, (res + x) * RES_STRIDE, sc.best);
      }
    }
  } else if (cmd === CMD_PART) {
    const tk = d.partTask, o = t * PART_TASK;
    const n0 = tk[o]!, n1 = tk[o + 1]!, a = tk[o + 2]!;
    if (a >= 0) d.partLeft[t] = partitionNode(d, n0, a, tk[o + 3]!, true) - a;
    else {
      const pn = d.partNode;
      for (let n = n0; n < n1; n++) d.partMid[n] = partitionNode(d, n, pn[n * PART_NODE]!, pn[n * PART_NODE + 1]!, false);
    }
  } else if (cmd === CMD_BIN) {
    // features [a, b)
    const n = d.nRows;
    for (let j = d.rowTask[t * ROW_TASK]!; j < d.rowTask[t * ROW_TASK + 1]!; j++) {
      const kind = d.binKind[j]!;
      const col = d.colViews ? d.colViews[j]! : d.cols.subarray(j * n, (j + 1) * n);
      const e = binFeature(kind, col, n, arg, d.binsCol, j * n, 1);
      d.edgeTab.set(e, j << d.binShift);
      d.nBins[j] = kind >= 0 ? Math.max(1, kind) : e.length + 1;
      d.categorical[j] = kind >= 0 ? 1 : 0;
    }
  } else {
    const a = d.rowTask[t * ROW_TASK]!, b = d.rowTask[t * ROW_TASK + 1]!;
    if (cmd === CMD_TRANSPOSE) {
      const F = d.nFeatures, n = d.nRows, bins = d.bins, bc = d.binsCol;
      for (let i = a; i < b; i++) for (let j = 0; j < F; j++) bins[i * F + j] = bc[j * n + i]!;
      return;
    }
    if (cmd === CMD_PROBS) probsRange(d.raw, d.prob, d.lossTerm, d.y, d.w, d.O, a, b);
    else if (cmd === CMD_GRAD) gradRange(d.prob, d.y, d.w, d.sample, d.grad, d.hess, d.O, arg, a, b);
    else if (cmd === CMD_ADD) addLeafRange(d.raw, d.rows, d.posVal, d.O, arg, a, b);
    else if (cmd === CMD_PROBS_GRAD) probsGradRange(d.raw, d.prob, d.lossTerm, d.grad, d.hess, d.y, d.w, a, b);
  }
}
