/**
 * Batch inference layout for shallow trees: an implicit complete binary tree over quantised inputs
 * (quantised-inputs.ts). Node n's children are 2n and 2n + 1, so a walk step needs no child-pointer load:
 *
 *   c = node[n];  n = 2n + (q[group + (c >>> 17) + lane] > (c & 0xffff))
 *
 * with c = operand BYTE offset (32·feature, +16 for missing-goes-left nodes) << 16 | threshold rank (+1 likewise) — byte
 * offsets because the WebAssembly walk (wasm-walk.ts) addresses memory in bytes; this JS walk halves them. One int32
 * per node instead of the 16-byte compiled node: a depth-10 tree is 4 KB of nodes.
 *
 * Leaves shallower than the tree's depth D are padded with "always left" nodes (rank field 0xffff: no 16-bit bin
 * exceeds it), so every walk takes exactly D steps and ends at n ∈ [2^D, 2^(D+1)); a leaf at heap position h and
 * depth d is reached only through its leftmost bottom slot (h << (D − d)) − 2^D, where its outputs are stored.
 *
 * Trees deeper than MAX_IMPLICIT_DEPTH (the complete layout would be mostly padding) keep the compiled kernel.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { LANES, thresholdRank, virtualKey, virtualOffset, type Quantiser } from './quantised-inputs.js';

export const MAX_IMPLICIT_DEPTH = 12;
const PAD = 0xffff;

export interface ImplicitTree {
  /** node[1 … 2^D − 1]; node[0] unused. */
  node: Int32Array;
  depth: number;
  /** bottom[(n − 2^D)·nv + k]: output k of the leaf whose walk ends at n (zeros where no walk can end). */
  bottom: Float64Array;
  nv: number;
}

/** Heap position and depth of every node (breadth-first order), and the tree's depth. */
export interface ImplicitShape { pos: Int32Array; dep: Int32Array; order: Int32Array; len: number; depth: number }

/** Shape of a proper binary tree no deeper than MAX_IMPLICIT_DEPTH, else null. */
export function implicitShape(t: TreeArrays): ImplicitShape | null {
  const pos = new Int32Array(t.nNodes), dep = new Int32Array(t.nNodes);
  const order = new Int32Array(t.nNodes);
  let len = 1;
  pos[0] = 1;
  let D = 0;
  for (let k = 0; k < len; k++) {
    const i = order[k]!;
    if (t.feature[i]! < 0) { if (dep[i]! > D) D = dep[i]!; continue; }
    if (dep[i]! + 1 > MAX_IMPLICIT_DEPTH) return null;
    const l = t.left[i]!, r = t.right[i]!;
    // hand-made JSON may share or point out of range: only proper trees get this layout
    if (l <= 0 || r <= 0 || l >= t.nNodes || r >= t.nNodes || l === r || pos[l] !== 0 || pos[r] !== 0) return null;
    pos[l] = 2 * pos[i]!; pos[r] = 2 * pos[i]! + 1;
    dep[l] = dep[r] = dep[i]! + 1;
    order[len++] = l;
    order[len++] = r;
  }
  return { pos, dep, order, len, depth: D };
}

/** Implicit layout of a tree of shape `sh` whose thresholds are all in `q`. */
export function compileImplicit(t: TreeArrays, sh: ImplicitShape, q: Quantiser): ImplicitTree {
  const nv = t.nOutputs;
  const { pos, dep, order, len, depth: D } = sh;
  const base = 1 << D;
  const node = new Int32Array(base).fill(PAD);
  const bottom = new Float64Array(base * nv);
  for (let k = 0; k < len; k++) {
    const i = order[k]!;
    const f = t.feature[i]!;
    if (f < 0) {
      const slot = (pos[i]! << (D - dep[i]!)) - base;
      for (let j = 0; j < nv; j++) bottom[slot * nv + j] = t.value[i * nv + j]!;
      continue;
    }
    if (t.catStart[i]! >= 0) {
      // categorical: its virtual column holds the routing bit (never missing), right iff > 0
      node[pos[i]!] = virtualOffset(q, q.virtIndex.get(virtualKey(t, i))!) << 16;
      continue;
    }
    const a = t.missingLeft[i] ? 1 : 0;
    node[pos[i]!] = ((32 * f + 16 * a) << 16) | (thresholdRank(q, f, t.threshold[i]!) + a);
  }
  return { node, depth: D, bottom, nv };
}

/**
 * Walk `nGroups` groups of LANES quantised rows (quantised-inputs.ts layout, G values per group) through one tree and
 * add each reached leaf's nv outputs to raw[row·rs + ro + k]. The 8 rows of a group walk interleaved (independent
 * dependency chains); leaf indices stay in registers until their outputs are added. Per raw slot, additions keep
 * the tree order of the caller's loop, so sums are bit-identical to the reference walk. Rows of the last group past
 * the caller's row count land in raw rows the caller ignores.
 */
export function implicitAddBlock(tr: ImplicitTree, q: Uint16Array, G: number, nGroups: number, raw: Float64Array, rs: number, ro: number): void {
  const { node, depth, bottom, nv } = tr;
  const base = 1 << depth;
  for (let g = 0; g < nGroups; g++) {
    const o = g * G;
    let n0 = 1, n1 = 1, n2 = 1, n3 = 1, n4 = 1, n5 = 1, n6 = 1, n7 = 1;
    for (let s = 0; s < depth; s++) {
      const c0 = node[n0]!, c1 = node[n1]!, c2 = node[n2]!, c3 = node[n3]!;
      const c4 = node[n4]!, c5 = node[n5]!, c6 = node[n6]!, c7 = node[n7]!;
      n0 = 2 * n0 + +(q[o + (c0 >>> 17)]! > (c0 & 0xffff));
      n1 = 2 * n1 + +(q[o + (c1 >>> 17) + 1]! > (c1 & 0xffff));
      n2 = 2 * n2 + +(q[o + (c2 >>> 17) + 2]! > (c2 & 0xffff));
      n3 = 2 * n3 + +(q[o + (c3 >>> 17) + 3]! > (c3 & 0xffff));
      n4 = 2 * n4 + +(q[o + (c4 >>> 17) + 4]! > (c4 & 0xffff));
      n5 = 2 * n5 + +(q[o + (c5 >>> 17) + 5]! > (c5 & 0xffff));
      n6 = 2 * n6 + +(q[o + (c6 >>> 17) + 6]! > (c6 & 0xffff));
      n7 = 2 * n7 + +(q[o + (c7 >>> 17) + 7]! > (c7 & 0xffff));
    }
    const r = g * LANES * rs + ro;
    if (nv === 1) {
      raw[r] += bottom[n0 - base]!; raw[r + rs] += bottom[n1 - base]!;
      raw[r + 2 * rs] += bottom[n2 - base]!; raw[r + 3 * rs] += bottom[n3 - base]!;
      raw[r + 4 * rs] += bottom[n4 - base]!; raw[r + 5 * rs] += bottom[n5 - base]!;
      raw[r + 6 * rs] += bottom[n6 - base]!; raw[r + 7 * rs] += bottom[n7 - base]!;
    } else if (nv === 2) {
      const l0 = 2 * (n0 - base), l1 = 2 * (n1 - base), l2 = 2 * (n2 - base), l3 = 2 * (n3 - base);
      const l4 = 2 * (n4 - base), l5 = 2 * (n5 - base), l6 = 2 * (n6 - base), l7 = 2 * (n7 - base);
      raw[r] += bottom[l0]!; raw[r + 1] += bottom[l0 + 1]!;
      raw[r + rs] += bottom[l1]!; raw[r + rs + 1] += bottom[l1 + 1]!;
      raw[r + 2 * rs] += bottom[l2]!; raw[r + 2 * rs + 1] += bottom[l2 + 1]!;
      raw[r + 3 * rs] += bottom[l3]!; raw[r + 3 * rs + 1] += bottom[l3 + 1]!;
      raw[r + 4 * rs] += bottom[l4]!; raw[r + 4 * rs + 1] += bottom[l4 + 1]!;
      raw[r + 5 * rs] += bottom[l5]!; raw[r + 5 * rs + 1] += bottom[l5 + 1]!;
      raw[r + 6 * rs] += bottom[l6]!; raw[r + 6 * rs + 1] += bottom[l6 + 1]!;
      raw[r + 7 * rs] += bottom[l7]!; raw[r + 7 * rs + 1] += bottom[l7 + 1]!;
    } else {
      const l0 = nv * (n0 - base), l1 = nv * (n1 - base), l2 = nv * (n2 - base), l3 = nv * (n3 - base);
      const l4 = nv * (n4 - base), l5 = nv * (n5 - base), l6 = nv * (n6 - base), l7 = nv * (n7 - base);
      for (let k = 0; k < nv; k++) {
        raw[r + k] += bottom[l0 + k]!; raw[r + rs + k] += bottom[l1 + k]!;
        raw[r + 2 * rs + k] += bottom[l2 + k]!; raw[r + 3 * rs + k] += bottom[l3 + k]!;
        raw[r + 4 * rs + k] += bottom[l4 + k]!; raw[r + 5 * rs + k] += bottom[l5 + k]!;
        raw[r + 6 * rs + k] += bottom[l6 + k]!; raw[r + 7 * rs + k] += bottom[l7 + k]!;
      }
    }
  }
}
