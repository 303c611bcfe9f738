/**
 * Runs the tasks of level-kernels.ts for a boosting fit, alone or with helper threads.
 *
 * Boosting is sequential over trees, so the parallelism is inside a tree, and it is handed out a whole level at a
 * time: the grower partitions every node of a level in one command and builds/scans every child of the level in
 * another (gbdt-tree.ts), so a depth-6 tree costs ~12 hand-offs instead of several per node. A command is a table
 * of tasks; every thread (main included) claims the next unclaimed task with a compare-and-swap on one word that
 * also carries the command's generation, so a helper that wakes late can neither take a task of a newer command
 * nor hold the main thread up: the main thread waits for the tasks to be finished, not for the helpers to show up.
 * Tasks are sized so each thread gets several (a helper descheduled by a busy machine then costs little).
 *
 * Without helpers (one worker, or a small data set) the main thread runs the same tasks in order, so the fit is
 * the same computation whatever the number of workers (see level-kernels.ts for why results are bit-identical).
 *
 * Node histograms live in pages of a shared arena, added on demand; descriptor tables grow on demand. Helpers are
 * blocked in their task loop, not in the event loop, so replacements reach them through a MessagePort that they
 * drain synchronously (receiveMessageOnPort) when the control block's epoch says something was sent.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { gradHistSize } from '../kernels/grad-histogram.js';
import type { GradSplitParams } from '../kernels/grad-histogram.js';
import { BIN_STRIDE } from '../kernels/binning.js';
import { categoricalLookup, numericLookup } from '../kernels/partition.js';
import type { SplitInfo } from '../kernels/split.js';
import { ModelErrors } from '../errors.js';
import type { GbdtContext } from './gbdt-tree.js';
import type { Dataset } from '../dataset.js';
import { MAX_CATEGORIES, NARROW_MAX_BINS, binStrideFor, checkCategoryCount, checkMaxBins, newBinArray, strideShift } from '../kernels/binning.js';
import type { BinArray } from '../kernels/binning.js';
import {
  CMD_ADD, CMD_BIN, CMD_EXIT, CMD_GRAD, CMD_TRANSPOSE, CMD_JOBS, CMD_PART, CMD_PROBS, CMD_PROBS_GRAD, JOB_F, JOB_I, JOB_TASK, PAGE_SLOTS, PART_NODE, PART_TASK,
  RES_STRIDE, ROW_TASK, TABLES, TaskScratch, runTask, scanRange, slotHist, tableView, unpackSplit,
} from './level-kernels.js';
import type { LevelData, TableName } from './level-kernels.js';

/** Below this many training rows the helper threads are not started at all. */
export const PARALLEL_MIN_DATASET = 20_000;
/** Task sizes: below these a task costs less than claiming it is worth (rows for partitions and row work). */
const PART_MIN_ROWS = 8192;
const ROW_MIN = 4096;
/** Job cost units ≈ one histogram update (one row × one feature); smaller jobs are never cut into chunks. */
const JOB_MIN_COST = 40_000;
/** Tasks per thread a command aims at: enough to balance uneven tasks and a late helper. */
const TASKS_PER_PARTY = 4;

/** ctrl slots. The claim word is (generation << CLAIM_BITS) | next task index. */
export const C_GEN = 0, C_CMD = 1, C_NTASKS = 2, C_CLAIM = 3, C_COMPLETED = 4, C_ERR = 5, C_EPOCH = 6, C_ARG = 7;
const CTRL_SLOTS = 8;
export const CLAIM_BITS = 12;
export const MAX_TASKS = (1 << CLAIM_BITS) - 1;
/** Generations wrap at 2^19 so the claim word stays a positive int32. */
const GEN_MASK = (1 << 19) - 1;
export const ERR_BYTES = 4096;
/**
 * Busy-wait before sleeping in Atomics.wait. Waking a sleeping thread costs a futex wake, and on a virtual machine
 * a halted vCPU takes longer still (measured: hundreds of µs here, as much as a level's task), while the gaps
 * between commands are mostly short: the serial merge after a level, a tree's bookkeeping. The budget is in time
 * and adapts (see Spin): on a machine where the other thread is often descheduled, spinning only burns the CPU it
 * needs, so a spin that had to end in sleep halves the next one.
 */
export const SPIN_MAX_US = 2000;
const SPIN_MIN_US = 20;

/** Adaptive spin: `until(cond)` polls while cond() holds for at most the current budget; true = cond ended. */
export class Spin {
  budgetUs = SPIN_MAX_US;
  /** Poll while `waiting()` is true, for at most the budget; false = still waiting (the caller sleeps). */
  spin(waiting: () => boolean): boolean {
    const end = performance.now() + this.budgetUs / 1000;
    for (;;) {
      for (let i = 0; i < 256; i++) if (!waiting()) { this.caught(); return true; }
      if (performance.now() >= end) { this.missed(); return false; }
    }
  }
  private caught(): void { if (this.budgetUs < SPIN_MAX_US) this.budgetUs = Math.min(SPIN_MAX_US, this.budgetUs * 2); }
  private missed(): void { if (this.budgetUs > SPIN_MIN_US) this.budgetUs = Math.max(SPIN_MIN_US, this.budgetUs / 2); }
}

/** Next task of generation `gen`, or -1 when the command has no unclaimed task left (or is not current). */
export function claimTask(ctrl: Int32Array, gen: number, nTasks: number): number {
  for (;;) {
    const w = Atomics.load(ctrl, C_CLAIM);
    if (w >>> CLAIM_BITS !== gen) return -1;
    const t = w & MAX_TASKS;
    if (t >= nTasks) return -1;
    if (Atomics.compareExchange(ctrl, C_CLAIM, w, w + 1) === w) return t;
  }
}

/** Labels, row weights and number of outputs: what the per-row kernels need; split constraints for the scans. */
export interface RowProblem {
  y: Int32Array;
  w: Float64Array;
  O: number;
  split: GradSplitParams;
}

/** What a helper is started with (structured-cloned; the typed arrays are SharedArrayBuffer views, not copies). */
export interface HelperInit {
  data: Omit<LevelData, 'pages'>;
  ctrl: Int32Array;
  err: Uint8Array;
  port: MessagePort;
}

/** A message to helpers: a replaced descriptor table or a new arena page, and the epoch it brings them to. */
export interface TableUpdate { epoch: number; table?: TableName; page?: number; buffer: SharedArrayBuffer }

/** Split [0, n) into `parts` contiguous chunks; chunk `id`. */
export function chunkOf(n: number, parts: number, id: number): [number, number] {
  return [Math.floor((n * id) / parts), Math.floor((n * (id + 1)) / parts)];
}

export class LevelEngine {
  readonly d: LevelData;
  readonly helpers: number;
  private readonly parties: number;
  private readonly shared: boolean;
  private readonly ctrl: Int32Array;
  private readonly err: Uint8Array;
  private readonly pool: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly exited: Promise<void>[] = [];
  private gen = 0;
  private epoch = 0;
  private readonly freeSlots: number[] = [];
  private readonly spin = new Spin();
  private readonly sc = new TaskScratch();
  private nPart = 0;
  private nJobs = 0;
  private nf = 0;
  /** Per partition node: first task and number of chunk tasks (0 = partitioned whole). */
  private partChunk0 = new Int32Array(64);
  private partChunks = new Int32Array(64);
  /** Per job: number of feature chunks its results are split into. */
  private jobChunks = new Int32Array(64);
  private taskCost = new Float64Array(64);
  private readonly taskRow = new Int32Array(JOB_TASK);
  private closed = false;
  private readonly maxBins: number;

  /**
   * `maxBins`: the fit's max_bin, which fixes the bin width (bytes up to 255, else 16 bits) and the histogram slots
   * per feature before any helper starts: a feature has at most min(maxBins, nRows) value bins + the missing bin.
   */
  constructor(nRows: number, nFeatures: number, withCount: boolean, workers: number, problem: RowProblem, maxBins = NARROW_MAX_BINS) {
    const F = nFeatures;
    checkMaxBins(maxBins);
    this.maxBins = maxBins;
    const sh = maxBins <= NARROW_MAX_BINS ? strideShift(BIN_STRIDE) : strideShift(binStrideFor(Math.min(maxBins, Math.max(nRows, MAX_CATEGORIES))));
    this.helpers = nRows >= PARALLEL_MIN_DATASET ? Math.max(0, Math.floor(workers) - 1) : 0;
    this.parties = this.helpers + 1;
    this.shared = this.helpers > 0;
    const f64 = (n: number): Float64Array => new Float64Array(this.buf(n * 8));
    const i32 = (n: number): Int32Array => new Int32Array(this.buf(n * 4));
    const u8 = (n: number): Uint8Array => new Uint8Array(this.buf(n));
    const O = problem.O;
    const y = i32(nRows);
    y.set(problem.y.subarray(0, nRows));
    const w = f64(nRows);
    w.set(problem.w.subarray(0, nRows));
    this.d = {
      nRows, nFeatures: F, bins: this.binArray(maxBins, nRows * F), binsCol: this.binArray(maxBins, nRows * F), binShift: sh,
      nBins: i32(F), categorical: u8(F), withCount,
      split: problem.split,
      grad: f64(nRows), hess: f64(nRows), rows: i32(nRows), tmp: i32(nRows), feats: i32(F),
      raw: f64(nRows * O), prob: f64(nRows * O), lossTerm: f64(nRows), sample: i32(nRows), posVal: f64(nRows),
      y, w, O,
      pages: [],
      // without row counts the count region of a histogram is never touched: pages hold (G, H) pairs only
      histLen: withCount ? gradHistSize(F, sh) : (F << sh) * 2,
      partNode: i32(64 * PART_NODE), partTask: i32(64 * PART_TASK), partMid: i32(64), partLeft: i32(64),
      goLeft: u8(64 << sh),
      jobI: i32(64 * JOB_I), jobF: f64(64 * JOB_F), jobTask: i32(64 * JOB_TASK), jobOut: f64(64 * 2 * RES_STRIDE),
      rowTask: i32(64 * ROW_TASK),
      cols: f64(1), binKind: i32(F), edgeTab: f64(F << sh),
    };
    this.ctrl = new Int32Array(this.buf(CTRL_SLOTS * 4));
    this.err = new Uint8Array(this.buf(ERR_BYTES));
    for (let id = 1; id <= this.helpers; id++) {
      const { port1, port2 } = new MessageChannel();
      const { pages: _pages, ...data } = this.d;
      const init: HelperInit = { data, ctrl: this.ctrl, err: this.err, port: port2 };
      const wk = new Worker(new URL('./hist-worker.js', import.meta.url), { workerData: init, transferList: [port2] });
      this.exited.push(new Promise((res) => { wk.once('exit', () => res()); wk.once('error', () => undefined); }));
      this.pool.push(wk);
      this.ports.push(port1);
    }
  }

  private binArray(maxBins: number, n: number): BinArray {
    return newBinArray(maxBins, n, this.shared);
  }

  private buf(bytes: number): ArrayBufferLike {
    const n = Math.max(8, bytes);
    return this.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n);
  }

  private post(u: Omit<TableUpdate, 'epoch'>): void {
    if (!this.shared) return;
    this.epoch++;
    for (const p of this.ports) p.postMessage({ ...u, epoch: this.epoch });
    Atomics.store(this.ctrl, C_EPOCH, this.epoch);
  }

  /** Make table `name` hold at least `n` elements (contents are not kept: descriptors are rewritten per command). */
  private ensure(name: TableName, n: number): void {
    if (this.d[name].length < n) this.replace(name, Math.max(n, this.d[name].length * 2));
  }

  private replace(name: TableName, len: number): void {
    const buffer = this.buf(len * TABLES[name].BYTES_PER_ELEMENT);
    (this.d as unknown as Record<TableName, unknown>)[name] = tableView(name, buffer);
    this.post({ table: name, buffer: buffer as SharedArrayBuffer });
  }

  // ---- binning ----

  /**
   * Bin the training data (binning.ts, the same bins computeBins gives): a task per feature, then the row-major copy
   * by row ranges. Returns what the grower needs to turn bins back into thresholds.
   */
  bin(data: Dataset, maxBins: number): GbdtContext {
    checkMaxBins(maxBins);
    // the bin width and histogram layout were fixed by the constructor's maxBins
    if (maxBins !== this.maxBins) throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`max_bin ${maxBins} differs from the engine's ${this.maxBins}`);
    const d = this.d, n = d.nRows, F = d.nFeatures;
    for (let j = 0; j < F; j++) {
      const spec = data.features[j]!;
      d.binKind[j] = spec.type === 'categorical' ? checkCategoryCount(spec) : -1;
    }
    if (this.helpers > 0) {
      // helpers read the raw columns from one shared copy; dropped again once binned
      this.ensure('cols', n * F);
      for (let j = 0; j < F; j++) d.cols.set(data.columns[j]!.subarray(0, n), j * n);
    } else d.colViews = data.columns;
    const nt = Math.min(F, MAX_TASKS);
    this.ensure('rowTask', nt * ROW_TASK);
    for (let t = 0; t < nt; t++) { const [a, b] = chunkOf(F, nt, t); d.rowTask[t * ROW_TASK] = a; d.rowTask[t * ROW_TASK + 1] = b; }
    this.run(CMD_BIN, nt, maxBins);
    d.colViews = undefined;
    if (this.helpers > 0) this.replace('cols', 1);
    this.rowOp(CMD_TRANSPOSE, n, 0);
    const edges: Float64Array[] = [];
    for (let j = 0; j < F; j++) edges.push(d.categorical[j] ? new Float64Array(0) : d.edgeTab.slice(j << d.binShift, (j << d.binShift) + d.nBins[j]! - 1));
    return { nFeatures: F, nBins: d.nBins, categorical: d.categorical, edges, withCount: d.withCount };
  }

  // ---- histogram slots ----

  takeSlot(): number {
    if (this.freeSlots.length === 0) {
      const page = this.d.pages.length;
      const buffer = this.buf(PAGE_SLOTS * this.d.histLen * 8);
      this.d.pages.push(new Float64Array(buffer));
      this.post({ page, buffer: buffer as SharedArrayBuffer });
      for (let s = PAGE_SLOTS - 1; s >= 0; s--) this.freeSlots.push(page * PAGE_SLOTS + s);
    }
    return this.freeSlots.pop()!;
  }

  releaseSlot(s: number): void { this.freeSlots.push(s); }

  setFeats(feats: Int32Array, nf: number): void {
    this.d.feats.set(feats.subarray(0, nf));
    this.nf = nf;
  }

  // ---- partition ----

  beginPartition(): void { this.nPart = 0; }

  /** Queue the stable partition of rows[start, end) on `split`; returns the node's index for partMid. */
  addPartNode(start: number, end: number, split: SplitInfo, missingBin: number): number {
    const i = this.nPart++;
    this.ensure('partNode', this.nPart * PART_NODE);
    const sh = this.d.binShift;
    this.ensure('goLeft', this.nPart << sh);
    this.ensure('partMid', this.nPart);
    const pn = this.d.partNode, o = i * PART_NODE, f = split.feature;
    pn[o] = start; pn[o + 1] = end; pn[o + 2] = this.d.binsCol ? f * this.d.nRows : f;
    const gl = this.d.goLeft.subarray(i << sh, (i + 1) << sh);
    if (split.categorical) categoricalLookup(gl, split.leftCats, split.nLeftCats, missingBin, split.missingLeft);
    else numericLookup(gl, split.lastLeftBin, missingBin, split.missingLeft);
    return i;
  }

  /** Partition all queued nodes; node i's first right position is then partMid(i). */
  runPartition(): void {
    const d = this.d, np = this.nPart, pn = d.partNode;
    if (np === 0) return;
    if (this.partChunk0.length < np) { this.partChunk0 = new Int32Array(np * 2); this.partChunks = new Int32Array(np * 2); }
    let total = 0;
    for (let i = 0; i < np; i++) total += pn[i * PART_NODE + 1]! - pn[i * PART_NODE]!;
    const target = this.parties === 1 ? Infinity : Math.max(PART_MIN_ROWS, Math.ceil(total / (this.parties * TASKS_PER_PARTY)));
    let nt = 0;
    const push = (n0: number, n1: number, a: number, b: number): void => {
      this.ensure('partTask', (nt + 1) * PART_TASK);
      const tk = d.partTask, o = nt++ * PART_TASK;
      tk[o] = n0; tk[o + 1] = n1; tk[o + 2] = a; tk[o + 3] = b;
    };
    let g0 = 0, gRows = 0;
    for (let i = 0; i < np; i++) {
      const s = pn[i * PART_NODE]!, e = pn[i * PART_NODE + 1]!, size = e - s;
      this.partChunks[i] = 0;
      // past the task limit everything left goes into one last group
      const full = nt >= MAX_TASKS - 66;
      if (size >= 2 * target && !full) {
        if (i > g0) push(g0, i, -1, -1);
        const k = Math.min(64, Math.ceil(size / target));
        this.partChunk0[i] = nt;
        this.partChunks[i] = k;
        for (let c = 0; c < k; c++) { const [a, b] = chunkOf(size, k, c); push(i, i + 1, s + a, s + b); }
        g0 = i + 1; gRows = 0;
      } else {
        gRows += size;
        if (gRows >= target && !full) { push(g0, i + 1, -1, -1); g0 = i + 1; gRows = 0; }
      }
    }
    if (np > g0) push(g0, np, -1, -1);
    this.ensure('partLeft', nt);
    this.run(CMD_PART, nt, 0);
    // Stitch chunked nodes: chunk c left its left rows at the start of its range and its right rows in tmp at the
    // same offset; move the left blocks down (chunk order), then copy the right blocks after them (chunk order).
    // Chunk order is row order, so this is exactly the sequential stable partition; right blocks live in tmp, so
    // moving left blocks cannot clobber them.
    const rows = d.rows, tmp = d.tmp;
    for (let i = 0; i < np; i++) {
      const k = this.partChunks[i]!;
      if (k === 0) continue;
      const s = pn[i * PART_NODE]!, size = pn[i * PART_NODE + 1]! - s, t0 = this.partChunk0[i]!;
      let l = s;
      for (let c = 0; c < k; c++) {
        const [a, b] = chunkOf(size, k, c);
        const nl = d.partLeft[t0 + c]!;
        // a chunk result that is not this command's would corrupt the rows silently: refuse it loudly instead
        if (!(nl >= 0 && nl <= b - a)) throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED(`partition chunk ${c}/${k} of node ${i}: left count ${nl} outside [0, ${b - a}]`);
        if (l !== s + a) rows.copyWithin(l, s + a, s + a + nl);
        l += nl;
      }
      d.partMid[i] = l;
      for (let c = 0; c < k; c++) {
        const [a, b] = chunkOf(size, k, c);
        const nr = b - a - d.partLeft[t0 + c]!;
        rows.set(tmp.subarray(s + a, s + a + nr), l);
        l += nr;
      }
    }
  }

  partMid(i: number): number { return this.d.partMid[i]!; }

  // ---- histogram jobs ----

  beginJobs(): void { this.nJobs = 0; }

  /**
   * Queue a job: build the histogram of rows[start, end) into `build`; if `sub` ≥ 0, sub −= build; find the best
   * split of the node in slot A (and of the one in slot B), -1 = none.
   */
  addJob(build: number, sub: number, start: number, end: number, slotA: number, GA: number, HA: number, CA: number, slotB: number, GB: number, HB: number, CB: number): number {
    const j = this.nJobs++;
    this.ensure('jobI', this.nJobs * JOB_I);
    this.ensure('jobF', this.nJobs * JOB_F);
    const ji = this.d.jobI, o = j * JOB_I;
    ji[o] = build; ji[o + 1] = sub; ji[o + 2] = start; ji[o + 3] = end; ji[o + 4] = slotA; ji[o + 5] = slotB; ji[o + 7] = 0;
    const jf = this.d.jobF, of = j * JOB_F;
    jf[of] = GA; jf[of + 1] = HA; jf[of + 2] = CA; jf[of + 3] = GB; jf[of + 4] = HB; jf[of + 5] = CB;
    return j;
  }

  /**
   * Queue a root job: build the histogram of rows[start, end) into `build` and sum the rows' gradients and hessians
   * on the way (jobTotals); no scan, since the node's totals are only known afterwards (scanSlot).
   */
  addRootJob(build: number, start: number, end: number): number {
    const j = this.addJob(build, -1, start, end, -1, 0, 0, 0, -1, 0, 0, 0);
    this.d.jobI[j * JOB_I + 7] = 1;
    return j;
  }

  /** ΣG and ΣH over a root job's rows, in row order (after runJobs). */
  jobTotals(j: number): [number, number] {
    return [this.d.jobF[j * JOB_F]!, this.d.jobF[j * JOB_F + 1]!];
  }

  /** Best split of the node in `slot` over all selected features, on this thread (as one job's scans would find). */
  scanSlot(slot: number, G: number, H: number, C: number, out: SplitInfo): boolean {
    scanRange(this.d, slotHist(this.d, slot), G, H, C, 0, this.nf, this.sc);
    out.copyFrom(this.sc.best);
    return out.feature >= 0;
  }

  runJobs(): void {
    const d = this.d, nj = this.nJobs, nf = this.nf, ji = d.jobI;
    if (nj === 0) return;
    if (this.jobChunks.length < nj) this.jobChunks = new Int32Array(nj * 2);
    // cost ≈ histogram updates: rows × features to build, plus the bins the subtraction and scans walk
    const cost = (j: number): number => {
      const o = j * JOB_I;
      return nf * (ji[o + 3]! - ji[o + 2]! + (ji[o + 1]! >= 0 ? 128 : 0) + (ji[o + 4]! >= 0 ? 512 : 0) + (ji[o + 5]! >= 0 ? 512 : 0));
    };
    let total = 0;
    for (let j = 0; j < nj; j++) total += cost(j);
    const P = this.parties;
    // Feature chunks re-read each row's index, gradient and hessian, so a node is cut only as far as balancing the
    // level needs: into up to P chunks when it is a large share of the level (a lone root: one chunk per thread);
    // other nodes stay whole tasks. Tiny consecutive jobs are grouped to keep the number of claims small.
    const tiny = total / (P * 8);
    let nt = 0, outs = 0;
    const push = (j0: number, j1: number, qa: number, qb: number, chunk: number, c: number): void => {
      this.ensure('jobTask', (nt + 1) * JOB_TASK);
      if (this.taskCost.length <= nt) { const tc = new Float64Array(nt * 2 + 2); tc.set(this.taskCost); this.taskCost = tc; }
      const tk = d.jobTask, o = nt * JOB_TASK;
      tk[o] = j0; tk[o + 1] = j1; tk[o + 2] = qa; tk[o + 3] = qb; tk[o + 4] = chunk;
      this.taskCost[nt++] = c;
    };
    let g0 = 0, gCost = 0;
    for (let j = 0; j < nj; j++) {
      const c = cost(j);
      // past the task limit everything left goes into one last group
      const full = nt >= MAX_TASKS - P - 2;
      const k = P === 1 || c < JOB_MIN_COST || full ? 1 : Math.min(P, nf, Math.ceil((c * P * 1.5) / total));
      if ((k > 1 || c >= tiny) && !full) {
        if (j > g0) push(g0, j, 0, nf, 0, gCost);
        for (let q = 0; q < k; q++) { const [qa, qb] = chunkOf(nf, k, q); push(j, j + 1, qa, qb, q, (c * (qb - qa)) / nf); }
        this.jobChunks[j] = k;
        g0 = j + 1; gCost = 0;
      } else {
        this.jobChunks[j] = 1;
        gCost += c;
        if (gCost >= tiny && !full) { push(g0, j + 1, 0, nf, 0, gCost); g0 = j + 1; gCost = 0; }
      }
      ji[j * JOB_I + 6] = outs;
      outs += this.jobChunks[j]!;
    }
    if (nj > g0) push(g0, nj, 0, nf, 0, gCost);
    this.ensure('jobOut', outs * 2 * RES_STRIDE);
    if (nt > 2) this.sortTasksByCost(nt);
    this.run(CMD_JOBS, nt, 0);
  }

  /** Largest tasks first (longest-processing-time order), so the last tasks claimed are short. */
  private sortTasksByCost(nt: number): void {
    // stable insertion sort of the descriptors by falling cost (a level has a few dozen tasks; no allocation)
    const tk = this.d.jobTask, tc = this.taskCost, row = this.taskRow;
    for (let i = 1; i < nt; i++) {
      const c = tc[i]!;
      let k = i;
      while (k > 0 && tc[k - 1]! < c) k--;
      if (k === i) continue;
      for (let q = 0; q < JOB_TASK; q++) row[q] = tk[i * JOB_TASK + q]!;
      tk.copyWithin((k + 1) * JOB_TASK, k * JOB_TASK, i * JOB_TASK);
      tc.copyWithin(k + 1, k, i);
      for (let q = 0; q < JOB_TASK; q++) tk[k * JOB_TASK + q] = row[q]!;
      tc[k] = c;
    }
  }

  /**
   * The best split job j found for its node x (0 = slot A, 1 = slot B), merged over feature chunks in feature
   * order, a later chunk winning only when strictly better: what one scan over all features gives. False = none.
   */
  jobSplit(j: number, x: number, out: SplitInfo): boolean {
    const d = this.d, base = d.jobI[j * JOB_I + 6]!, k = this.jobChunks[j]!;
    out.reset();
    for (let c = 0; c < k; c++) {
      const o = ((base + c) * 2 + x) * RES_STRIDE;
      if (d.jobOut[o]! >= 0 && d.jobOut[o + 1]! > out.gain) unpackSplit(d.jobOut, o, out);
    }
    return out.feature >= 0;
  }

  // ---- per-row work of a round ----

  private rowOp(cmd: number, count: number, arg: number): void {
    const parts = this.parties === 1 ? 1 : Math.max(1, Math.min(this.parties * TASKS_PER_PARTY, Math.floor(count / ROW_MIN)));
    this.ensure('rowTask', parts * ROW_TASK);
    for (let t = 0; t < parts; t++) {
      const [a, b] = chunkOf(count, parts, t);
      this.d.rowTask[t * ROW_TASK] = a; this.d.rowTask[t * ROW_TASK + 1] = b;
    }
    this.run(cmd, parts, arg);
  }

  /** prob and lossTerm for all rows from raw. */
  probs(): void { this.rowOp(CMD_PROBS, this.d.nRows, 0); }
  /** grad/hess of output k for sample[0, m). */
  grads(k: number, m: number): void { this.rowOp(CMD_GRAD, m, k); }
  /** raw[rows[q]·O + k] += posVal[q] for q in [0, m): the new tree's outputs for the rows it was grown on. */
  addLeaves(k: number, m: number): void { this.rowOp(CMD_ADD, m, k); }
  /** Binary with every row in the sample: probs, then grads of output 0 for all rows, in one pass. */
  probsGrads(): void { this.rowOp(CMD_PROBS_GRAD, this.d.nRows, 0); }

  // ---- running a command ----

  private run(cmd: number, nTasks: number, arg: number): void {
    const d = this.d, sc = this.sc;
    if (this.helpers === 0 || nTasks <= 1) {
      for (let t = 0; t < nTasks; t++) runTask(d, cmd, t, arg, sc);
      return;
    }
    if (nTasks > MAX_TASKS) throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED(`${nTasks} tasks in one command (at most ${MAX_TASKS})`);
    const ctrl = this.ctrl;
    const gen = (this.gen = (this.gen + 1) & GEN_MASK);
    ctrl[C_CMD] = cmd;
    ctrl[C_NTASKS] = nTasks;
    ctrl[C_ARG] = arg;
    Atomics.store(ctrl, C_COMPLETED, 0);
    Atomics.store(ctrl, C_CLAIM, gen << CLAIM_BITS);
    Atomics.store(ctrl, C_GEN, gen);
    Atomics.notify(ctrl, C_GEN);
    let mine = 0;
    try {
      for (let t = claimTask(ctrl, gen, nTasks); t >= 0; t = claimTask(ctrl, gen, nTasks)) {
        mine++;
        runTask(d, cmd, t, arg, sc);
        Atomics.add(ctrl, C_COMPLETED, 1);
      }
    } catch (e) {
      // stop handing out this command's tasks before leaving: helpers finish the ones they hold
      Atomics.store(ctrl, C_CLAIM, (gen << CLAIM_BITS) | MAX_TASKS);
      throw e;
    }
    if (mine < nTasks) this.waitCompleted(nTasks);
    if (Atomics.load(ctrl, C_ERR) !== 0) {
      const n = this.err.indexOf(0);
      const msg = new TextDecoder().decode(this.err.slice(0, n < 0 ? ERR_BYTES : n));
      throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED(`histogram worker failed: ${msg}`);
    }
  }

  /** The remaining tasks are running on helpers: spin briefly, then sleep in slices. */
  private waitCompleted(nTasks: number): void {
    const ctrl = this.ctrl;
    if (this.spin.spin(() => Atomics.load(ctrl, C_COMPLETED) < nTasks)) return;
    let waited = 0;
    for (;;) {
      const c = Atomics.load(ctrl, C_COMPLETED);
      if (c >= nTasks) return;
      // Sliced wait: the event loop is blocked here, so a helper that died holding a task is detected by time.
      if (Atomics.wait(ctrl, C_COMPLETED, c, 1000) === 'timed-out' && ++waited > 600) {
        throw ModelErrors.FW_ERR_MODEL_WORKER_FAILED('a histogram worker did not finish its task for 10 minutes');
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.helpers === 0) return;
    const ctrl = this.ctrl;
    ctrl[C_CMD] = CMD_EXIT;
    Atomics.store(ctrl, C_GEN, (this.gen + 1) & GEN_MASK);
    Atomics.notify(ctrl, C_GEN);
    const timer = setTimeout(() => { for (const w of this.pool) void w.terminate(); }, 5000);
    await Promise.all(this.exited);
    clearTimeout(timer);
    for (const p of this.ports) p.close();
  }
}
