/**
 * Quantiles and bin edges of the reference profile. Edges are the training deciles (type-7 quantiles, numpy's
 * default), computed from the sorted training values here rather than with kernels/binning.ts quantileCuts (those are
 * split candidates for the learners, capped at 255 bins and tuned for speed, not a distribution summary to compare
 * shares against) or DuckDB histograms (equal-width, which squeeze a skewed feature into one or two bins).
 */

/** Type-7 quantile of an ascending array (numpy.quantile's default "linear" method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Distinct interior edges at the 10th..90th percentiles. */
export function referenceEdges(sorted: ArrayLike<number>, bins = 10): number[] {
  const out: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sorted, k / bins);
    if (out.length === 0 || e > out[out.length - 1]!) out.push(e);
  }
  return out;
}
