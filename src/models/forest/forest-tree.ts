/**
 * Grows one random-forest tree. Everything random about tree t (its bootstrap sample and the feature draws at
 * every node) comes from an Rng seeded by deriveSeed(seed, t), so a tree is the same whichever worker builds it
 * and in whichever order: that is what makes forests byte-identical for any number of workers.
 *
 * Nodes are grown depth-first (left subtree first). At each node features are drawn without replacement until
 * max_features non-constant features have been examined (scikit-learn's rule: constant features don't count).
 */
import { Rng, deriveSeed } from '../../core/random.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import type { BinArray } from '../kernels/binning.js';
import { ClassScratch, OCC_BELOW, buildClassHist, clearClassHist, collectBins, nodeScore, scanClassFeature } from '../kernels/class-histogram.js';
import type { Criterion } from '../kernels/class-histogram.js';
import { categoricalLookup, numericLookup, partitionRows } from '../kernels/partition.js';
import { SplitInfo } from '../kernels/split.js';
import { thresholdFor } from '../kernels/thresholds.js';
import { TreeBuilder } from '../kernels/tree-builder.js';

/** What every tree of one forest shares (all read-only; the big arrays are SharedArrayBuffer-backed). */
export interface ForestContext {
  nRows: number;
  nFeatures: number;
  nClasses: number;
  bins: BinArray;
  /** Histogram slots per feature (binning.ts binStrideFor). */
  stride: number;
  nBins: Int32Array;
  categorical: Uint8Array;
  edges: Float64Array[];
  y: Int32Array;
  /** Per-row base weight (sample weight × class weight for 'balanced'/map; sample weight for balanced_subsample). */
  baseWeight: Float64Array;
}

export interface ForestTreeParams {
  seed: number;
  bootstrap: boolean;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per split, already resolved to an integer in [1, nFeatures]. */
  maxFeatures: number;
  criterion: Criterion;
  balancedSubsample: boolean;
}

/** Reusable per-thread buffers. */
export class ForestScratch {
  readonly rows: Int32Array;
  readonly tmp: Int32Array;
  readonly w: Float64Array;
  readonly counts: Int32Array;
  readonly hist: Float64Array;
  readonly occ: Int32Array;
  readonly perm: Int32Array;
  readonly goLeft: Uint8Array;
  readonly cs: ClassScratch;
  readonly best: SplitInfo;
  readonly stack: PendingStack;
  constructor(ctx: ForestContext) {
    const S = ctx.nClasses + 1;
    this.rows = new Int32Array(ctx.nRows);
    this.tmp = new Int32Array(ctx.nRows);
    this.w = new Float64Array(ctx.nRows);
    this.counts = new Int32Array(ctx.nRows);
    this.hist = new Float64Array(ctx.nFeatures * ctx.stride * S);
    this.occ = new Int32Array(ctx.nFeatures * (ctx.stride >>> 5));
    this.goLeft = new Uint8Array(ctx.stride);
    this.perm = new Int32Array(ctx.nFeatures);
    this.cs = new ClassScratch(ctx.nClasses, ctx.stride);
    this.best = new SplitInfo(S);
    this.stack = new PendingStack(S);
  }
}

/** Bootstrap multiplicities of tree t: the first draws of its Rng (so OOB scoring can replay them). */
export function bootstrapCounts(nRows: number, seed: number, treeIndex: number, counts: Int32Array, bootstrap: boolean): Rng {
  const rng = new Rng(deriveSeed(seed, treeIndex));
  if (!bootstrap) { counts.fill(1, 0, nRows); return rng; }
  counts.fill(0, 0, nRows);
  for (let i = 0; i < nRows; i++) counts[rng.int(nRows)]++;
  return rng;
}

/**
 * Nodes waiting to be split, as a stack of parallel arrays. The class totals of the node in stack slot i live in
 * `stats[i * S .. i * S + S)`; one buffer per scratch instead of two typed arrays per split (their allocation and
 * collection showed up in profiles).
 */
class PendingStack {
  node: number[] = [];
  start: number[] = [];
  end: number[] = [];
  depth: number[] = [];
  stats: Float64Array;
  constructor(private readonly S: number) {
    this.stats = new Float64Array(64 * S);
  }
  /** Make room for slot i's statistics. */
  reserve(i: number): void {
    if ((i + 1) * this.S <= this.stats.length) return;
    const grown = new Float64Array(Math.max(this.stats.length * 2, (i + 1) * this.S));
    grown.set(this.stats);
    this.stats = grown;
  }
  push(node: number, start: number, end: number, depth: number): void {
    this.node.push(node); this.start.push(start); this.end.push(end); this.depth.push(depth);
  }
}

export function growForestTree(ctx: ForestContext, p: ForestTreeParams, treeIndex: number, sc: ForestScratch): TreeArrays {
  const { nRows: n, nFeatures: F, nClasses: K, bins, nBins, categorical, edges, y, stride } = ctx;
  const S = K + 1;
  const rng = bootstrapCounts(n, p.seed, treeIndex, sc.counts, p.bootstrap);
  const { rows, w, counts, hist, occ, perm, goLeft, cs, best } = sc;

  let classW: Float64Array | undefined;
  if (p.balancedSubsample) {
    // balanced over this tree's bootstrap sample: n_samples / (n_classes · count_k)
    const ck = new Float64Array(K);
    let tot = 0;
    for (let i = 0; i < n; i++) { ck[y[i]!] += counts[i]!; tot += counts[i]!; }
    classW = new Float64Array(K);
    for (let k = 0; k < K; k++) classW[k] = ck[k]! > 0 ? tot / (K * ck[k]!) : 0;
  }
  let m = 0;
  const stack = sc.stack;
  stack.reserve(0);
  let st = stack.stats;
  st.fill(0, 0, S); // slot 0: the root's totals
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const wt = c * ctx.baseWeight[i]! * (classW ? classW[y[i]!]! : 1);
    if (!(wt > 0)) continue;
    rows[m++] = i;
    w[i] = wt;
    st[y[i]!] += wt;
    st[K] += 1;
  }
  for (let f = 0; f < F; f++) perm[f] = f;

  const tb = new TreeBuilder(K, 256);
  /** A new leaf for the totals in st[o .. o + K): cover = their weight, value = class shares. */
  const addLeaf = (o: number): number => {
    let W = 0;
    for (let k = 0; k < K; k++) W += st[o + k]!;
    const node = tb.addLeaf(W);
    for (let k = 0; k < K; k++) tb.value[node * K + k] = W > 0 ? st[o + k]! / W : 1 / K;
    return node;
  };

  stack.push(addLeaf(0), 0, m, 0);
  const P = cs.parent;
  while (stack.node.length > 0) {
    const slot = stack.node.length - 1;
    const nd = { node: stack.node.pop()!, start: stack.start.pop()!, end: stack.end.pop()!, depth: stack.depth.pop()! };
    // copied out: the right child's totals are written over this slot
    for (let k = 0; k < S; k++) P[k] = st[slot * S + k]!;
    const C = P[K]!;
    if (nd.depth >= p.maxDepth || C < p.minSamplesSplit || C < 2 * p.minSamplesLeaf) continue;
    let nonZero = 0;
    for (let k = 0; k < K; k++) if (P[k]! > 0) nonZero++;
    if (nonZero <= 1) continue; // pure
    const parentScore = nodeScore(P, K, p.criterion);
    best.reset();
    // refClass orders categories for categorical splits: class 1 for binary, else the node's majority class.
    let refClass = 0;
    if (K === 2) refClass = 1;
    else for (let k = 1; k < K; k++) if (P[k]! > P[refClass]!) refClass = k;
    let visited = 0, pos = 0;
    const withOcc = nd.end - nd.start < OCC_BELOW;
    while (pos < F && visited < p.maxFeatures) {
      const chunk = Math.min(p.maxFeatures - visited, F - pos);
      for (let q = pos; q < pos + chunk; q++) {
        const j = q + rng.int(F - q);
        const t = perm[q]!; perm[q] = perm[j]!; perm[j] = t;
      }
      buildClassHist(hist, S, bins, F, rows, nd.start, nd.end, y, w, perm, pos, pos + chunk, occ, withOcc, stride);
      for (let q = pos; q < pos + chunk; q++) {
        const f = perm[q]!;
        const nc = collectBins(hist, S, occ, withOcc, f, nBins[f]!, cs, stride);
        if (scanClassFeature(hist, S, f, nBins[f]!, categorical[f] === 1, P, parentScore, p.criterion, p.minSamplesLeaf, refClass, best, cs, nc, stride)) visited++;
      }
      pos += chunk;
    }
    clearClassHist(hist, S, perm, 0, pos, occ, withOcc, nBins, stride);
    if (best.feature < 0) continue;
    const f = best.feature;
    const missBin = nBins[f]!;
    if (best.categorical) categoricalLookup(goLeft, best.leftCats, best.nLeftCats, missBin, best.missingLeft);
    else numericLookup(goLeft, best.lastLeftBin, missBin, best.missingLeft);
    const mid = partitionRows(rows, nd.start, nd.end, sc.tmp, bins, F, f, goLeft);
    // children: right in this node's slot, left in the next (popped first: depth-first, left subtree first)
    stack.reserve(slot + 1);
    st = stack.stats;
    const lo = (slot + 1) * S, ro = slot * S;
    for (let k = 0; k < K; k++) { st[lo + k] = best.leftStats[k]!; st[ro + k] = P[k]! - best.leftStats[k]!; }
    st[lo + K] = mid - nd.start;
    st[ro + K] = nd.end - mid;
    const l = addLeaf(lo);
    const r = addLeaf(ro);
    if (best.categorical) tb.setCategoricalSplit(nd.node, f, best.leftCats.subarray(0, best.nLeftCats), best.missingLeft, best.gain, l, r);
    else tb.setNumericSplit(nd.node, f, thresholdFor(edges[f]!, best.lastLeftBin), best.missingLeft, best.gain, l, r);
    stack.push(r, mid, nd.end, nd.depth + 1);
    stack.push(l, nd.start, mid, nd.depth + 1);
  }
  return tb.finish();
}
