/**
 * Inference layout: a tree "compiled" into one interleaved buffer, 16 bytes per node, so a walk step touches one
 * cache line instead of five parallel arrays. Both growers create the two children of a node consecutively, so
 * right = left + 1 and only `left` is stored.
 *
 *   f64[2i]      threshold (leaves: +Infinity)
 *   i32[4i + 2]  feature | (missingGoesRight << 16)      (leaves: 0)
 *   i32[4i + 3]  left child (leaves: the leaf itself)
 *
 * Leaves loop onto themselves (x > +Infinity is false and their missing bit is 0), so every walk can run exactly
 * `depth` branch-free steps: next = left + (x > threshold | (isNaN(x) & missingGoesRight)). Without data-dependent
 * branches the CPU does not mispredict, and several walks (4 rows of a batch, or 4 trees for one row) interleave
 * as independent dependency chains. Measured ~2.5× faster than the branchy walk on depth-10 forests.
 *
 * Trees with categorical splits, or whose right child is not left + 1 (hand-made JSON), are not compiled; callers
 * fall back to the reference walk `leafIndex`.
 */
import type { TreeArrays } from '../format/tree-arrays.js';

export const MISSING_RIGHT_BIT = 1 << 16;
/** Deeper trees walk with the reference code (fixed-depth walks would waste steps on short paths). */
export const MAX_COMPILED_DEPTH = 64;

export interface CompiledTree {
  f64: Float64Array;
  i32: Int32Array;
  depth: number;
}

export function compileTree(t: TreeArrays): CompiledTree | null {
  const n = t.nNodes;
  const buf = new ArrayBuffer(n * 16);
  const f64 = new Float64Array(buf);
  const i32 = new Int32Array(buf);
  const dep = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const f = t.feature[i]!;
    if (f < 0) {
      f64[2 * i] = Infinity;
      i32[4 * i + 2] = 0;
      i32[4 * i + 3] = i;
      continue;
    }
    const l = t.left[i]!;
    if (t.catStart[i]! >= 0 || t.right[i] !== l + 1 || l <= i || l + 1 >= n || f >= MISSING_RIGHT_BIT) return null;
    f64[2 * i] = t.threshold[i]!;
    i32[4 * i + 2] = f | (t.missingLeft[i] ? 0 : MISSING_RIGHT_BIT);
    i32[4 * i + 3] = l;
    dep[l] = dep[l + 1] = dep[i]! + 1;
    if (dep[i]! + 1 > depth) depth = dep[i]! + 1;
  }
  return depth > MAX_COMPILED_DEPTH ? null : { f64, i32, depth };
}

/** Leaf index reached by the row at `off` of `row`. */
export function compiledLeaf(c: CompiledTree, row: Float64Array, off: number): number {
  const { f64, i32, depth } = c;
  let i = 0;
  for (let s = 0; s < depth; s++) {
    const code = i32[4 * i + 2]!;
    const x = row[off + (code & 0xffff)]!;
    i = i32[4 * i + 3]! + (+(x > f64[2 * i]!) | (+(x !== x) & (code >>> 16)));
  }
  return i;
}

/** Leaves of 4 consecutive rows (offsets off, off+p, off+2p, off+3p) in one tree, walked interleaved. */
export function compiledLeaf4Rows(c: CompiledTree, data: Float64Array, off: number, p: number, out: Int32Array): void {
  const { f64, i32, depth } = c;
  const o1 = off + p, o2 = off + 2 * p, o3 = off + 3 * p;
  let a = 0, b = 0, d = 0, e = 0;
  for (let s = 0; s < depth; s++) {
    const ca = i32[4 * a + 2]!, cb = i32[4 * b + 2]!, cd = i32[4 * d + 2]!, ce = i32[4 * e + 2]!;
    const xa = data[off + (ca & 0xffff)]!, xb = data[o1 + (cb & 0xffff)]!, xd = data[o2 + (cd & 0xffff)]!, xe = data[o3 + (ce & 0xffff)]!;
    a = i32[4 * a + 3]! + (+(xa > f64[2 * a]!) | (+(xa !== xa) & (ca >>> 16)));
    b = i32[4 * b + 3]! + (+(xb > f64[2 * b]!) | (+(xb !== xb) & (cb >>> 16)));
    d = i32[4 * d + 3]! + (+(xd > f64[2 * d]!) | (+(xd !== xd) & (cd >>> 16)));
    e = i32[4 * e + 3]! + (+(xe > f64[2 * e]!) | (+(xe !== xe) & (ce >>> 16)));
  }
  out[0] = a; out[1] = b; out[2] = d; out[3] = e;
}

/** Leaves of one row in 4 trees, walked interleaved (for single-row prediction). */
export function compiledLeaf4Trees(t0: CompiledTree, t1: CompiledTree, t2: CompiledTree, t3: CompiledTree, row: Float64Array, off: number, out: Int32Array): void {
  const f0 = t0.f64, f1 = t1.f64, f2 = t2.f64, f3 = t3.f64;
  const i0 = t0.i32, i1 = t1.i32, i2 = t2.i32, i3 = t3.i32;
  const depth = Math.max(t0.depth, t1.depth, t2.depth, t3.depth);
  let a = 0, b = 0, d = 0, e = 0;
  for (let s = 0; s < depth; s++) {
    const ca = i0[4 * a + 2]!, cb = i1[4 * b + 2]!, cd = i2[4 * d + 2]!, ce = i3[4 * e + 2]!;
    const xa = row[off + (ca & 0xffff)]!, xb = row[off + (cb & 0xffff)]!, xd = row[off + (cd & 0xffff)]!, xe = row[off + (ce & 0xffff)]!;
    a = i0[4 * a + 3]! + (+(xa > f0[2 * a]!) | (+(xa !== xa) & (ca >>> 16)));
    b = i1[4 * b + 3]! + (+(xb > f1[2 * b]!) | (+(xb !== xb) & (cb >>> 16)));
    d = i2[4 * d + 3]! + (+(xd > f2[2 * d]!) | (+(xd !== xd) & (cd >>> 16)));
    e = i3[4 * e + 3]! + (+(xe > f3[2 * e]!) | (+(xe !== xe) & (ce >>> 16)));
  }
  out[0] = a; out[1] = b; out[2] = d; out[3] = e;
}

/**
 * Batch kernel: walk rows [0, m) of a block (row u at data offset off + u·p) through one tree and add the reached
 * leaf's `nv` outputs to raw[u·rs + ro + k], k < nv (value[leaf·nv + k]). Rows walk 8 at a time (see
 * compiledLeaf8Rows) and the leaf indices stay in registers, so the accumulation costs no store/reload of a leaf
 * buffer and no call per 8 rows. The additions per raw slot happen in the same order as a row-by-row loop would do
 * them (one tree at a time), so results are bit-identical to the reference walk.
 */
export function compiledAddBlock(
  c: CompiledTree, value: Float64Array, nv: number, data: Float64Array, off: number, p: number, m: number,
  raw: Float64Array, rs: number, ro: number, noNaN = false,
): void {
  const { f64, i32, depth } = c;
  let i = 0;
  for (; i + 8 <= m; i += 8) {
    const a = off + i * p;
    const o1 = a + p, o2 = o1 + p, o3 = o2 + p, o4 = o3 + p, o5 = o4 + p, o6 = o5 + p, o7 = o6 + p;
    let n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0;
    if (noNaN) {
      // The block has no missing value: the missing-direction term is always 0, so drop it (shorter step).
      for (let s = 0; s < depth; s++) {
        const x0 = data[a + (i32[4 * n0 + 2]! & 0xffff)]!, x1 = data[o1 + (i32[4 * n1 + 2]! & 0xffff)]!;
        const x2 = data[o2 + (i32[4 * n2 + 2]! & 0xffff)]!, x3 = data[o3 + (i32[4 * n3 + 2]! & 0xffff)]!;
        const x4 = data[o4 + (i32[4 * n4 + 2]! & 0xffff)]!, x5 = data[o5 + (i32[4 * n5 + 2]! & 0xffff)]!;
        const x6 = data[o6 + (i32[4 * n6 + 2]! & 0xffff)]!, x7 = data[o7 + (i32[4 * n7 + 2]! & 0xffff)]!;
        n0 = i32[4 * n0 + 3]! + +(x0 > f64[2 * n0]!); n1 = i32[4 * n1 + 3]! + +(x1 > f64[2 * n1]!);
        n2 = i32[4 * n2 + 3]! + +(x2 > f64[2 * n2]!); n3 = i32[4 * n3 + 3]! + +(x3 > f64[2 * n3]!);
        n4 = i32[4 * n4 + 3]! + +(x4 > f64[2 * n4]!); n5 = i32[4 * n5 + 3]! + +(x5 > f64[2 * n5]!);
        n6 = i32[4 * n6 + 3]! + +(x6 > f64[2 * n6]!); n7 = i32[4 * n7 + 3]! + +(x7 > f64[2 * n7]!);
      }
    } else for (let s = 0; s < depth; s++) {
      const c0 = i32[4 * n0 + 2]!, c1 = i32[4 * n1 + 2]!, c2 = i32[4 * n2 + 2]!, c3 = i32[4 * n3 + 2]!;
      const c4 = i32[4 * n4 + 2]!, c5 = i32[4 * n5 + 2]!, c6 = i32[4 * n6 + 2]!, c7 = i32[4 * n7 + 2]!;
      const x0 = data[a + (c0 & 0xffff)]!, x1 = data[o1 + (c1 & 0xffff)]!, x2 = data[o2 + (c2 & 0xffff)]!, x3 = data[o3 + (c3 & 0xffff)]!;
      const x4 = data[o4 + (c4 & 0xffff)]!, x5 = data[o5 + (c5 & 0xffff)]!, x6 = data[o6 + (c6 & 0xffff)]!, x7 = data[o7 + (c7 & 0xffff)]!;
      n0 = i32[4 * n0 + 3]! + (+(x0 > f64[2 * n0]!) | (+(x0 !== x0) & (c0 >>> 16)));
      n1 = i32[4 * n1 + 3]! + (+(x1 > f64[2 * n1]!) | (+(x1 !== x1) & (c1 >>> 16)));
      n2 = i32[4 * n2 + 3]! + (+(x2 > f64[2 * n2]!) | (+(x2 !== x2) & (c2 >>> 16)));
      n3 = i32[4 * n3 + 3]! + (+(x3 > f64[2 * n3]!) | (+(x3 !== x3) & (c3 >>> 16)));
      n4 = i32[4 * n4 + 3]! + (+(x4 > f64[2 * n4]!) | (+(x4 !== x4) & (c4 >>> 16)));
      n5 = i32[4 * n5 + 3]! + (+(x5 > f64[2 * n5]!) | (+(x5 !== x5) & (c5 >>> 16)));
      n6 = i32[4 * n6 + 3]! + (+(x6 > f64[2 * n6]!) | (+(x6 !== x6) & (c6 >>> 16)));
      n7 = i32[4 * n7 + 3]! + (+(x7 > f64[2 * n7]!) | (+(x7 !== x7) & (c7 >>> 16)));
    }
    const r = i * rs + ro;
    if (nv === 1) {
      raw[r] += value[n0]!; raw[r + rs] += value[n1]!; raw[r + 2 * rs] += value[n2]!; raw[r + 3 * rs] += value[n3]!;
      raw[r + 4 * rs] += value[n4]!; raw[r + 5 * rs] += value[n5]!; raw[r + 6 * rs] += value[n6]!; raw[r + 7 * rs] += value[n7]!;
    } else if (nv === 2) {
      raw[r] += value[2 * n0]!; raw[r + 1] += value[2 * n0 + 1]!;
      raw[r + rs] += value[2 * n1]!; raw[r + rs + 1] += value[2 * n1 + 1]!;
      raw[r + 2 * rs] += value[2 * n2]!; raw[r + 2 * rs + 1] += value[2 * n2 + 1]!;
      raw[r + 3 * rs] += value[2 * n3]!; raw[r + 3 * rs + 1] += value[2 * n3 + 1]!;
      raw[r + 4 * rs] += value[2 * n4]!; raw[r + 4 * rs + 1] += value[2 * n4 + 1]!;
      raw[r + 5 * rs] += value[2 * n5]!; raw[r + 5 * rs + 1] += value[2 * n5 + 1]!;
      raw[r + 6 * rs] += value[2 * n6]!; raw[r + 6 * rs + 1] += value[2 * n6 + 1]!;
      raw[r + 7 * rs] += value[2 * n7]!; raw[r + 7 * rs + 1] += value[2 * n7 + 1]!;
    } else {
      for (let k = 0; k < nv; k++) {
        raw[r + k] += value[n0 * nv + k]!; raw[r + rs + k] += value[n1 * nv + k]!;
        raw[r + 2 * rs + k] += value[n2 * nv + k]!; raw[r + 3 * rs + k] += value[n3 * nv + k]!;
        raw[r + 4 * rs + k] += value[n4 * nv + k]!; raw[r + 5 * rs + k] += value[n5 * nv + k]!;
        raw[r + 6 * rs + k] += value[n6 * nv + k]!; raw[r + 7 * rs + k] += value[n7 * nv + k]!;
      }
    }
  }
  for (; i < m; i++) {
    const leaf = compiledLeaf(c, data, off + i * p);
    const r = i * rs + ro;
    for (let k = 0; k < nv; k++) raw[r + k] += value[leaf * nv + k]!;
  }
}
