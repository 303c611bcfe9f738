import { flooredShares, SHARE_FLOOR, type DriftTest, type Reference, type Window } from './drift-test.js';
import { categoricalShares } from './categories.js';

/** PSI bands: below 0.1 stable, 0.1–0.25 moderate shift, 0.25 and above a significant shift. */
export const PSI_BANDS = { moderate: 0.1, significant: 0.25 } as const;

export function psiBand(psi: number): 'stable' | 'moderate' | 'significant' {
  return psi >= PSI_BANDS.significant ? 'significant' : psi >= PSI_BANDS.moderate ? 'moderate' : 'stable';
}

/** Σ (cur − ref) · ln(cur / ref) over shares already floored. */
export function psiOfShares(ref: readonly number[], cur: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < ref.length; i++) s += (cur[i]! - ref[i]!) * Math.log(cur[i]! / ref[i]!);
  return s;
}

/** Population stability index over the reference's decile bins (numeric) or the union of categories. */
export const psiTest: DriftTest = {
  name: 'psi',
  columnKinds: ['numeric', 'categorical'],
  kind: 'distance',
  defaultThreshold: PSI_BANDS.moderate,
  compute(reference: Reference, window: Window) {
    const [ref, cur] = sharesOf(reference, window);
    return { statistic: psiOfShares(ref, cur) };
  },
};

/** Reference and window shares on the same bins/categories, floored. */
export function sharesOf(reference: Reference, window: Window): [number[], number[]] {
  if (reference.kind === 'numeric' && window.kind === 'numeric') {
    const ref = reference.shares.map((s) => (s === 0 ? SHARE_FLOOR : s));
    return [ref, flooredShares(window.binCounts(reference.edges), window.size)];
  }
  if (reference.kind === 'categorical' && window.kind === 'categorical') return categoricalShares(reference, window);
  throw new Error(`column kinds differ: reference ${reference.kind}, window ${window.kind}`);
}
