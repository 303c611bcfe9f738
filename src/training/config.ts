import { z } from 'zod';
import { METRIC_ID_LIST, type MetricId } from '../evaluation/metric-ids.js';

/**
 * `model:` section: which learner, its hyperparameters (validated by the learner itself: unknown or out-of-range
 * parameters are refused with the parameter's name), and an optional hyperparameter search.
 *
 * ```yaml
 * model:
 *   learner: gbdt                 # gbdt | random_forest | logistic
 *   params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 }
 *   search:                       # optional: each trial is a child run, scored by time-aware cross-validation
 *     method: random              # random | grid
 *     trials: 8                   # random only
 *     folds: 3                    # CV folds of the split's kind (time → rolling origin)
 *     metric: log_loss            # chosen by this metric (direction known per metric)
 *     space:
 *       max_depth: [4, 6, 8]                       # a list of values
 *       learning_rate: { min: 0.03, max: 0.3, log: true }   # a range (random only)
 *       min_samples_leaf: { min: 5, max: 100, int: true }
 * ```
 */
const finite = z.number().refine(Number.isFinite, 'a finite number');

const rangeSchema = z
  .object({ min: finite, max: finite, log: z.boolean().default(false), int: z.boolean().default(false) })
  .strict()
  .refine((r) => r.max >= r.min, 'max must be ≥ min')
  .refine((r) => !r.log || r.min > 0, 'log ranges need min > 0');

const valuesSchema = z.array(z.union([finite, z.string(), z.boolean(), z.null()])).min(1);

export const searchSchema = z
  .object({
    method: z.enum(['random', 'grid']).default('random'),
    trials: z.number().int().min(1).max(1000).default(10),
    folds: z.number().int().min(2).max(20).default(3),
    metric: z.enum(METRIC_ID_LIST as [MetricId, ...MetricId[]]).default('log_loss'),
    space: z.record(z.string(), z.union([valuesSchema, rangeSchema])).refine((s) => Object.keys(s).length > 0, 'at least one parameter'),
  })
  .strict();
export type SearchConfig = z.infer<typeof searchSchema>;

export const modelSection = z
  .object({
    learner: z.enum(['gbdt', 'random_forest', 'logistic']).default('gbdt'),
    params: z.record(z.string(), z.unknown()).default({}),
    search: searchSchema.optional(),
    /** Registered model name for candidates that pass the gates (default: project.name). */
    registerAs: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _ . - (max 128)').optional(),
    /** Worker threads for fitting (default: all cores). The fitted model is identical whatever the number. */
    workers: z.number().int().min(1).max(256).optional(),
  })
  .strict();
export type ModelSection = z.infer<typeof modelSection>;

/** The project's model section, or the schema's defaults when forewarn.yaml has none (written once, in the schema). */
export function modelOf(config: { model?: ModelSection }): ModelSection {
  return config.model ?? modelSection.parse({});
}
