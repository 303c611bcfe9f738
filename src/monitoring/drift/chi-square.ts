import { chiSquareSf } from './special.js';
import type { DriftTest } from './drift-test.js';
import { alignedCounts } from './categories.js';

/**
 * Pearson's χ² goodness of fit of the window's category counts to the reference shares (scipy.stats.chisquare of
 * current counts against reference shares × window size), over the union of categories. A category never seen in
 * training has expected count 0: the statistic is infinite and p = 0, which is what a new category is.
 */
export const chiSquareTest: DriftTest = {
  name: 'chi_square',
  columnKinds: ['categorical'],
  kind: 'p_value',
  defaultThreshold: 0.05,
  compute(reference, window) {
    if (reference.kind !== 'categorical' || window.kind !== 'categorical') throw new Error('chi_square needs a categorical column');
    const { ref, cur } = alignedCounts(reference, window);
    const nRef = ref.reduce((a, b) => a + b, 0), nCur = cur.reduce((a, b) => a + b, 0);
    let stat = 0;
    for (let i = 0; i < ref.length; i++) {
      const expected = (ref[i]! / nRef) * nCur;
      if (expected === 0) {
        if (cur[i]! > 0) stat = Infinity;
        continue;
      }
      stat += (cur[i]! - expected) ** 2 / expected;
    }
    const df = Math.max(1, ref.length - 1);
    return { statistic: stat, pValue: chiSquareSf(stat, df) };
  },
};
