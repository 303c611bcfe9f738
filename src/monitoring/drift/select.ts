import type { ColumnKind } from './drift-test.js';

/**
 * The default test for a column, the way Evidently picks it: a hypothesis test for small samples (KS for numeric,
 * χ² for categorical) and a distance above `largeWindow` rows (normalised Wasserstein for numeric, Jensen–Shannon for
 * categorical), because p-values of large samples flag differences too small to matter. Evidently keys this on the
 * reference size; here the reference is always the (large) training sample, so the window size decides.
 * A numeric column with ≤ 5 distinct training values is treated as categorical, as Evidently does.
 */
export const LARGE_WINDOW = 1000;

export function defaultTestName(kind: ColumnKind, windowSize: number, largeWindow = LARGE_WINDOW): string {
  if (kind === 'numeric') return windowSize <= largeWindow ? 'ks' : 'wasserstein';
  return windowSize <= largeWindow ? 'chi_square' : 'jensen_shannon';
}
