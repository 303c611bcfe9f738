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
 * The work is handed to the level engine in batches: depth-wise, all nodes of a level are partitioned in one
 * command, and all their children's histograms are built and scanned in another (leaf-wise, a batch is the one leaf
 * being split). Which nodes a batch holds does not change any result: each node's partition, histogram and split
 * depend on that node alone, and nodes are numbered in the order the sequential policy creates them.
 *
 * Leaf value = −G/(H + λ) × learning_rate (Newton step, shrunk); inner nodes hold the same quantity for their rows
 * (what TreeSHAP needs as the node's expected output). cover = H.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { GRAD_STATS } from '../kernels/grad-histogram.js';
import type { GradSplitParams } from '../kernels/grad-histogram.js';
import { SplitInfo } from '../kernels/split.js';
import { thresholdFor } from '../kernels/thresholds.js';
import { TreeBuilder } from '../kernels/tree-builder.js';
import type { LevelEngine } from './level-engine.js';

/** What the grower needs of the binned data besides the engine's own copy of the bins. */
export interface GbdtContext {
  nFeatures: number;
  nBins: Int32Array;
  categorical: Uint8Array;
  /** Numeric features: upper cut of bin b is edges[j][b]. */
  edges: Float64Array[];
  /** Histograms carry row counts (needed only when min_samples_leaf > 1). */
  withCount: boolean;
}

export interface GbdtTreeParams extends GradSplitParams {
  /** ≥ 1, or −1 for no depth limit (leaf-wise only). */
  maxDepth: number;
  /** 0 = depth-wise growth; ≥ 2 = leaf-wise with at most this many leaves. */
  maxLeaves: number;
  learningRate: number;
}

interface Open {
  node: number; start: number; end: number; depth: number;
  G: number; H: number; C: number;
  /** Engine histogram slot, -1 = none. */
  slot: number;
  split: SplitInfo | null;
}

export interface GrownTree {
  tree: TreeArrays;
  /** Final leaves: node index and the rows[start, end) slice of the rows that reached it. */
  leafNode: number[];
  leafStart: number[];
  leafEnd: number[];
}

/**
 * Splits found while growing a tree, reused by the next tree (a SplitInfo holds a 256-entry category array: one per
 * split node was ~13k allocations per 200-tree fit). Growth is synchronous, so one pool serves every fit.
 */
const splitPool: SplitInfo[] = [];

/**
 * Grow a tree on the engine's rows[0, m) (the round's sample), gradients and hessians, over features feats[0, nf).
 * rows is reordered so that every final leaf owns a contiguous slice.
 */
export function growGbdtTree(ctx: GbdtContext, p: GbdtTreeParams, m: number, feats: Int32Array, nf: number, eng: LevelEngine): GrownTree {
  const { nBins, edges } = ctx;
  const { rows, grad, hess } = eng.d;
  const tb = new TreeBuilder(1, 64);
  const l2 = p.l2, lr = p.learningRate;
  const leafWise = p.maxLeaves > 0;
  const depthOk = (d: number): boolean => p.maxDepth < 0 || d < p.maxDepth;
  eng.setFeats(feats, nf);
  const setLeaf = (node: number, g: number, h: number): void => { tb.value[node] = (-g / (h + l2)) * lr; };
  const canSplit = (o: Open): boolean => depthOk(o.depth) && o.C >= 2 * p.minSamplesLeaf && o.H >= 2 * p.minChildWeight;
  const found = new SplitInfo(GRAD_STATS);
  let pooled = 0;
  const keep = (): SplitInfo => {
    if (pooled === splitPool.length) splitPool.push(new SplitInfo(GRAD_STATS));
    const s = splitPool[pooled++]!;
    s.copyFrom(found);
    return s;
  };
  const takeSplit = (j: number, x: number, o: Open): void => {
    if (eng.jobSplit(j, x, found)) o.split = keep();
  };

  // The root's totals come out of its histogram build (same row order, same bits as a pass of their own), so the
  // main thread does not walk all rows alone while the helpers wait; its split is then scanned here, all features.
  let G = 0, H = 0, rootSlot = -1;
  if (m >= 2 * p.minSamplesLeaf) {
    rootSlot = eng.takeSlot();
    eng.beginJobs();
    eng.addRootJob(rootSlot, 0, m);
    eng.runJobs();
    [G, H] = eng.jobTotals(0);
  } else for (let k = 0; k < m; k++) { const r = rows[k]!; G += grad[r]!; H += hess[r]!; }
  const root: Open = { node: tb.addLeaf(H), start: 0, end: m, depth: 0, G, H, C: m, slot: -1, split: null };
  setLeaf(root.node, G, H);
  if (rootSlot >= 0) {
    if (canSplit(root)) {
      root.slot = rootSlot;
      if (eng.scanSlot(rootSlot, G, H, m, found)) root.split = keep();
    } else eng.releaseSlot(rootSlot);
  }
  const done: Open[] = [];
  let open: Open[] = [root];
  let nLeaves = 1;
  const batch: Open[] = [];
  const children: Open[] = [];
  // per job: the node whose split is result A, and the one of result B (or null)
  const jobA: Open[] = [];
  const jobB: (Open | null)[] = [];
  const tempSlots: number[] = [];
  while (open.length > 0) {
    batch.length = 0;
    if (leafWise) {
      let bestGain = 0, idx = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i]!.split;
        if (s && s.gain > bestGain) { bestGain = s.gain; idx = i; }
      }
      if (idx < 0 || nLeaves >= p.maxLeaves) break;
      batch.push(open.splice(idx, 1)[0]!);
    } else {
      for (const o of open) {
        if (o.split) batch.push(o);
        else { if (o.slot >= 0) eng.releaseSlot(o.slot); done.push(o); }
      }
      open = [];
      if (batch.length === 0) break;
    }
    eng.beginPartition();
    for (const o of batch) eng.addPartNode(o.start, o.end, o.split!, nBins[o.split!.feature]!);
    eng.runPartition();
    eng.beginJobs();
    children.length = 0; jobA.length = 0; jobB.length = 0; tempSlots.length = 0;
    for (let i = 0; i < batch.length; i++) {
      const o = batch[i]!, s = o.split!, f = s.feature;
      const mid = eng.partMid(i);
      const lG = s.leftStats[0]!, lH = s.leftStats[1]!, lC = mid - o.start;
      const L: Open = { node: tb.addLeaf(lH), start: o.start, end: mid, depth: o.depth + 1, G: lG, H: lH, C: lC, slot: -1, split: null };
      const R: Open = { node: tb.addLeaf(o.H - lH), start: mid, end: o.end, depth: o.depth + 1, G: o.G - lG, H: o.H - lH, C: o.C - lC, slot: -1, split: null };
      setLeaf(L.node, L.G, L.H);
      setLeaf(R.node, R.G, R.H);
      if (s.categorical) tb.setCategoricalSplit(o.node, f, s.leftCats.subarray(0, s.nLeftCats), s.missingLeft, s.gain, L.node, R.node);
      else tb.setNumericSplit(o.node, f, thresholdFor(edges[f]!, s.lastLeftBin), s.missingLeft, s.gain, L.node, R.node);
      nLeaves++;
      children.push(L, R);
      const small = L.C <= R.C ? L : R;
      const big = small === L ? R : L;
      const smallOk = canSplit(small), bigOk = canSplit(big);
      if (bigOk) {
        // small built from rows into a new slot; big = parent − small in the parent's slot
        const sl = eng.takeSlot();
        big.slot = o.slot;
        if (smallOk) small.slot = sl; else tempSlots.push(sl);
        eng.addJob(sl, o.slot, small.start, small.end, big.slot, big.G, big.H, big.C, smallOk ? sl : -1, small.G, small.H, small.C);
        jobA.push(big); jobB.push(smallOk ? small : null);
      } else if (smallOk) {
        small.slot = o.slot;
        eng.addJob(o.slot, -1, small.start, small.end, o.slot, small.G, small.H, small.C, -1, 0, 0, 0);
        jobA.push(small); jobB.push(null);
      } else eng.releaseSlot(o.slot);
      o.slot = -1;
    }
    eng.runJobs();
    for (let j = 0; j < jobA.length; j++) {
      takeSplit(j, 0, jobA[j]!);
      if (jobB[j]) takeSplit(j, 1, jobB[j]!);
    }
    for (const s of tempSlots) eng.releaseSlot(s);
    for (const c of children) open.push(c);
  }
  for (const o of open) { if (o.slot >= 0) eng.releaseSlot(o.slot); done.push(o); }
  return {
    tree: tb.finish(),
    leafNode: done.map((o) => o.node),
    leafStart: done.map((o) => o.start),
    leafEnd: done.map((o) => o.end),
  };
}
