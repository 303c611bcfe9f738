import type { CaughtFailure } from './costs/episodes.js';

/**
 * How much warning the caught failures had: hours from the first alert of the catching episode to the failure.
 * Quantiles use linear interpolation between order statistics (numpy's default), so they can be checked by hand.
 */

export interface LeadTimeSummary {
  count: number;
  hours: { min: number; p10: number; p25: number; median: number; p75: number; p90: number; max: number; mean: number } | null;
  histogram: { from: number; to: number; count: number }[];
}

export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function leadTimeSummary(caught: readonly CaughtFailure[], binHours?: number): LeadTimeSummary {
  const h = Float64Array.from(caught.map((c) => c.leadMs / 3_600_000)).sort();
  if (h.length === 0) return { count: 0, hours: null, histogram: [] };
  const max = h[h.length - 1]!;
  // Default bin width: a "nice" width giving about 12 bins over [0, max].
  let width = binHours ?? 0;
  if (!(width > 0)) {
    const raw = Math.max(max, 1) / 12;
    const mag = 10 ** Math.floor(Math.log10(raw));
    width = [1, 2, 5, 10].map((m) => m * mag).find((w) => w >= raw)!;
  }
  const nBins = Math.max(1, Math.floor(max / width) + 1);
  const counts = new Array<number>(nBins).fill(0);
  for (const v of h) counts[Math.min(nBins - 1, Math.floor(v / width))]!++;
  return {
    count: h.length,
    hours: {
      min: h[0]!,
      p10: quantile(h, 0.1),
      p25: quantile(h, 0.25),
      median: quantile(h, 0.5),
      p75: quantile(h, 0.75),
      p90: quantile(h, 0.9),
      max,
      mean: h.reduce((s, v) => s + v, 0) / h.length,
    },
    histogram: counts.map((count, b) => ({ from: b * width, to: (b + 1) * width, count })),
  };
}
