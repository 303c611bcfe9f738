import { z } from 'zod';

/**
 * `features:`, `label:` and `split:` sections. Owned by src/features/. Features are data (window, aggregate,
 * source column), never SQL strings, so the online engine can compute the same definitions.
 * (Starter schema; the features layer replaces it.)
 */
export const featuresSection = z.record(z.string(), z.unknown());
export const labelSection = z.record(z.string(), z.unknown());
export const splitSection = z.record(z.string(), z.unknown());
