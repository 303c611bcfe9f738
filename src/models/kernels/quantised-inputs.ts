/**
 * Batch inputs quantised against the model's own thresholds, for the implicit-tree kernel (implicit-tree.ts).
 *
 * For each feature, the distinct split thresholds of the whole model, sorted: t_0 < t_1 < … < t_{n-1}. A value x
 * becomes bin(x) = #{j : t_j < x}, so that x > t_j ⟺ bin(x) > j exactly (for every non-NaN double, ±Infinity
 * included). Node comparisons become 16-bit integer compares and the node shrinks to one int32.
 *
 * Missing values: NaN gets bin MISSING_BIN (65535), above every real bin, so a plain `bin > j` sends it right. For
 * nodes whose missing direction is left, each value is stored a second time as (bin + 1) mod 65536 — real bins
 * shift up by one, NaN wraps to 0 — and such a node compares against j + 1: real values route identically and NaN
 * goes left. The walk needs no NaN test and one kernel serves NaN and NaN-free rows.
 *
 * Layout of a quantised block, groups of LANES rows (the kernel walks one group's rows interleaved):
 *   q[g·G + 16f + lane]      bin of feature f, row 8g + lane
 *   q[g·G + 16f + 8 + lane]  (bin + 1) mod 65536
 * so a node addresses its operand as a fixed offset 16f (+ 8) from the group start, plus the lane.
 *
 * Categorical splits: each distinct (feature, category bitset, missing direction) of the model's categorical nodes
 * becomes a VIRTUAL column v whose value per row is that split's routing bit, 0 = left, 1 = right, computed exactly
 * as leafIndex does (c = x | 0; NaN, c < 0 or c beyond the bitset → the missing direction). The node then compares
 * that column against rank 0 (right iff > 0) like any numeric node, so the walks need no category code. Virtual
 * columns are never missing, so they need one copy only — 8 values after the numeric columns:
 *   q[g·G + 16·nFeatures + 8v + lane]                                    (G = 16 · nFeatures + 8 · nVirtual)
 * Operand byte offsets must stay below 65536 (virtualCap); the plan admits categorical trees while their routings
 * fit and leaves the rest to the other kernels. Per categorical feature, a table maps the row's category slot to all
 * its columns' bits, so a row costs one lookup per column.
 */
import type { TreeArrays } from '../format/tree-arrays.js';

export const LANES = 8;
export const MISSING_BIN = 0xffff;
/** At most this many distinct thresholds per feature (bins 0 … n stay below MISSING_BIN). */
export const MAX_THRESHOLDS = 0xfffe;
/** Node operand byte offsets are 32f + 16 < 65536 (they sit in the upper 16 bits of an int32 node, implicit-tree.ts). */
export const MAX_FEATURES = 2047;
/** Most virtual columns the operand encoding allows after nFeatures numeric ones: byte offsets 32·nF + 16v < 65536. */
export function virtualCap(nFeatures: number): number {
  return Math.max(0, Math.floor((65535 - 32 * nFeatures) / 16));
}

/** One virtual column: the routing bit of a categorical split (see header). */
export interface VirtualColumn {
  feature: number;
  /** The split's left-category bitset (its catWords words). */
  bits: Uint32Array;
  missingLeft: boolean;
}

export interface Quantiser {
  nFeatures: number;
  /** Features some quantised tree splits on (only those are quantised). */
  used: Int32Array;
  /** Per feature, sorted distinct thresholds padded with +Infinity to a power of two (≥ n + 1) entries. */
  table: Float64Array;
  start: Int32Array;
  size: Int32Array;
  /** Per feature: number of distinct thresholds. */
  nThr: Int32Array;
  /** Virtual columns, grouped by feature (see header). */
  virt: VirtualColumn[];
  /** Virtual column index by virtualKey. */
  virtIndex: Map<string, number>;
  /** Per categorical feature: its columns v0 … v0 + n − 1 and the table of their bits by category slot. */
  catFeatures: CatFeature[];
  /** Values per quantised group: 16 · nFeatures + 8 · virt.length. */
  G: number;
}

/**
 * bits[s·n + j] = routing bit of column v0 + j for category slot s: slot c for c = x | 0 in [0, 32·words) (words: the
 * widest bitset of the feature), slot 32·words for NaN and every other value (each column's missing direction).
 */
export interface CatFeature { feature: number; v0: number; n: number; words: number; bits: Uint16Array }

/** Byte offset of virtual column v in a quantised group (node operand). */
export function virtualOffset(q: Quantiser, v: number): number {
  return 32 * q.nFeatures + 16 * v;
}

/** Identity of a categorical node's routing: nodes with equal keys route every value alike. */
export function virtualKey(t: TreeArrays, i: number): string {
  const s = t.catStart[i]!;
  return `${t.feature[i]}|${t.missingLeft[i] ? 1 : 0}|${Array.from(t.catBits.subarray(s, s + t.catWords[i]!)).join(',')}`;
}

/** Whether node i is a categorical split (its bitset within catBits). */
function isCategorical(t: TreeArrays, i: number): boolean {
  return t.catStart[i]! >= 0;
}

/**
 * Whether a tree's splits can be quantised: known features, numeric thresholds not NaN, and (unless `categorical` is
 * false) categorical bitsets inside catBits.
 */
export function quantisable(t: TreeArrays, nFeatures: number, categorical = true): boolean {
  for (let i = 0; i < t.nNodes; i++) {
    const f = t.feature[i]!;
    if (f < 0) continue;
    if (f >= nFeatures) return false;
    if (isCategorical(t, i)) {
      if (!categorical || t.catWords[i]! < 0 || t.catStart[i]! + t.catWords[i]! > t.catBits.length) return false;
    } else if (Number.isNaN(t.threshold[i]!)) return false;
  }
  return true;
}

/** Whether a tree has a categorical split. */
export function hasCategorical(t: TreeArrays): boolean {
  for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! >= 0 && isCategorical(t, i)) return true;
  return false;
}

/**
 * Which trees (flagged in `take`) can join the quantiser: in tree order, a tree with categorical splits is admitted
 * while the distinct routings so far stay within `cap`; later ones that would exceed it are dropped from `take`.
 */
export function admitCategorical(trees: readonly TreeArrays[], take: boolean[], cap: number): void {
  const seen = new Set<string>();
  trees.forEach((t, ti) => {
    if (!take[ti]) return;
    const mine: string[] = [];
    for (let i = 0; i < t.nNodes; i++) {
      if (t.feature[i]! < 0 || !isCategorical(t, i)) continue;
      const key = virtualKey(t, i);
      if (!seen.has(key) && !mine.includes(key)) mine.push(key);
    }
    if (seen.size + mine.length > cap) { take[ti] = false; return; }
    for (const k of mine) seen.add(k);
  });
}

/**
 * Quantiser over the thresholds and categorical splits of `trees` (callers pass only quantisable ones). Null if a
 * feature has too many thresholds or the categorical splits more distinct routings than virtualCap.
 */
export function buildQuantiser(trees: readonly TreeArrays[], nFeatures: number): Quantiser | null {
  if (nFeatures > MAX_FEATURES) return null;
  const byKey = new Map<string, VirtualColumn>();
  for (const t of trees) {
    for (let i = 0; i < t.nNodes; i++) {
      if (t.feature[i]! < 0 || !isCategorical(t, i)) continue;
      const key = virtualKey(t, i);
      if (byKey.has(key)) continue;
      if (byKey.size >= virtualCap(nFeatures)) return null;
      const s = t.catStart[i]!;
      byKey.set(key, { feature: t.feature[i]!, bits: t.catBits.slice(s, s + t.catWords[i]!), missingLeft: t.missingLeft[i] === 1 });
    }
  }
  // grouped by feature (stable: first-seen order within one), so a feature's columns are contiguous
  const keys = [...byKey.keys()].sort((a, b) => byKey.get(a)!.feature - byKey.get(b)!.feature);
  const virt = keys.map((k) => byKey.get(k)!);
  const virtIndex = new Map(keys.map((k, v) => [k, v]));
  const catFeatures: CatFeature[] = [];
  for (let v0 = 0; v0 < virt.length;) {
    const f = virt[v0]!.feature;
    let n = 0, words = 0;
    while (v0 + n < virt.length && virt[v0 + n]!.feature === f) { words = Math.max(words, virt[v0 + n]!.bits.length); n++; }
    const slots = 32 * words + 1;
    const bits = new Uint16Array(slots * n);
    for (let j = 0; j < n; j++) {
      const col = virt[v0 + j]!;
      const miss = col.missingLeft ? 0 : 1;
      for (let c = 0; c < slots; c++) {
        const w = c >>> 5;
        bits[c * n + j] = c === slots - 1 || w >= col.bits.length ? miss : 1 - ((col.bits[w]! >>> (c & 31)) & 1);
      }
    }
    catFeatures.push({ feature: f, v0, n, words, bits });
    v0 += n;
  }
  // every split's threshold, grouped by feature (counting sort), then sorted and deduplicated per feature
  const count = new Int32Array(nFeatures + 1);
  for (const t of trees) for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! >= 0 && !isCategorical(t, i)) count[t.feature[i]! + 1]++;
  for (let f = 0; f < nFeatures; f++) count[f + 1] += count[f]!;
  const all = new Float64Array(count[nFeatures]!);
  const fill = count.slice(0, nFeatures);
  for (const t of trees) {
    for (let i = 0; i < t.nNodes; i++) {
      const f = t.feature[i]!;
      if (f >= 0 && !isCategorical(t, i)) all[fill[f]!++] = t.threshold[i]! + 0; // -0 → 0: they split alike
    }
  }
  const start = new Int32Array(nFeatures), size = new Int32Array(nFeatures), nThr = new Int32Array(nFeatures);
  const sorted: Float64Array[] = [];
  const used: number[] = [];
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    const s = all.subarray(count[f]!, count[f + 1]!).sort();
    let n = 0;
    for (let i = 0; i < s.length; i++) if (n === 0 || s[i]! !== s[n - 1]!) s[n++] = s[i]!;
    if (n > MAX_THRESHOLDS) return null;
    if (n > 0) used.push(f);
    sorted.push(s.subarray(0, n));
    nThr[f] = n;
    let sz = 1;
    while (sz < n + 1) sz *= 2;
    start[f] = total;
    size[f] = sz;
    total += sz;
  }
  const table = new Float64Array(total).fill(Infinity);
  sorted.forEach((s, f) => table.set(s, start[f]!));
  return { nFeatures, used: Int32Array.from(used), table, start, size, nThr, virt, virtIndex, catFeatures, G: 16 * nFeatures + 8 * virt.length };
}

/** Rank of a node's threshold in its feature's sorted list (it must be one of them): its bin, #{t_j < threshold}. */
export function thresholdRank(q: Quantiser, f: number, threshold: number): number {
  const { table } = q;
  const b = q.start[f]!;
  let lo = 0;
  for (let h = q.size[f]! >> 1; h > 0; h >>= 1) lo += h & -+(table[b + lo + h - 1]! < threshold);
  return lo;
}

/**
 * Quantise rows [0, m) of a block (row u at data[off + u·p]) into `out` (layout above; groups past m keep whatever
 * they held — their walks are discarded). Feature by feature so one threshold table stays in cache while the
 * block's rows, independent searches the CPU overlaps, walk it branch-free.
 */
export function quantiseBlock(q: Quantiser, data: Float64Array, off: number, p: number, m: number, out: Uint16Array): void {
  const { used, table, start, size } = q;
  const G = q.G;
  for (let u = 0; u < used.length; u++) {
    const f = used[u]!;
    const b = start[f]!, n = size[f]!;
    for (let r = 0; r < m; r++) {
      const x = data[off + r * p + f]!;
      let lo = 0;
      // Fixed-step lower bound over n = 2^k entries: lo ends at #{t < x} (the +Infinity padding is never < x).
      for (let h = n >> 1; h > 0; h >>= 1) lo += h & -+(table[b + lo + h - 1]! < x);
      if (x !== x) lo = MISSING_BIN;
      const o = (r >> 3) * G + 16 * f + (r & 7);
      out[o] = lo;
      out[o + 8] = (lo + 1) & 0xffff;
    }
  }
}

let lastOut: Uint16Array | undefined, lastO32: Uint32Array | undefined;
const LANE_AT = new Int32Array(LANES);
/** 1 on big-endian hosts, where a u32's low half is the u16 at the higher address. */
const SWAP = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;

/**
 * The virtual columns of rows [0, m) of a block (layout above): each row's routing bit per categorical split, exactly
 * leafIndex's test, by one table lookup per column.
 */
export function quantiseVirtual(q: Quantiser, data: Float64Array, off: number, p: number, m: number, out: Uint16Array): void {
  const G = q.G, base = 16 * q.nFeatures;
  // G and the column offsets are even, and out starts 4-byte aligned (batch-plan.ts): whole u32 pairs of lanes
  if (out !== lastOut) { lastOut = out; lastO32 = new Uint32Array(out.buffer, out.byteOffset, out.length >> 1); }
  const o32 = lastO32!, at = LANE_AT;
  for (const { feature: f, v0, n, words, bits } of q.catFeatures) {
    const miss = 32 * words;
    for (let r0 = 0; r0 < m; r0 += LANES) {
      // a group's rows at once: each column's 8 lanes are one 16-byte store run, each row's table entry one stream
      const k = Math.min(LANES, m - r0);
      if (k === 1) {
        // a lone row (single-row prediction): its lane only
        const x = data[off + r0 * p + f]!;
        const c = x | 0;
        const b = (x !== x || c >>> 0 >= miss ? miss : c) * n;
        const o = (r0 >> 3) * G + base + 8 * v0;
        for (let j = 0; j < n; j++) out[o + 8 * j] = bits[b + j]!;
        continue;
      }
      for (let l = 0; l < LANES; l++) {
        const x = data[off + (r0 + Math.min(l, k - 1)) * p + f]!; // lanes past m repeat the last row (ignored)
        const c = x | 0;
        // NaN | 0 is 0: NaN needs its own test; negative c is huge unsigned
        at[l ^ SWAP] = (x !== x || c >>> 0 >= miss ? miss : c) * n;
      }
      const a0 = at[0]!, a1 = at[1]!, a2 = at[2]!, a3 = at[3]!, a4 = at[4]!, a5 = at[5]!, a6 = at[6]!, a7 = at[7]!;
      // bits are 0/1: two lanes per 32-bit store (lane 2i in the half a u16 view reads first: SWAP)
      let o = ((r0 >> 3) * G + base + 8 * v0) >> 1;
      for (let j = 0; j < n; j++, o += 4) {
        o32[o] = bits[a0 + j]! | (bits[a1 + j]! << 16); o32[o + 1] = bits[a2 + j]! | (bits[a3 + j]! << 16);
        o32[o + 2] = bits[a4 + j]! | (bits[a5 + j]! << 16); o32[o + 3] = bits[a6 + j]! | (bits[a7 + j]! << 16);
      }
    }
  }
}
