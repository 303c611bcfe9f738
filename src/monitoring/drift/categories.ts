import { flooredShares, type CategoricalReference, type CategoricalWindow } from './drift-test.js';

/** The union of categories, in a stable (sorted) order, with reference and window counts. */
export function alignedCounts(reference: CategoricalReference, window: CategoricalWindow): { keys: string[]; ref: number[]; cur: number[] } {
  const keys = [...new Set([...Object.keys(reference.counts), ...window.counts.keys()])].sort();
  return { keys, ref: keys.map((k) => reference.counts[k] ?? 0), cur: keys.map((k) => window.counts.get(k) ?? 0) };
}

export function categoricalShares(reference: CategoricalReference, window: CategoricalWindow): [number[], number[]] {
  const { ref, cur } = alignedCounts(reference, window);
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return [flooredShares(ref, sum(ref)), flooredShares(cur, sum(cur))];
}
