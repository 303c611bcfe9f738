/**
 * How a tree ensemble walks batches, decided once per model: which trees take the implicit layout over quantised
 * inputs (implicit-tree.ts, quantised-inputs.ts) and where its buffers live.
 *
 * With WebAssembly (wasm-walk.ts), one WebAssembly.Memory holds every implicit tree's nodes and leaf outputs plus the
 * scratch of one block — the quantised rows and the raw sums — and `raw` / `q` are views on it, so the ensemble's
 * other kernels (compiled-tree.ts, leafIndex) add into the same sums. The memory never grows (a grow would detach
 * the views). Without WebAssembly the JS walk uses the trees' own arrays.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import { admitCategorical, buildQuantiser, hasCategorical, quantisable, quantiseBlock, quantiseVirtual, virtualCap, LANES, type Quantiser } from './quantised-inputs.js';
import { compileImplicit, implicitAddBlock, implicitShape, type ImplicitTree } from './implicit-tree.js';
import { wasmWalk, type WasmOne, type WasmQuant, type WasmWalk } from './wasm-walk.js';

const EMPTY_I32 = new Int32Array(0), EMPTY_F64 = new Float64Array(0);

export interface BatchPlan {
  /** Null when no tree takes the implicit layout. */
  quantiser: Quantiser | null;
  /** Per tree, its implicit layout (with WebAssembly, only depth and nv: the arrays live in the wasm memory). */
  implicit: (ImplicitTree | null)[];
  /** Some tree walks with another kernel (those test the block for NaN). */
  anyOther: boolean;
  /** Quantised block: (block / LANES) groups of G values (quantised-inputs.ts). */
  q: Uint16Array;
  /** Raw sums of one block: block × nOutputs. */
  raw: Float64Array;
  /** Values per quantised group. */
  G: number;
  walk: WasmWalk | null;
  quant: WasmQuant | null;
  /** Byte addresses in the wasm memory: tree t's nodes at addr[2t], its leaf outputs at addr[2t + 1]. */
  addr: Int32Array;
  qAddr: number;
  rawAddr: number;
  /** The block's rows copied into wasm memory for `quant` (view at rowsAddr), and its feature table. */
  rows: Float64Array;
  rowsAddr: number;
  featsAddr: number;
  /**
   * Single-row walk (wasm `one`), when every tree takes the implicit layout: tree t's reached leaf outputs start at
   * f64[leafAt[t] / 8] after one(oneDesc, oneGroups, qAddr) on a row quantised into lane 0.
   */
  one: WasmOne | null;
  oneDesc: number;
  oneGroups: number;
  leafAt: Int32Array;
  f64: Float64Array;
}

/**
 * Plan for blocks of `block` rows (a multiple of LANES) whose raw sums have nOutputs slots per row and trees add nv
 * outputs per leaf. `useWasm: false` forces the JS walk (tests).
 */
export function buildBatchPlan(trees: readonly TreeArrays[], nFeatures: number, nOutputs: number, nv: number, block: number, useWasm = true): BatchPlan {
  const shapes = trees.map((t) => (t.nOutputs === nv && quantisable(t, nFeatures) ? implicitShape(t) : null));
  // categorical trees while their distinct routings fit the operand encoding (quantised-inputs.ts)
  const take = shapes.map((x) => x !== null);
  admitCategorical(trees, take, virtualCap(nFeatures));
  take.forEach((ok, i) => { if (!ok) shapes[i] = null; });
  let q0 = shapes.some((x) => x !== null) ? buildQuantiser(trees.filter((_, t) => shapes[t]), nFeatures) : null;
  if (!q0) {
    // too many thresholds for 16-bit bins: try without the categorical trees' thresholds
    trees.forEach((t, i) => { if (shapes[i] && hasCategorical(t)) shapes[i] = null; });
    q0 = shapes.some((x) => x !== null) ? buildQuantiser(trees.filter((_, t) => shapes[t]), nFeatures) : null;
  }
  const implicit = trees.map((t, i) => (q0 && shapes[i] ? compileImplicit(t, shapes[i]!, q0) : null));
  const any = implicit.some((x) => x !== null);
  const quant = any ? q0 : null;
  const G = quant ? quant.G : 0;
  const qLen = any ? (block / LANES) * G : 0;
  const plan: BatchPlan = {
    quantiser: quant, implicit, anyOther: implicit.some((x) => x === null), G,
    q: new Uint16Array(qLen), raw: new Float64Array(block * nOutputs),
    walk: null, quant: null, addr: new Int32Array(2 * trees.length), qAddr: 0, rawAddr: 0,
    rows: new Float64Array(0), rowsAddr: 0, featsAddr: 0,
    one: null, oneDesc: 0, oneGroups: 0, leafAt: new Int32Array(0), f64: new Float64Array(0),
  };
  if (!quant || !useWasm) return plan;
  // layout: raw sums, block rows, threshold tables, leaf outputs (all f64), then nodes, feature table, quantised block
  let bytes = block * nOutputs * 8;
  const rowsAddr = bytes;
  bytes += block * nFeatures * 8;
  const tableAddr = bytes;
  bytes += quant.table.length * 8;
  const bottomStart = bytes;
  for (const it of implicit) if (it) bytes += it.bottom.length * 8;
  const nodeStart = bytes;
  for (const it of implicit) if (it) bytes += it.node.length * 4;
  const featsAddr = bytes;
  bytes += quant.used.length * 16;
  // single-row descriptors: trees grouped by depth, 8 per group (wasm-walk.ts `one`), and one leaf slot per tree
  const allImplicit = implicit.every((x) => x !== null);
  const byDepth = new Map<number, number[]>();
  if (allImplicit) implicit.forEach((it, t) => byDepth.set(it!.depth, [...(byDepth.get(it!.depth) ?? []), t]));
  let oneGroups = 0;
  for (const ts of byDepth.values()) oneGroups += Math.ceil(ts.length / 8);
  const oneDesc = bytes;
  bytes += oneGroups * 128;
  const leafAt = bytes;
  bytes += trees.length * 4;
  const qAddr = bytes;
  bytes += qLen * 2 + 16;
  if (bytes > 0x7fff0000) return plan;
  const w = wasmWalk(bytes, nv);
  if (!w) return plan;
  const { buffer: buf, walk } = w;
  const f64 = new Float64Array(buf), i32 = new Int32Array(buf);
  f64.set(quant.table, tableAddr / 8);
  quant.used.forEach((f, u) => {
    i32.set([32 * f, 8 * f, tableAddr + 8 * quant.start[f]! - 8, quant.size[f]! >> 1], featsAddr / 4 + 4 * u);
  });
  let vAt = bottomStart, nAt = nodeStart;
  implicit.forEach((it, t) => {
    if (!it) return;
    f64.set(it.bottom, vAt / 8);
    i32.set(it.node, nAt / 4);
    plan.addr[2 * t] = nAt;
    plan.addr[2 * t + 1] = vAt;
    vAt += it.bottom.length * 8;
    nAt += it.node.length * 4;
    // the wasm memory holds the only copy needed (4+ MB for a 200 × depth-10 forest)
    implicit[t] = { node: EMPTY_I32, depth: it.depth, bottom: EMPTY_F64, nv: it.nv };
  });
  if (allImplicit) {
    let at = oneDesc / 4;
    for (const [depth, ts] of byDepth) {
      for (let g = 0; g < ts.length; g += 8) {
        i32[at] = depth;
        i32[at + 1] = 8 * nv;
        for (let i = 0; i < 8; i++) {
          const t = ts[Math.min(g + i, ts.length - 1)]!;
          i32.set([plan.addr[2 * t]!, plan.addr[2 * t + 1]! - 8 * nv * (1 << depth), leafAt + 4 * t], at + 2 + 3 * i);
        }
        at += 32;
      }
    }
    plan.one = w.one;
    plan.oneDesc = oneDesc;
    plan.oneGroups = oneGroups;
    plan.leafAt = new Int32Array(buf, leafAt, trees.length);
    plan.f64 = f64;
  }
  plan.walk = walk;
  plan.quant = w.quant;
  plan.rows = new Float64Array(buf, rowsAddr, block * nFeatures);
  plan.rowsAddr = rowsAddr;
  plan.featsAddr = featsAddr;
  plan.qAddr = qAddr;
  plan.rawAddr = 0;
  plan.raw = new Float64Array(buf, 0, block * nOutputs);
  plan.q = new Uint16Array(buf, qAddr, qLen);
  return plan;
}

/** Quantise rows [0, m) of a block (row u at data[off + u·p]) into plan.q. */
export function quantise(plan: BatchPlan, data: Float64Array, off: number, p: number, m: number): void {
  const Q = plan.quantiser!;
  if (plan.quant) {
    plan.rows.set(data.subarray(off, off + m * p));
    plan.quant(plan.featsAddr, Q.used.length, plan.rowsAddr, p * 8, m, plan.qAddr, plan.G * 2);
  } else {
    quantiseBlock(Q, data, off, p, m, plan.q);
  }
  if (Q.virt.length) quantiseVirtual(Q, data, off, p, m, plan.q);
}

/** Single-row prediction: after this, tree t's leaf outputs start at plan.f64[plan.leafAt[t] / 8]. */
export function oneRowLeaves(plan: BatchPlan, row: Float64Array, p: number): void {
  plan.rows.set(row.subarray(0, p));
  const Q = plan.quantiser!;
  plan.quant!(plan.featsAddr, Q.used.length, plan.rowsAddr, p * 8, 1, plan.qAddr, plan.G * 2);
  if (Q.virt.length) quantiseVirtual(Q, row, 0, p, 1, plan.q);
  plan.one!(plan.oneDesc, plan.oneGroups, plan.qAddr);
}

/**
 * Add tree t's leaf outputs for `groups` quantised groups of the block to raw[row·rs + ro + k] (rs = nOutputs).
 * Rows of the last group past the block's row count land in raw rows the caller ignores.
 */
export function implicitAdd(plan: BatchPlan, t: number, groups: number, rs: number, ro: number): void {
  const it = plan.implicit[t]!;
  if (plan.walk) {
    plan.walk(plan.addr[2 * t]!, it.depth, plan.addr[2 * t + 1]!, it.nv, plan.qAddr, plan.G * 2, groups, plan.rawAddr + ro * 8, rs * 8);
  } else {
    implicitAddBlock(it, plan.q, plan.G, groups, plan.raw, rs, ro);
  }
}
