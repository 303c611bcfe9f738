import { z } from 'zod';
import { METRIC_ID_LIST, type MetricId } from '../evaluation/metric-ids.js';
import { isFwError } from '../core/errors.js';
import { LEARNER_KINDS } from '../models/learner.js';
import { getLearner } from '../models/learner-registry.js';
import { MODEL_NAME, MODEL_NAME_RULE } from '../core/names.js';

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
/**
 * The learner's own parameter check (models/params.ts readParams) run when forewarn.yaml loads, so a typo such as
 * `max_dept` or a wrong type is refused before any data is read, with the `model.params.<name>` path every other
 * config error carries. Search-space values are checked the same way (each listed value, each range's ends).
 */
function checkParamsAtLoad(m: { learner: (typeof LEARNER_KINDS)[number]; params: Record<string, unknown>; search?: { space: Record<string, unknown> } }, ctx: z.RefinementCtx): void {
  const learner = getLearner(m.learner);
  const check = (params: Record<string, unknown>, at: (string | number)[], own: boolean): boolean => {
    try {
      learner.parseParams(params);
      return true;
    } catch (e) {
      if (!isFwError(e) || e.code !== 'FW_ERR_MODEL_BAD_PARAM') throw e;
      const d = (e.details ?? {}) as { param?: string; expected?: string };
      ctx.addIssue({ code: 'custom', path: own && d.param ? [...at, d.param] : at, message: d.expected ?? e.message });
      return false;
    }
  };
  // A base-param problem is reported once, at model.params; the search space is checked only over valid params.
  if (!check(m.params, ['params'], true)) return;
  for (const [name, spec] of Object.entries(m.search?.space ?? {})) {
    if (Array.isArray(spec)) spec.forEach((v, i) => check({ ...m.params, [name]: v }, ['search', 'space', name, i], false));
    else if (spec && typeof spec === 'object') {
      const r = spec as { min: number; max: number; int?: boolean };
      const ends = r.int ? [Math.ceil(r.min), Math.floor(r.max)] : [r.min, r.max];
      (['min', 'max'] as const).forEach((end, i) => check({ ...m.params, [name]: ends[i] }, ['search', 'space', name, end], false));
    }
  }
}

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
    learner: z.enum(LEARNER_KINDS).default('gbdt'),
    params: z.record(z.string(), z.unknown()).default({}),
    search: searchSchema.optional(),
    /** Registered model name for candidates that pass the gates (default: project.name). */
    registerAs: z.string().regex(MODEL_NAME, MODEL_NAME_RULE).optional(),
    /** Worker threads for fitting (default: all cores). The fitted model is identical whatever the number. */
    workers: z.number().int().min(1).max(256).optional(),
  })
  .strict()
  .superRefine(checkParamsAtLoad);
export type ModelSection = z.infer<typeof modelSection>;

/** The project's model section, or the schema's defaults when forewarn.yaml has none (written once, in the schema). */
export function modelOf(config: { model?: ModelSection }): ModelSection {
  return config.model ?? modelSection.parse({});
}
