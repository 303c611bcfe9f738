/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for
 * tree ensembles", Algorithm 2): SHAP values of one tree for one row in O(leaves × depth²), using `cover` as the
 * node weights, i.e. E[f(x) | x_S] is estimated by sending the row down the tree where the features in S decide
 * and splitting it by cover fractions everywhere else.
 *
 * Routing (numeric `<=`, categorical bitsets, NaN and out-of-range categories by missingLeft) is exactly
 * tree-arrays.ts `goesLeft`, so contributions + bias always equal the leaf the row actually reaches.
 *
 * Cover fractions use cover[left] + cover[right] as the denominator (not cover[node]) so that a tree whose covers
 * are slightly inconsistent (float sums of hessians) still yields an exact decomposition; a node whose children both
 * have zero cover splits 50/50.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { goesLeft } from '../format/tree-arrays.js';
import { ShapErrors } from './errors.js';

/**
 * SHAP values of `tree` for `row`: nOutputs × (nFeatures + 1) values laid out [k * (nFeatures + 1) + j]; j =
 * nFeatures holds the bias (the cover-weighted expected output of the tree). Writes into `out` (added to, not
 * overwritten) when given, so ensembles can accumulate without allocating.
 */
export function treeShap(tree: TreeArrays, row: Float64Array, nFeatures: number, out?: Float64Array): Float64Array {
  const K = tree.nOutputs;
  const stride = nFeatures + 1;
  const phi = out ?? new Float64Array(K * stride);
  if (phi.length < K * stride) {
    throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`output buffer has ${phi.length} values, needs nOutputs × (nFeatures + 1) = ${K * stride}`);
  }
  if (row.length < nFeatures) {
    throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`row has ${row.length} values, the model has ${nFeatures} features`);
  }
  const ws = workspaceFor(tree, nFeatures);
  const { feature } = tree;

  // Bias: cover-weighted mean of the leaves (per tree, cached with the workspace).
  for (let k = 0; k < K; k++) phi[k * stride + nFeatures] += ws.expected[k]!;
  if (feature[0] === -1) return phi;
  recurse(tree, row, phi, stride, ws, 0, 0, 0, 0, 1, 1, -1);
  return phi;
}

/** The tree's cover-weighted expected output per output k (what TreeSHAP calls the bias). */
export function treeExpectedValue(tree: TreeArrays): Float64Array {
  const out = new Float64Array(tree.nOutputs);
  expectedValue(tree, 0, 1, out, 1, 0);
  return out;
}

function childFractions(tree: TreeArrays, i: number): [number, number] {
  const cl = tree.cover[tree.left[i]!]!;
  const cr = tree.cover[tree.right[i]!]!;
  const tot = cl + cr;
  if (!(tot > 0)) return [0.5, 0.5];
  return [cl / tot, cr / tot];
}

function expectedValue(tree: TreeArrays, i: number, w: number, out: Float64Array, stride: number, at: number): void {
  if (tree.feature[i] === -1) {
    const K = tree.nOutputs;
    for (let k = 0; k < K; k++) out[k * stride + at] += w * tree.value[i * K + k]!;
    return;
  }
  const [fl, fr] = childFractions(tree, i);
  if (fl > 0) expectedValue(tree, tree.left[i]!, w * fl, out, stride, at);
  if (fr > 0) expectedValue(tree, tree.right[i]!, w * fr, out, stride, at);
}

/**
 * The "unique path" of Algorithm 2: one frame per tree level (each child copies its parent's path before extending
 * it), stored flat in typed arrays with a fixed slot of maxDepth + 2 elements per level. Cached per tree.
 */
interface Workspace {
  slot: number;
  /** Largest feature index the tree splits on; checked against nFeatures on every call. */
  maxFeature: number;
  expected: Float64Array;
  feat: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  pw: Float64Array;
}

const cache = new WeakMap<TreeArrays, Workspace>();

function workspaceFor(tree: TreeArrays, nFeatures: number): Workspace {
  let ws = cache.get(tree);
  if (ws) {
    if (ws.maxFeature >= nFeatures) {
      throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`the tree splits on feature ${ws.maxFeature}, outside 0..${nFeatures - 1}`);
    }
    return ws;
  }
  const [depth, maxFeature] = shape(tree, nFeatures);
  const slot = depth + 2;
  const n = slot * (depth + 2);
  ws = { slot, maxFeature, expected: treeExpectedValue(tree), feat: new Int32Array(n), zero: new Float64Array(n), one: new Float64Array(n), pw: new Float64Array(n) };
  cache.set(tree, ws);
  return ws;
}

function shape(tree: TreeArrays, nFeatures: number): [depth: number, maxFeature: number] {
  // Iterative so that a degenerate (chain) tree cannot overflow the JS stack here.
  let best = 0;
  let maxFeature = -1;
  const stack: number[] = [0, 0];
  let seen = 0;
  while (stack.length) {
    const d = stack.pop()!;
    const i = stack.pop()!;
    if (i < 0 || i >= tree.nNodes || ++seen > tree.nNodes) {
      throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`tree node index ${i} is out of range or the tree has a cycle (${tree.nNodes} nodes)`);
    }
    const f = tree.feature[i]!;
    if (f === -1) { if (d > best) best = d; continue; }
    if (f < 0 || f >= nFeatures) {
      throw ShapErrors.FW_ERR_SHAP_BAD_INPUT(`tree node ${i} splits on feature ${f}, outside 0..${nFeatures - 1}`);
    }
    if (f > maxFeature) maxFeature = f;
    stack.push(tree.left[i]!, d + 1, tree.right[i]!, d + 1);
  }
  return [best, maxFeature];
}

function recurse(
  tree: TreeArrays, row: Float64Array, phi: Float64Array, stride: number, ws: Workspace,
  node: number, level: number, depth: number, parentBase: number, pz: number, po: number, pf: number,
): void {
  const { feat, zero, one, pw } = ws;
  // Copy the parent's path (`depth` elements) into this level's frame, then extend it with the parent's split.
  const base = level * ws.slot;
  if (level > 0) {
    for (let i = 0; i < depth; i++) {
      feat[base + i] = feat[parentBase + i]!;
      zero[base + i] = zero[parentBase + i]!;
      one[base + i] = one[parentBase + i]!;
      pw[base + i] = pw[parentBase + i]!;
    }
  }
  let ud = depth; // unique depth of this frame before extension
  extend(ws, base, ud, pz, po, pf);

  const f = tree.feature[node]!;
  if (f === -1) {
    const K = tree.nOutputs;
    for (let i = 1; i <= ud; i++) {
      const w = unwoundSum(ws, base, ud, i);
      const scale = w * (one[base + i]! - zero[base + i]!);
      const j = feat[base + i]!;
      for (let k = 0; k < K; k++) phi[k * stride + j] += scale * tree.value[node * K + k]!;
    }
    return;
  }

  const left = goesLeft(tree, node, row);
  const hot = left ? tree.left[node]! : tree.right[node]!;
  const cold = left ? tree.right[node]! : tree.left[node]!;
  const [fl, fr] = childFractions(tree, node);
  const hotZero = left ? fl : fr;
  const coldZero = left ? fr : fl;
  let iz = 1;
  let io = 1;
  // A feature already on the path: undo its earlier split so the two splits count as one "feature present" event.
  let k = 1;
  for (; k <= ud; k++) if (feat[base + k] === f) break;
  if (k <= ud) {
    iz = zero[base + k]!;
    io = one[base + k]!;
    unwind(ws, base, ud, k);
    ud -= 1;
  }
  if (hotZero * iz > 0 || io > 0) recurse(tree, row, phi, stride, ws, hot, level + 1, ud + 1, base, hotZero * iz, io, f);
  if (coldZero * iz > 0) recurse(tree, row, phi, stride, ws, cold, level + 1, ud + 1, base, coldZero * iz, 0, f);
}

function extend(ws: Workspace, base: number, ud: number, pz: number, po: number, pf: number): void {
  const { feat, zero, one, pw } = ws;
  feat[base + ud] = pf;
  zero[base + ud] = pz;
  one[base + ud] = po;
  pw[base + ud] = ud === 0 ? 1 : 0;
  for (let i = ud - 1; i >= 0; i--) {
    pw[base + i + 1] += (po * pw[base + i]! * (i + 1)) / (ud + 1);
    pw[base + i] = (pz * pw[base + i]! * (ud - i)) / (ud + 1);
  }
}

function unwind(ws: Workspace, base: number, ud: number, pathIndex: number): void {
  const { feat, zero, one, pw } = ws;
  const o = one[base + pathIndex]!;
  const z = zero[base + pathIndex]!;
  let next = pw[base + ud]!;
  for (let i = ud - 1; i >= 0; i--) {
    if (o !== 0) {
      const tmp = pw[base + i]!;
      pw[base + i] = (next * (ud + 1)) / ((i + 1) * o);
      next = tmp - (pw[base + i]! * z * (ud - i)) / (ud + 1);
    } else {
      pw[base + i] = (pw[base + i]! * (ud + 1)) / (z * (ud - i));
    }
  }
  for (let i = pathIndex; i < ud; i++) {
    feat[base + i] = feat[base + i + 1]!;
    zero[base + i] = zero[base + i + 1]!;
    one[base + i] = one[base + i + 1]!;
  }
}

function unwoundSum(ws: Workspace, base: number, ud: number, pathIndex: number): number {
  const { zero, one, pw } = ws;
  const o = one[base + pathIndex]!;
  const z = zero[base + pathIndex]!;
  let next = pw[base + ud]!;
  let total = 0;
  for (let i = ud - 1; i >= 0; i--) {
    if (o !== 0) {
      const tmp = (next * (ud + 1)) / ((i + 1) * o);
      total += tmp;
      next = pw[base + i]! - (tmp * z * (ud - i)) / (ud + 1);
    } else if (z !== 0) {
      total += pw[base + i]! / z / ((ud - i) / (ud + 1));
    }
  }
  return total;
}
