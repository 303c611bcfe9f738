/** Tiny hand-checkable datasets shared by the model tests. */
import type { Dataset, FeatureSpec } from './dataset.js';

export function numericDataset(cols: number[][], y: number[], classes = ['neg', 'pos']): Dataset {
  const features: FeatureSpec[] = cols.map((_, j) => ({ name: `x${j}`, type: 'numeric' }));
  return { features, nRows: y.length, columns: cols.map((c) => Float64Array.from(c)), y: Int32Array.from(y), classes };
}

/** Repeat each row `times` times (so min_child_weight / min_samples constraints don't bite on tiny data). */
export function repeatRows(cols: number[][], y: number[], times: number): { cols: number[][]; y: number[] } {
  const oc = cols.map(() => [] as number[]);
  const oy: number[] = [];
  for (let t = 0; t < times; t++) {
    for (let i = 0; i < y.length; i++) {
      cols.forEach((c, j) => oc[j]!.push(c[i]!));
      oy.push(y[i]!);
    }
  }
  return { cols: oc, y: oy };
}
