import type { Contributions, FeatureImportance, Model, ModelJson } from '../models/learner.js';
import type { FeatureSpec, RowMatrix } from '../models/dataset.js';
import { leafIndex, type TreeArrays } from '../models/format/tree-arrays.js';
import { Rng } from '../core/random.js';

/**
 * A real random-forest `Model` over TreeArrays (averaged leaf class probabilities, Saabas path contributions), used
 * by serving tests and by the benchmark when the learners' own forest is not in the tree. It is generated, not
 * trained: trees have random splits, which is all serving needs (the same work per prediction as a trained forest
 * of the same shape). Its toJSON() is the documented tree-ensemble model format (kind random_forest, link mean).
 */
export class ForestFixtureModel implements Model {
  readonly kind = 'random_forest' as const;
  private readonly K: number;

  constructor(readonly features: readonly FeatureSpec[], readonly classes: readonly string[], readonly trees: readonly TreeArrays[]) {
    this.K = classes.length;
  }

  predictOne(row: Float64Array, out = new Float64Array(this.K)): Float64Array {
    const K = this.K;
    out.fill(0);
    for (const t of this.trees) {
      const leaf = leafIndex(t, row, 0) * K;
      for (let k = 0; k < K; k++) out[k] += t.value[leaf + k]!;
    }
    const inv = 1 / this.trees.length;
    for (let k = 0; k < K; k++) out[k] *= inv;
    return out;
  }

  predictProba(rows: RowMatrix, out = new Float64Array(rows.nRows * this.K)): Float64Array {
    const K = this.K;
    const P = rows.nFeatures;
    const inv = 1 / this.trees.length;
    out.fill(0);
    for (const t of this.trees) {
      for (let i = 0; i < rows.nRows; i++) {
        const leaf = leafIndex(t, rows.data, i * P) * K;
        for (let k = 0; k < K; k++) out[i * K + k] += t.value[leaf + k]!;
      }
    }
    for (let i = 0; i < out.length; i++) out[i] *= inv;
    return out;
  }

  featureImportance(): FeatureImportance[] {
    const gain = new Float64Array(this.features.length);
    const splits = new Int32Array(this.features.length);
    for (const t of this.trees) for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! >= 0) { gain[t.feature[i]!] += t.gain[i]!; splits[t.feature[i]!]++; }
    const total = gain.reduce((a, b) => a + b, 0) || 1;
    return this.features.map((f, j) => ({ name: f.name, gain: gain[j]! / total, splits: splits[j]! }));
  }

  /** Saabas attribution: each split's change of node value along the decision path goes to its feature. */
  contributions(row: Float64Array): Contributions {
    const K = this.K;
    const P = this.features.length;
    const values = new Float64Array(K * P);
    const expected = new Float64Array(K);
    const inv = 1 / this.trees.length;
    for (const t of this.trees) {
      for (let k = 0; k < K; k++) expected[k] += t.value[k]! * inv;
      let i = 0;
      while (t.feature[i]! !== -1) {
        const x = row[t.feature[i]!]!;
        const next = x !== x ? (t.missingLeft[i] ? t.left[i]! : t.right[i]!) : x <= t.threshold[i]! ? t.left[i]! : t.right[i]!;
        for (let k = 0; k < K; k++) values[k * P + t.feature[i]!] += (t.value[next * K + k]! - t.value[i * K + k]!) * inv;
        i = next;
      }
    }
    return { space: 'probability', values, expected, nOutputs: K };
  }

  toJSON(): ModelJson {
    return {
      format: 'forewarn-model',
      formatVersion: 1,
      kind: 'random_forest',
      params: { n_estimators: this.trees.length }, // the random-forest learner's parameter name
      features: this.features.map((f) => ({ ...f })),
      classes: [...this.classes],
      body: {
        link: 'mean',
        nOutputs: this.K,
        baseScore: new Array(this.K).fill(0),
        treeClass: new Array(this.trees.length).fill(0),
        trees: this.trees.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v as ArrayLike<number>)]))),
      },
      info: { generated: 'forest-fixture' },
    };
  }
}

export interface ForestFixtureOptions {
  features: FeatureSpec[];
  classes: string[];
  nTrees: number;
  depth: number;
  seed: number;
}

/**
 * Full binary trees of the given depth: random feature per split, threshold drawn from N(0, 1) (category index for
 * categorical features), random class distributions at the leaves; inner node values are the mean of their children
 * (equal cover), as in a trained tree.
 */
export function randomForestFixture(o: ForestFixtureOptions): ForestFixtureModel {
  const rng = new Rng(o.seed);
  const K = o.classes.length;
  const P = o.features.length;
  const trees: TreeArrays[] = [];
  for (let tIdx = 0; tIdx < o.nTrees; tIdx++) {
    const n = 2 ** (o.depth + 1) - 1;
    const t: TreeArrays = {
      nNodes: n, nOutputs: K,
      feature: new Int32Array(n).fill(-1), threshold: new Float64Array(n), left: new Int32Array(n).fill(-1), right: new Int32Array(n).fill(-1),
      missingLeft: new Uint8Array(n), catStart: new Int32Array(n).fill(-1), catWords: new Int32Array(n), catBits: new Uint32Array(0),
      value: new Float64Array(n * K), cover: new Float64Array(n), gain: new Float64Array(n),
    };
    const firstLeaf = 2 ** o.depth - 1;
    for (let i = 0; i < firstLeaf; i++) {
      const f = rng.int(P);
      const spec = o.features[f]!;
      t.feature[i] = f;
      t.threshold[i] = spec.type === 'categorical' ? rng.int(Math.max(1, (spec.categories?.length ?? 1) - 1)) + 0.5 : rng.normal();
      t.left[i] = 2 * i + 1;
      t.right[i] = 2 * i + 2;
      t.missingLeft[i] = rng.next() < 0.5 ? 1 : 0;
      t.gain[i] = rng.next();
    }
    for (let i = firstLeaf; i < n; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) { const v = rng.exponential(1); t.value[i * K + k] = v; s += v; }
      for (let k = 0; k < K; k++) t.value[i * K + k] /= s;
      t.cover[i] = 1;
    }
    for (let i = firstLeaf - 1; i >= 0; i--) {
      t.cover[i] = t.cover[2 * i + 1]! + t.cover[2 * i + 2]!;
      for (let k = 0; k < K; k++) t.value[i * K + k] = (t.value[(2 * i + 1) * K + k]! + t.value[(2 * i + 2) * K + k]!) / 2;
    }
    trees.push(t);
  }
  return new ForestFixtureModel(o.features, o.classes, trees);
}

/** Rebuild a fixture from its toJSON() (the tests' JSON loader for FileModelSource). */
export function forestFixtureFromJSON(json: unknown): ForestFixtureModel {
  const j = json as ModelJson;
  if (!j || j.format !== 'forewarn-model' || j.kind !== 'random_forest') throw new Error('not a random_forest model JSON');
  const trees = (j.body.trees as Record<string, unknown>[]).map((r) => ({
    nNodes: r.nNodes as number, nOutputs: r.nOutputs as number,
    feature: Int32Array.from(r.feature as number[]), threshold: Float64Array.from(r.threshold as number[]),
    left: Int32Array.from(r.left as number[]), right: Int32Array.from(r.right as number[]),
    missingLeft: Uint8Array.from(r.missingLeft as number[]), catStart: Int32Array.from(r.catStart as number[]),
    catWords: Int32Array.from(r.catWords as number[]), catBits: Uint32Array.from(r.catBits as number[]),
    value: Float64Array.from(r.value as number[]), cover: Float64Array.from(r.cover as number[]), gain: Float64Array.from(r.gain as number[]),
  }));
  return new ForestFixtureModel(j.features, j.classes, trees);
}
