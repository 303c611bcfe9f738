import { SortedLocator } from './locate.js';

/**
 * The drift-test seam: one statistic comparing a feature's reference distribution (from the training rows, see
 * ../baseline.ts) with a window of logged values. Tests are registered by name in drift-tests.ts; which one runs for
 * a column is chosen in select.ts (column kind and window size, as Evidently does) unless the config names one.
 */

export type ColumnKind = 'numeric' | 'categorical';

/** A numeric reference: a sorted sample of the training values, decile edges and the training shares per bin. */
export interface NumericReference {
  readonly kind: 'numeric';
  /** Sorted ascending, no missing values. */
  readonly sorted: Float64Array;
  /** Interior bin edges (reference deciles, distinct, ascending): bin i holds values with i edges strictly below. */
  readonly edges: readonly number[];
  /** Share of the training rows per bin (edges.length + 1 entries, summing to 1). */
  readonly shares: readonly number[];
  /** Population standard deviation (ddof 0) of the training values; scales the Wasserstein distance. */
  readonly std: number;
}

export interface CategoricalReference {
  readonly kind: 'categorical';
  /** Training counts per category (missing excluded). */
  readonly counts: Readonly<Record<string, number>>;
}

export type Reference = NumericReference | CategoricalReference;

/** A window of logged values of one numeric feature (missing removed). Sorting and binning are done once, lazily. */
export class NumericWindow {
  readonly kind = 'numeric';
  private sortedValues: Float64Array | undefined;
  private binned = new Map<readonly number[], number[]>();
  constructor(readonly values: Float64Array) {}
  get size(): number {
    return this.values.length;
  }
  get sorted(): Float64Array {
    if (!this.sortedValues) this.sortedValues = Float64Array.from(this.values).sort();
    return this.sortedValues;
  }
  /** Counts per bin of `edges` (same rule as NumericReference.edges). */
  binCounts(edges: readonly number[]): number[] {
    let c = this.binned.get(edges);
    if (!c) {
      c = binCounts(this.values, edges);
      this.binned.set(edges, c);
    }
    return c;
  }
}

export class CategoricalWindow {
  readonly kind = 'categorical';
  constructor(readonly counts: ReadonlyMap<string, number>) {}
  get size(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}

export type Window = NumericWindow | CategoricalWindow;

export interface DriftStatistic {
  statistic: number;
  /** Tests of a hypothesis only. */
  pValue?: number;
}

export interface DriftTest {
  readonly name: string;
  readonly columnKinds: readonly ColumnKind[];
  /** 'p_value': the column drifts when p < threshold; 'distance': when statistic ≥ threshold. */
  readonly kind: 'p_value' | 'distance';
  readonly defaultThreshold: number;
  compute(reference: Reference, window: Window): DriftStatistic;
}

/** Counts per bin; bin of v = number of edges strictly below v (numpy searchsorted side='left'). */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const E = edges.length;
  const e = Float64Array.from(edges);
  if (E === 0) return [values.length];
  const counts = new Float64Array(E + 1);
  const v64 = values instanceof Float64Array ? values : Float64Array.from(values);
  // Typed arrays and a monomorphic loop: this runs once per value of a million-row window per feature.
  const locate = new SortedLocator(e, 256);
  for (let i = 0; i < v64.length; i++) counts[locate.lower(v64[i]!)]!++;
  return Array.from(counts);
}

/** Empty shares floored at 1e-4, Evidently's convention, so PSI and KL stay finite. */
export const SHARE_FLOOR = 1e-4;

export function flooredShares(counts: readonly number[], total: number): number[] {
  return counts.map((c) => (c === 0 || total === 0 ? SHARE_FLOOR : c / total));
}
