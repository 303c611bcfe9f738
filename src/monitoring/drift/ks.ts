import { kolmogorovSf } from './special.js';
import type { DriftTest } from './drift-test.js';

/** Two-sample Kolmogorov–Smirnov statistic D = sup |F_a − F_b| over two ascending arrays (ties handled). */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length, m = b.length;
  let i = 0, j = 0, d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  return d;
}

/**
 * Two-sided p-value from Kolmogorov's limit distribution with Stephens' small-sample correction
 * λ = (√en + 0.12 + 0.11/√en)·D, en = nm/(n+m). scipy computes the exact distribution for small samples; the
 * fixtures bound the difference (≤ 0.02 absolute), which never moves a 0.05 decision by more than that margin.
 */
export function ksPValue(d: number, n: number, m: number): number {
  const en = Math.sqrt((n * m) / (n + m));
  return kolmogorovSf((en + 0.12 + 0.11 / en) * d);
}

export const ksTest: DriftTest = {
  name: 'ks',
  columnKinds: ['numeric'],
  kind: 'p_value',
  defaultThreshold: 0.05,
  compute(reference, window) {
    if (reference.kind !== 'numeric' || window.kind !== 'numeric') throw new Error('ks needs a numeric column');
    const d = ksStatistic(reference.sorted, window.sorted);
    return { statistic: d, pValue: ksPValue(d, reference.sorted.length, window.size) };
  },
};
