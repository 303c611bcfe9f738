/**
 * The logistic model's design: each numeric feature is one column, each categorical feature one column per known
 * category (one-hot, no dropped level: the L2 penalty makes the fit unique). Every column is standardised with the
 * training mean and (population) standard deviation, computed over the rows where the feature is present.
 *
 * Missing values are imputed with the training mean, which is 0 after standardisation: a NaN numeric value, or a
 * missing / unseen / non-integer category (all its dummies at their means), adds nothing to the logit. A column
 * with no spread (constant, or never present) gets std 1 so it stays finite; its coefficient is then driven to 0
 * by the penalty.
 */
import type { Dataset, FeatureSpec } from '../dataset.js';
import { LinearErrors } from './errors.js';

export interface DesignColumn {
  /** Index of the source feature. */
  feature: number;
  /** Category index for a one-hot column, -1 for a numeric column. */
  category: number;
}

export function designColumns(features: readonly FeatureSpec[]): DesignColumn[] {
  const cols: DesignColumn[] = [];
  features.forEach((f, j) => {
    if (f.type === 'categorical') (f.categories ?? []).forEach((_, c) => cols.push({ feature: j, category: c }));
    else cols.push({ feature: j, category: -1 });
  });
  return cols;
}

/** Category index of a categorical value, or -1 when missing / unseen / not an integer index. */
export function categoryIndex(x: number, nCategories: number): number {
  return Number.isInteger(x) && x >= 0 && x < nCategories ? x : -1;
}

/** Training means and stds per design column. Throws on ±Infinity in a numeric column (naming feature and row). */
export function designStats(data: Dataset, cols: readonly DesignColumn[]): { means: Float64Array; stds: Float64Array } {
  const d = cols.length;
  const means = new Float64Array(d);
  const stds = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    const { feature, category } = cols[c]!;
    const col = data.columns[feature]!;
    const nCat = data.features[feature]!.categories?.length ?? 0;
    let n = 0, s = 0;
    for (let i = 0; i < data.nRows; i++) {
      const x = col[i]!;
      if (x !== x) continue;
      if (category < 0) {
        if (!Number.isFinite(x)) {
          throw LinearErrors.FW_ERR_LINEAR_BAD_DATA(`feature ${data.features[feature]!.name}, row ${i}: ${x} is not a finite number (use NaN / null for missing)`);
        }
        n++; s += x;
      } else if (categoryIndex(x, nCat) >= 0) {
        n++; s += x === category ? 1 : 0;
      }
    }
    const mean = n > 0 ? s / n : 0;
    let ss = 0;
    for (let i = 0; i < data.nRows; i++) {
      const x = col[i]!;
      if (x !== x) continue;
      let v: number;
      if (category < 0) v = x;
      else if (categoryIndex(x, nCat) >= 0) v = x === category ? 1 : 0;
      else continue;
      ss += (v - mean) * (v - mean);
    }
    const sd = n > 0 ? Math.sqrt(ss / n) : 0;
    means[c] = mean;
    stds[c] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
  }
  return { means, stds };
}

/**
 * Standardised design value of column c for raw feature value x. Numbers: (x - mean) / std, NaN → 0.
 * One-hot: indicator of x's category minus the mean, over std; missing / unseen → 0.
 */
export function designValue(x: number, col: DesignColumn, nCategories: number, mean: number, std: number): number {
  if (x !== x) return 0;
  if (col.category < 0) return (x - mean) / std;
  if (categoryIndex(x, nCategories) < 0) return 0;
  return ((x === col.category ? 1 : 0) - mean) / std;
}

/** Row-major standardised design matrix n × d for fitting. */
export function buildDesignMatrix(data: Dataset, cols: readonly DesignColumn[], means: Float64Array, stds: Float64Array): Float64Array {
  const d = cols.length;
  const X = new Float64Array(data.nRows * d);
  for (let c = 0; c < d; c++) {
    const col = cols[c]!;
    const src = data.columns[col.feature]!;
    const nCat = data.features[col.feature]!.categories?.length ?? 0;
    const mean = means[c]!, std = stds[c]!;
    for (let i = 0; i < data.nRows; i++) X[i * d + c] = designValue(src[i]!, col, nCat, mean, std);
  }
  return X;
}
