/**
 * The Model shared by gradient boosting and random forest: a list of flat trees plus how their outputs combine.
 *
 *   link 'logistic' (binary boosting, nOutputs 1):  p1 = sigmoid(baseScore[0] + Σ tree leaf values)
 *   link 'softmax'  (multiclass boosting, K):       raw_k = baseScore[k] + Σ_{t: treeClass[t]=k} leaf_t; p = softmax(raw)
 *   link 'mean'     (random forest, K):             p_k = mean over trees of the leaf's class-probability vector
 *
 * Prediction walks typed arrays only. Batches go tree by tree over blocks of rows so one tree's arrays stay in
 * cache while many rows walk it; numeric trees of depth ≤ 12 walk as implicit complete trees over the block's inputs
 * quantised against the model's thresholds (kernels/batch-plan.ts), the others with the compiled or reference walk.
 */
import type { FeatureSpec, RowMatrix } from '../dataset.js';
import type { Contributions, FeatureImportance, LearnerKind, Model, ModelJson } from '../learner.js';
import type { TreeArrays } from '../format/tree-arrays.js';
import { encodeTree } from '../format/tree-json.js';
import { ModelErrors } from '../errors.js';
import { leafIndex } from '../format/tree-arrays.js';
import { compileTree, compiledLeaf, compiledLeaf4Trees, compiledAddBlock } from '../kernels/compiled-tree.js';
import type { CompiledTree } from '../kernels/compiled-tree.js';
import { buildForestLayout, forestLeaves, type ForestLayout } from '../kernels/compiled-tree-single.js';
import { LANES } from '../kernels/quantised-inputs.js';
import { buildBatchPlan, implicitAdd, oneRowLeaves, quantise, type BatchPlan } from '../kernels/batch-plan.js';
import { treeShap } from '../shap/tree-shap.js';

export type Link = 'logistic' | 'softmax' | 'mean';

export const MODEL_FORMAT_VERSION = 1;

export interface EnsembleParts {
  kind: LearnerKind;
  features: FeatureSpec[];
  classes: string[];
  params: Record<string, unknown>;
  trees: TreeArrays[];
  treeClass: Int32Array;
  baseScore: Float64Array;
  nOutputs: number;
  link: Link;
  info?: Record<string, unknown>;
}

/** Rows per block: 256 rows × 25 features × 8 B = 51 KB of row data, which stays in L1/L2 next to one tree. */
const BLOCK = 256;

export class TreeEnsembleModel implements Model {
  readonly kind: LearnerKind;
  readonly features: readonly FeatureSpec[];
  readonly classes: readonly string[];
  readonly params: Record<string, unknown>;
  readonly trees: TreeArrays[];
  readonly treeClass: Int32Array;
  readonly baseScore: Float64Array;
  readonly nOutputs: number;
  readonly link: Link;
  readonly info: Record<string, unknown> | undefined;
  /** Interleaved inference layout per tree (null: walk the TreeArrays with leafIndex). */
  /** Built when first needed: trees the batch plan's implicit layout covers never walk it. */
  private compiledCache: (CompiledTree | null)[] | undefined;
  private allCompiled = false;
  private readonly raw: Float64Array;
  private readonly leaves4 = new Int32Array(4);
  /** Single-row layout (compiled-tree-single.ts), built on the first predictOne: training-time models never pay for it. */
  private forest: ForestLayout | null | undefined;
  private forestLeafBuf: Int32Array | undefined;
  /** Built on the first predictProba or predictOne. */
  private plan: BatchPlan | undefined;

  constructor(p: EnsembleParts) {
    this.kind = p.kind;
    this.features = p.features;
    this.classes = p.classes;
    this.params = p.params;
    this.trees = p.trees;
    this.treeClass = p.treeClass;
    this.baseScore = p.baseScore;
    this.nOutputs = p.nOutputs;
    this.link = p.link;
    this.info = p.info;
    this.raw = new Float64Array(p.nOutputs);
  }

  predictOne(row: Float64Array, out?: Float64Array): Float64Array {
    const p = this.features.length;
    if (!(row instanceof Float64Array) || row.length !== p) {
      throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`predictOne: row must be a Float64Array of ${p} feature values, got length ${(row as { length?: number })?.length}`);
    }
    const K = this.classes.length;
    const res = out ?? new Float64Array(K);
    const raw = this.raw;
    const trees = this.trees, tc = this.treeClass, leaves = this.leaves4;
    const mean = this.link === 'mean';
    const stride = mean ? K : 1;
    if (mean) raw.fill(0);
    else raw.set(this.baseScore);
    let t = 0;
    const T = trees.length;
    const plan = (this.plan ??= buildBatchPlan(this.trees, p, this.nOutputs, stride, BLOCK));
    if (plan.one) {
      // every tree implicit: the row quantised once, 8 trees walked at a time in wasm; leaves summed in tree order so
      // the result equals predictProba's bit for bit
      oneRowLeaves(plan, row, p);
      const LA = plan.leafAt, F = plan.f64;
      if (mean) {
        for (t = 0; t < T; t++) {
          const a = LA[t]! >> 3;
          for (let k = 0; k < K; k++) raw[k] += F[a + k]!;
        }
      } else {
        for (t = 0; t < T; t++) raw[tc[t]!] += F[LA[t]! >> 3]!;
      }
      this.finishRow(raw, 0, res, 0);
      return res;
    }
    const compiled = this.compiled();
    if (this.forest === undefined) {
      this.forest = this.allCompiled ? buildForestLayout(compiled as CompiledTree[], trees.map((x) => x.value), stride) : null;
      this.forestLeafBuf = new Int32Array(T);
    }
    const F = this.forest;
    if (F) {
      // One contiguous layout, 8 trees walked at a time; leaves summed in tree order so the result equals
      // predictProba's bit for bit.
      const gl = this.forestLeafBuf!;
      forestLeaves(F, row, 0, gl);
      const V = F.value;
      if (mean) {
        for (t = 0; t < T; t++) {
          const leaf = gl[t]! * K;
          for (let k = 0; k < K; k++) raw[k] += V[leaf + k]!;
        }
      } else {
        for (t = 0; t < T; t++) raw[tc[t]!] += V[gl[t]!]!;
      }
    } else if (this.allCompiled) {
      // 4 trees at a time: independent walks interleave (see compiled-tree.ts)
      for (; t + 4 <= T; t += 4) {
        compiledLeaf4Trees(compiled[t]!, compiled[t + 1]!, compiled[t + 2]!, compiled[t + 3]!, row, 0, leaves);
        for (let u = 0; u < 4; u++) {
          const v = trees[t + u]!.value;
          const leaf = leaves[u]! * stride;
          if (mean) for (let k = 0; k < K; k++) raw[k] += v[leaf + k]!;
          else raw[tc[t + u]!] += v[leaf]!;
        }
      }
    }
    for (; t < T; t++) {
      const tr = trees[t]!;
      const c = compiled[t];
      const leaf = (c ? compiledLeaf(c, row, 0) : leafIndex(tr, row, 0)) * stride;
      if (mean) for (let k = 0; k < K; k++) raw[k] += tr.value[leaf + k]!;
      else raw[tc[t]!] += tr.value[leaf]!;
    }
    this.finishRow(raw, 0, res, 0);
    return res;
  }

  predictProba(rows: RowMatrix, out?: Float64Array): Float64Array {
    const p = this.features.length;
    if (!rows || rows.nFeatures !== p || !(rows.data instanceof Float64Array) || !Number.isInteger(rows.nRows) || rows.nRows < 0 || rows.data.length < rows.nRows * p) {
      throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`predictProba: rows must be a ${p}-feature row-major matrix (nFeatures ${rows?.nFeatures}, nRows ${rows?.nRows}, data length ${rows?.data?.length})`);
    }
    const n = rows.nRows;
    const K = this.classes.length;
    const O = this.nOutputs;
    const res = out ?? new Float64Array(n * K);
    if (res.length < n * K) throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`predictProba: out has ${res.length} values, needs ${n * K}`);
    const data = rows.data;
    const trees = this.trees, tc = this.treeClass;
    const mean = this.link === 'mean';
    const plan = (this.plan ??= buildBatchPlan(this.trees, p, O, mean ? K : 1, BLOCK));
    const compiled = plan.anyOther ? this.compiled() : [];
    const { implicit, raw } = plan;
    for (let b0 = 0; b0 < n; b0 += BLOCK) {
      const b1 = Math.min(n, b0 + BLOCK);
      const m = b1 - b0;
      const groups = Math.ceil(m / LANES);
      if (mean) raw.fill(0, 0, m * O);
      else for (let i = 0; i < m; i++) raw.set(this.baseScore, i * O);
      if (plan.quantiser) quantise(plan, data, b0 * p, p, m);
      // One scan of the block spares every compiled walk the missing-value test when the block has no NaN.
      let noNaN = true;
      if (plan.anyOther) for (let j = b0 * p, je = b1 * p; j < je; j++) { const x = data[j]!; if (x !== x) { noNaN = false; break; } }
      // Tree by tree over the block: the tree's nodes stay in cache while all the block's rows walk it.
      for (let t = 0; t < trees.length; t++) {
        const tr = trees[t]!;
        const v = tr.value;
        const c = compiled[t];
        const k0 = mean ? 0 : tc[t]!;
        if (implicit[t]) {
          // implicit layout over the quantised block, 8 rows at a time (implicit-tree.ts, wasm-walk.ts)
          implicitAdd(plan, t, groups, O, k0);
          continue;
        }
        if (c) {
          // 8 rows at a time, leaf outputs added in registers (compiled-tree.ts)
          compiledAddBlock(c, v, mean ? K : 1, data, b0 * p, p, m, raw, O, k0, noNaN);
          continue;
        }
        let i = 0;
        for (; i < m; i++) {
          const off = (b0 + i) * p;
          const leaf = c ? compiledLeaf(c, data, off) : leafIndex(tr, data, off);
          if (mean) {
            const o = i * K, l = leaf * K;
            for (let k = 0; k < K; k++) raw[o + k] += v[l + k]!;
          } else raw[i * O + k0] += v[leaf]!;
        }
      }
      for (let i = 0; i < m; i++) this.finishRow(raw, i * O, res, (b0 + i) * K);
    }
    return res;
  }

  /** Interleaved per-tree layouts (compiled-tree.ts; null: walk the TreeArrays with leafIndex). */
  private compiled(): (CompiledTree | null)[] {
    if (!this.compiledCache) {
      this.compiledCache = this.trees.map(compileTree);
      this.allCompiled = this.compiledCache.every((c) => c !== null);
    }
    return this.compiledCache;
  }

  /** raw outputs → probabilities. */
  private finishRow(raw: Float64Array, ro: number, out: Float64Array, oo: number): void {
    if (this.link === 'logistic') {
      const p1 = 1 / (1 + Math.exp(-raw[ro]!));
      out[oo] = 1 - p1;
      out[oo + 1] = p1;
    } else if (this.link === 'softmax') {
      const K = this.nOutputs;
      let mx = -Infinity;
      for (let k = 0; k < K; k++) if (raw[ro + k]! > mx) mx = raw[ro + k]!;
      let s = 0;
      for (let k = 0; k < K; k++) { const e = Math.exp(raw[ro + k]! - mx); out[oo + k] = e; s += e; }
      for (let k = 0; k < K; k++) out[oo + k] /= s;
    } else {
      const K = this.nOutputs;
      let s = 0;
      for (let k = 0; k < K; k++) s += raw[ro + k]!;
      for (let k = 0; k < K; k++) out[oo + k] = s > 0 ? raw[ro + k]! / s : 1 / K;
    }
  }

  featureImportance(): FeatureImportance[] {
    const p = this.features.length;
    const gain = new Float64Array(p);
    const splits = new Int32Array(p);
    for (const t of this.trees) {
      for (let i = 0; i < t.nNodes; i++) {
        const f = t.feature[i]!;
        if (f < 0) continue;
        gain[f] += t.gain[i]!;
        splits[f]++;
      }
    }
    let tot = 0;
    for (let j = 0; j < p; j++) tot += gain[j]!;
    return this.features.map((f, j) => ({ name: f.name, gain: tot > 0 ? gain[j]! / tot : 0, splits: splits[j]! }));
  }

  contributions(row: Float64Array): Contributions {
    const p = this.features.length;
    if (!(row instanceof Float64Array) || row.length !== p) {
      throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`contributions: row must be a Float64Array of ${p} feature values`);
    }
    const O = this.nOutputs;
    const values = new Float64Array(O * p);
    const expected = new Float64Array(O);
    const scale = this.link === 'mean' ? 1 / this.trees.length : 1;
    if (this.link !== 'mean') expected.set(this.baseScore);
    for (let t = 0; t < this.trees.length; t++) {
      const tr = this.trees[t]!;
      const phi = treeShap(tr, row, p);
      for (let kt = 0; kt < tr.nOutputs; kt++) {
        const k = this.link === 'mean' ? kt : this.treeClass[t]!;
        for (let j = 0; j < p; j++) values[k * p + j] += scale * phi[kt * (p + 1) + j]!;
        expected[k] += scale * phi[kt * (p + 1) + p]!;
      }
    }
    return { space: this.link === 'mean' ? 'probability' : 'logit', values, expected, nOutputs: O };
  }

  toJSON(): ModelJson {
    const json: ModelJson = {
      format: 'forewarn-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: this.kind,
      params: this.params,
      features: this.features.map((f) => (f.categories ? { name: f.name, type: f.type, categories: [...f.categories] } : { name: f.name, type: f.type })),
      classes: [...this.classes],
      body: {
        link: this.link,
        nOutputs: this.nOutputs,
        baseScore: Array.from(this.baseScore),
        treeClass: Array.from(this.treeClass),
        trees: this.trees.map(encodeTree),
      },
    };
    if (this.info) json.info = this.info;
    return json;
  }
}
