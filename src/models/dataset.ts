/**
 * The in-memory shapes learners consume. Column-major for fitting (one typed array per feature, straight from a
 * DuckDB column), row-major for prediction (one record is one contiguous slice).
 */

export type FeatureType = 'numeric' | 'categorical';

export interface FeatureSpec {
  /** Exactly as the user wrote it (`Packet_Loss_%`, `Spindle_Bearing_Temperature(?C)`). */
  name: string;
  type: FeatureType;
  /** Categorical only: the category strings; a value is encoded as its index here. */
  categories?: string[];
}

export interface Dataset {
  features: FeatureSpec[];
  nRows: number;
  /**
   * columns[j][i] = value of feature j in row i. NaN = missing. Categorical values are category indices
   * (0..categories.length-1) stored as numbers; NaN for missing or unseen.
   */
  columns: Float64Array[];
  /** Class index 0..classes.length-1 per row. */
  y: Int32Array;
  /** Label names; classes[y[i]] is row i's label. Binary problems have exactly 2 (negative first). */
  classes: string[];
  /** Optional per-row sample weights (default 1). */
  weights?: Float64Array;
}

/** Row-major rows for prediction: rows[i * nFeatures + j]. */
export interface RowMatrix {
  nRows: number;
  nFeatures: number;
  data: Float64Array;
}

/** Copy a subset of rows (by index) of a column-major dataset. */
export function takeRows(d: Dataset, idx: ArrayLike<number>): Dataset {
  const n = idx.length;
  const columns = d.columns.map((c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[idx[i]!]!;
    return out;
  });
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = d.y[idx[i]!]!;
  let weights: Float64Array | undefined;
  if (d.weights) {
    weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = d.weights[idx[i]!]!;
  }
  return { features: d.features, nRows: n, columns, y, classes: d.classes, weights };
}

/** Column-major dataset → row-major matrix for predictProba. */
export function toRowMatrix(d: Pick<Dataset, 'columns' | 'nRows'>): RowMatrix {
  const p = d.columns.length;
  const data = new Float64Array(d.nRows * p);
  for (let j = 0; j < p; j++) {
    const c = d.columns[j]!;
    for (let i = 0; i < d.nRows; i++) data[i * p + j] = c[i]!;
  }
  return { nRows: d.nRows, nFeatures: p, data };
}
