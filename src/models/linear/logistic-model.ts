/**
 * A fitted logistic-regression model: standardised design (design.ts), one coefficient vector per output (1 for
 * binary: p(class 1) = sigmoid(z); K for multiclass: softmax), intercepts. Prediction allocates nothing when `out`
 * is given. Contributions are exact in logit space: coef × standardised input, summed over a categorical
 * feature's dummies, and the expected value is the intercept (standardised training inputs have mean 0).
 */
import type { FeatureSpec, RowMatrix } from '../dataset.js';
import type { Contributions, FeatureImportance, Model, ModelJson } from '../learner.js';
import type { DesignColumn } from './design.js';
import { designValue } from './design.js';
import type { LogisticParams } from './params.js';
import { LinearErrors } from './errors.js';

export const LOGISTIC_FORMAT_VERSION = 1;

export interface LogisticState {
  features: FeatureSpec[];
  classes: string[];
  params: LogisticParams;
  columns: DesignColumn[];
  means: Float64Array;
  stds: Float64Array;
  /** nOutputs × d, row-major, in standardised-input space. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  info?: Record<string, unknown>;
}

export class LogisticModel implements Model {
  readonly kind = 'logistic' as const;
  readonly features: readonly FeatureSpec[];
  readonly classes: readonly string[];
  /** 1 for binary (logit of the second class), number of classes otherwise. */
  readonly nOutputs: number;
  readonly d: number;
  private readonly nCats: Int32Array;
  private readonly z: Float64Array;
  private readonly raw: Float64Array;

  constructor(readonly state: LogisticState) {
    this.features = state.features;
    this.classes = state.classes;
    this.nOutputs = state.intercepts.length;
    this.d = state.columns.length;
    this.nCats = Int32Array.from(state.columns, (c) => state.features[c.feature]!.categories?.length ?? 0);
    this.z = new Float64Array(this.d);
    this.raw = new Float64Array(this.nOutputs);
  }

  /** Standardised design row into this.z; throws on ±Infinity (NaN is missing). */
  private design(row: Float64Array, off: number, rowNo: number): Float64Array {
    const { columns, means, stds } = this.state;
    for (let c = 0; c < this.d; c++) {
      const col = columns[c]!;
      const x = row[off + col.feature]!;
      if (x === Infinity || x === -Infinity) {
        throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`row ${rowNo}, feature ${this.features[col.feature]!.name}: ${x} is not a finite number`);
      }
      this.z[c] = designValue(x, col, this.nCats[c]!, means[c]!, stds[c]!);
    }
    return this.z;
  }

  /** Raw scores (logits) for one row into `raw` (length nOutputs). */
  rawScores(row: Float64Array, raw: Float64Array = new Float64Array(this.nOutputs), off = 0, rowNo = 0): Float64Array {
    const z = this.design(row, off, rowNo);
    const { coefficients, intercepts } = this.state;
    for (let k = 0; k < this.nOutputs; k++) {
      let s = intercepts[k]!;
      const base = k * this.d;
      for (let c = 0; c < this.d; c++) s += coefficients[base + c]! * z[c]!;
      raw[k] = s;
    }
    return raw;
  }

  private probaInto(row: Float64Array, off: number, out: Float64Array, outOff: number, rowNo: number): void {
    const K = this.classes.length;
    if (this.nOutputs === 1) {
      const s = this.rawScores(row, this.raw, off, rowNo)[0]!;
      const p = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
      out[outOff] = 1 - p;
      out[outOff + 1] = p;
      return;
    }
    const r = this.rawScores(row, this.raw, off, rowNo);
    let mx = -Infinity;
    for (let k = 0; k < K; k++) if (r[k]! > mx) mx = r[k]!;
    let se = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(r[k]! - mx); out[outOff + k] = e; se += e; }
    for (let k = 0; k < K; k++) out[outOff + k]! /= se;
  }

  predictOne(row: Float64Array, out?: Float64Array): Float64Array {
    if (row.length !== this.features.length) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`row has ${row.length} values, the model has ${this.features.length} features`);
    }
    const o = out ?? new Float64Array(this.classes.length);
    this.probaInto(row, 0, o, 0, 0);
    return o;
  }

  predictProba(rows: RowMatrix, out?: Float64Array): Float64Array {
    const P = this.features.length;
    const K = this.classes.length;
    if (rows.nFeatures !== P) throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`rows have ${rows.nFeatures} features, the model has ${P}`);
    if (rows.data.length !== rows.nRows * P) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`rows.data has ${rows.data.length} values, expected nRows × nFeatures = ${rows.nRows * P}`);
    }
    const o = out ?? new Float64Array(rows.nRows * K);
    if (o.length < rows.nRows * K) throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`output buffer has ${o.length} values, needs ${rows.nRows * K}`);
    for (let i = 0; i < rows.nRows; i++) this.probaInto(rows.data, i * P, o, i * K, i);
    return o;
  }

  /** |coef| summed over outputs and a feature's dummies, normalised to sum 1. `splits` is 0 (no splits). */
  featureImportance(): FeatureImportance[] {
    const imp = new Float64Array(this.features.length);
    const { columns, coefficients } = this.state;
    for (let k = 0; k < this.nOutputs; k++) {
      for (let c = 0; c < this.d; c++) imp[columns[c]!.feature] += Math.abs(coefficients[k * this.d + c]!);
    }
    let tot = 0;
    for (const v of imp) tot += v;
    return this.features.map((f, j) => ({ name: f.name, gain: tot > 0 ? imp[j]! / tot : 0, splits: 0 }));
  }

  contributions(row: Float64Array): Contributions {
    if (row.length !== this.features.length) {
      throw LinearErrors.FW_ERR_LINEAR_BAD_INPUT(`row has ${row.length} values, the model has ${this.features.length} features`);
    }
    const P = this.features.length;
    const z = this.design(row, 0, 0);
    const { columns, coefficients, intercepts } = this.state;
    const values = new Float64Array(this.nOutputs * P);
    for (let k = 0; k < this.nOutputs; k++) {
      for (let c = 0; c < this.d; c++) values[k * P + columns[c]!.feature] += coefficients[k * this.d + c]! * z[c]!;
    }
    return { space: 'logit', values, expected: Float64Array.from(intercepts), nOutputs: this.nOutputs };
  }

  toJSON(): ModelJson {
    const s = this.state;
    const coef: number[][] = [];
    for (let k = 0; k < this.nOutputs; k++) coef.push(Array.from(s.coefficients.subarray(k * this.d, (k + 1) * this.d)));
    const json: ModelJson = {
      format: 'forewarn-model',
      formatVersion: LOGISTIC_FORMAT_VERSION,
      kind: 'logistic',
      params: { ...s.params },
      features: s.features.map((f) => ({ ...f, ...(f.categories ? { categories: [...f.categories] } : {}) })),
      classes: [...s.classes],
      body: {
        columns: s.columns.map((c) => ({ feature: c.feature, category: c.category })),
        means: Array.from(s.means),
        stds: Array.from(s.stds),
        coefficients: coef,
        intercepts: Array.from(s.intercepts),
      },
    };
    if (s.info) json.info = { ...s.info };
    return json;
  }
}
