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
 *   q[g·G + 16f + lane]      bin of feature f, row 8g + lane              (G = 16 · nFeatures)
 *   q[g·G + 16f + 8 + lane]  (bin + 1) mod 65536
 * so a node addresses its operand as a fixed offset 16f (+ 8) from the group start, plus the lane.
 *
 * Categorical splits: each distinct (feature, category bitset, missing direction) of the model's categorical nodes
 * becomes a VIRTUAL column nFeatures + v whose value per row is that split's routing bit, 0 = left, 1 = right,
 * computed exactly as leafIndex does (c = x | 0; NaN, c < 0 or c beyond the bitset → the missing direction). The node
 * then compares that column against rank 0 (right iff > 0) like any numeric node, so the walks need no category
 * code. Low-cardinality features have few distinct bitsets; past MAX_VIRTUAL the plan leaves categorical trees to
 * the other kernels.
 */
import type { TreeArrays } from '../format/tree-arrays.js';

export const LANES = 8;
export const MISSING_BIN = 0xffff;
/** At most this many distinct thresholds per feature (bins 0 … n stay below MISSING_BIN). */
export const MAX_THRESHOLDS = 0xfffe;
/** Node operand byte offsets are 32f + 16 < 65536 (they sit in the upper 16 bits of an int32 node, implicit-tree.ts). */
export const MAX_FEATURES = 2047;
/** At most this many virtual (categorical routing) columns: each costs 32 bytes per group of the quantised block. */
export const MAX_VIRTUAL = 256;

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
  /** Virtual columns, column nFeatures + v; nCols = nFeatures + virt.length columns per quantised row. */
  virt: VirtualColumn[];
  /** Virtual column index by virtualKey. */
  virtIndex: Map<string, number>;
  nCols: number;
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
 * Quantiser over the thresholds and categorical splits of `trees` (callers pass only quantisable ones). Null if a
 * feature has too many thresholds or the categorical splits too many distinct routings (MAX_VIRTUAL, or the operand
 * encoding's MAX_FEATURES columns).
 */
export function buildQuantiser(trees: readonly TreeArrays[], nFeatures: number): Quantiser | null {
  if (nFeatures > MAX_FEATURES) return null;
  const virt: VirtualColumn[] = [];
  const virtIndex = new Map<string, number>();
  for (const t of trees) {
    for (let i = 0; i < t.nNodes; i++) {
      if (t.feature[i]! < 0 || !isCategorical(t, i)) continue;
      const key = virtualKey(t, i);
      if (virtIndex.has(key)) continue;
      if (virt.length >= MAX_VIRTUAL || nFeatures + virt.length >= MAX_FEATURES) return null;
      virtIndex.set(key, virt.length);
      const s = t.catStart[i]!;
      virt.push({ feature: t.feature[i]!, bits: t.catBits.slice(s, s + t.catWords[i]!), missingLeft: t.missingLeft[i] === 1 });
    }
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
  return { nFeatures, used: Int32Array.from(used), table, start, size, nThr, virt, virtIndex, nCols: nFeatures + virt.length };
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
  const G = 16 * q.nCols;
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

/**
 * The virtual columns of rows [0, m) of a block (layout above, G values per group): each row's routing bit per
 * categorical split, exactly leafIndex's test. Both copies get the bit (nodes on virtual columns use the first).
 */
export function quantiseVirtual(q: Quantiser, data: Float64Array, off: number, p: number, m: number, out: Uint16Array, G: number): void {
  const { virt, nFeatures } = q;
  for (let v = 0; v < virt.length; v++) {
    const { feature: f, bits, missingLeft } = virt[v]!;
    const words = bits.length;
    const miss = missingLeft ? 0 : 1;
    const col = 16 * (nFeatures + v);
    for (let r = 0; r < m; r++) {
      const x = data[off + r * p + f]!;
      let bit: number;
      if (x !== x) bit = miss;
      else {
        const c = x | 0;
        const w = c >>> 5;
        bit = c < 0 || w >= words ? miss : 1 - ((bits[w]! >>> (c & 31)) & 1);
      }
      const o = (r >> 3) * G + col + (r & 7);
      out[o] = bit;
      out[o + 8] = bit + 1;
    }
  }
}
