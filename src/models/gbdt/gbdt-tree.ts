/**
 * Grows one gradient-boosting tree on binned data from per-row gradients and hessians.
 *
 * Growth policy:
 *   - depth-wise (max_leaves unset): nodes are split level by level in creation order up to max_depth (XGBoost's
 *     default policy);
 *   - leaf-wise (max_leaves set): always split the open leaf with the largest gain until max_leaves leaves
 *     (LightGBM's policy), still bounded by max_depth when it is ≥ 1.
 * Each open leaf keeps its histogram; when it splits, only the child with fewer rows is built from rows and the
 * other child reuses the parent's buffer as parent − smaller child.
 *
 * Leaf value = −G/(H + λ) × learning_rate (Newton step, shrunk); inner nodes hold the same quantity for their rows
 * (what TreeSHAP needs as the node's expected output). cover = H.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { BIN_STRIDE } from '../kernels/binning.js';
import { CatScratch, GRAD_STATS, buildGradHist, gradHistSize, scanGradFeature, subtractGradHist } from '../kernels/grad-histogram.js';
import type { GradSplitParams } from '../kernels/grad-histogram.js';
import { categoricalLookup, numericLookup, partitionRows } from '../kernels/partition.js';
import { SplitInfo } from '../kernels/split.js';
import { thresholdFor } from '../kernels/thresholds.js';
import { TreeBuilder } from '../kernels/tree-builder.js';

export interface GbdtContext {
  nFeatures: number;
  bins: Uint8Array;
  nBins: Int32Array;
  categorical: Uint8Array;
  edges: Float64Array[];
  /**
   * Optional column-major copy of `bins` (binsCol[f·nRows + row]) for partitioning: deep in a tree a node's rows are
   * sparse, and reading one byte of a 1-byte-per-row column touches far fewer cache lines than the row-major matrix
   * (one line per row). Same bytes, so the partition and the model are identical with or without it.
   */
  binsCol?: Uint8Array;
  /** Sum row counts into histograms (needed only when min_samples_leaf > 1). */
  withCount: boolean;
}

export interface GbdtTreeParams extends GradSplitParams {
  /** ≥ 1, or −1 for no depth limit (leaf-wise only). */
  maxDepth: number;
  /** 0 = depth-wise growth; ≥ 2 = leaf-wise with at most this many leaves. */
  maxLeaves: number;
  learningRate: number;
}

/** Builds histograms for a node; the default is sequential, the parallel builder shares work across workers. */
export interface HistBuilder {
  build(hist: Float64Array, rows: Int32Array, start: number, end: number, grad: Float64Array, hess: Float64Array, feats: Int32Array, nf: number): void;
  /**
   * Optional: stable partition of rows[start, end) on feature f by goLeft[bin] (see partitionRows), returning the
   * first right position; absent or returning -1 = the grower partitions on its own thread.
   */
  partition?(rows: Int32Array, start: number, end: number, f: number, goLeft: Uint8Array): number;
  /** Optional: a histogram the builder can also scan in parallel (null: none left, use a private one). */
  allocHist?(): Float64Array | null;
  /**
   * Optional: best split of a node over feats[0, nf) into `best` (reset first), exactly as the sequential scan in
   * feature order would find it; false = not handled, the grower scans on its own thread.
   */
  scan?(hist: Float64Array, G: number, H: number, C: number, feats: Int32Array, nf: number, best: SplitInfo): boolean;
}

export class GbdtScratch {
  readonly tmp: Int32Array;
  readonly goLeft = new Uint8Array(BIN_STRIDE);
  readonly cs = new CatScratch();
  readonly best = new SplitInfo(GRAD_STATS);
  private readonly pool: Float64Array[] = [];
  private readonly histSize: number;
  constructor(nRows: number, nFeatures: number, private readonly alloc?: () => Float64Array | null) {
    this.tmp = new Int32Array(nRows);
    this.histSize = gradHistSize(nFeatures);
  }
  takeHist(): Float64Array { return this.pool.pop() ?? this.alloc?.() ?? new Float64Array(this.histSize); }
  releaseHist(h: Float64Array): void { this.pool.push(h); }
}

interface Open {
  node: number; start: number; end: number; depth: number;
  G: number; H: number; C: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

export interface GrownTree {
  tree: TreeArrays;
  /** Final leaves: node index and the rows[start, end) slice of the rows that reached it. */
  leafNode: number[];
  leafStart: number[];
  leafEnd: number[];
}

export function sequentialHistBuilder(ctx: GbdtContext): HistBuilder {
  return {
    build: (hist, rows, start, end, grad, hess, feats, nf) =>
      buildGradHist(hist, ctx.bins, ctx.nFeatures, ctx.nBins, rows, start, end, grad, hess, feats, nf, ctx.withCount),
  };
}

export function growGbdtTree(
  ctx: GbdtContext, p: GbdtTreeParams, rows: Int32Array, m: number, grad: Float64Array, hess: Float64Array,
  feats: Int32Array, nf: number, sc: GbdtScratch, hb: HistBuilder,
): GrownTree {
  const { bins, nFeatures: F, nBins, categorical, edges } = ctx;
  const tb = new TreeBuilder(1, 64);
  const l2 = p.l2, lr = p.learningRate;
  const leafWise = p.maxLeaves > 0;
  const depthOk = (d: number): boolean => p.maxDepth < 0 || d < p.maxDepth;
  let G = 0, H = 0;
  for (let k = 0; k < m; k++) { const r = rows[k]!; G += grad[r]!; H += hess[r]!; }
  const setLeaf = (node: number, g: number, h: number): void => { tb.value[node] = (-g / (h + l2)) * lr; };

  const findSplit = (o: Open): void => {
    const best = sc.best;
    best.reset();
    if (!hb.scan?.(o.hist!, o.G, o.H, o.C, feats, nf, best)) {
      for (let q = 0; q < nf; q++) {
        const f = feats[q]!;
        scanGradFeature(o.hist!, F, f, nBins[f]!, categorical[f] === 1, o.G, o.H, o.C, p, best, sc.cs);
      }
    }
    if (best.feature >= 0) {
      const s = new SplitInfo(GRAD_STATS);
      s.copyFrom(best);
      o.split = s;
    }
  };
  const canSplit = (o: Open): boolean => depthOk(o.depth) && o.C >= 2 * p.minSamplesLeaf && o.H >= 2 * p.minChildWeight;

  const root: Open = { node: tb.addLeaf(H), start: 0, end: m, depth: 0, G, H, C: m, hist: null, split: null };
  setLeaf(root.node, G, H);
  const done: Open[] = [];
  const open: Open[] = [];
  if (canSplit(root)) {
    root.hist = sc.takeHist();
    hb.build(root.hist, rows, 0, m, grad, hess, feats, nf);
    findSplit(root);
  }
  open.push(root);
  let nLeaves = 1;
  while (open.length > 0) {
    let idx = 0;
    if (leafWise) {
      let bestGain = 0;
      idx = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i]!.split;
        if (s && s.gain > bestGain) { bestGain = s.gain; idx = i; }
      }
      if (idx < 0 || nLeaves >= p.maxLeaves) break;
    }
    const o = open.splice(idx, 1)[0]!;
    const s = o.split;
    if (!s) {
      if (o.hist) sc.releaseHist(o.hist);
      done.push(o);
      continue;
    }
    const f = s.feature;
    const missBin = nBins[f]!;
    if (s.categorical) categoricalLookup(sc.goLeft, s.leftCats, s.nLeftCats, missBin, s.missingLeft);
    else numericLookup(sc.goLeft, s.lastLeftBin, missBin, s.missingLeft);
    const bc = ctx.binsCol;
    const pm = hb.partition ? hb.partition(rows, o.start, o.end, f, sc.goLeft) : -1;
    const mid = pm >= 0 ? pm : bc
      ? partitionRows(rows, o.start, o.end, sc.tmp, bc.subarray(f * (bc.length / F), (f + 1) * (bc.length / F)), 1, 0, sc.goLeft)
      : partitionRows(rows, o.start, o.end, sc.tmp, bins, F, f, sc.goLeft);
    const lG = s.leftStats[0]!, lH = s.leftStats[1]!, lC = mid - o.start;
    const L: Open = { node: tb.addLeaf(lH), start: o.start, end: mid, depth: o.depth + 1, G: lG, H: lH, C: lC, hist: null, split: null };
    const R: Open = { node: tb.addLeaf(o.H - lH), start: mid, end: o.end, depth: o.depth + 1, G: o.G - lG, H: o.H - lH, C: o.C - lC, hist: null, split: null };
    setLeaf(L.node, L.G, L.H);
    setLeaf(R.node, R.G, R.H);
    if (s.categorical) tb.setCategoricalSplit(o.node, f, s.leftCats.subarray(0, s.nLeftCats), s.missingLeft, s.gain, L.node, R.node);
    else tb.setNumericSplit(o.node, f, thresholdFor(edges[f]!, s.lastLeftBin), s.missingLeft, s.gain, L.node, R.node);
    nLeaves++;
    const small = L.C <= R.C ? L : R;
    const big = small === L ? R : L;
    const smallOk = canSplit(small), bigOk = canSplit(big);
    if (bigOk) {
      small.hist = sc.takeHist();
      hb.build(small.hist, rows, small.start, small.end, grad, hess, feats, nf);
      subtractGradHist(o.hist!, small.hist, F, nBins, feats, nf, ctx.withCount);
      big.hist = o.hist;
      findSplit(big);
      if (smallOk) findSplit(small);
      else { sc.releaseHist(small.hist); small.hist = null; }
    } else {
      if (smallOk) {
        small.hist = o.hist!;
        hb.build(small.hist, rows, small.start, small.end, grad, hess, feats, nf);
        findSplit(small);
      } else sc.releaseHist(o.hist!);
    }
    o.hist = null;
    open.push(L, R);
  }
  for (const o of open) { if (o.hist) sc.releaseHist(o.hist); done.push(o); }
  return {
    tree: tb.finish(),
    leafNode: done.map((o) => o.node),
    leafStart: done.map((o) => o.start),
    leafEnd: done.map((o) => o.end),
  };
}
