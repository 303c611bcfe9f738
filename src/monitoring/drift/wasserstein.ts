import type { DriftTest } from './drift-test.js';

/** First Wasserstein distance ∫|F_a − F_b| between two ascending samples (one merge pass, as scipy's). */
export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length, m = b.length;
  let i = 0, j = 0, w = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    if (i === n && j === m) break;
    const next = Math.min(i < n ? a[i]! : Infinity, j < m ? b[j]! : Infinity);
    w += Math.abs(i / n - j / m) * (next - x);
    x = next;
  }
  return w;
}

/** Wasserstein distance divided by the reference's standard deviation (Evidently's "normed" variant). */
export const wassersteinTest: DriftTest = {
  name: 'wasserstein',
  columnKinds: ['numeric'],
  kind: 'distance',
  defaultThreshold: 0.1,
  compute(reference, window) {
    if (reference.kind !== 'numeric' || window.kind !== 'numeric') throw new Error('wasserstein needs a numeric column');
    const w = wassersteinDistance(reference.sorted, window.sorted);
    // A constant training column: any movement is infinite relative drift, none is zero.
    const std = reference.std;
    return { statistic: std > 0 ? w / std : w > 0 ? Infinity : 0 };
  },
};
