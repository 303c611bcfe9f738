import { z } from 'zod';
import { METRIC_ID_LIST, type MetricId } from './metric-ids.js';
import { zodToFieldErrors } from '../config/field-errors.js';
import { EvalErrors } from './errors.js';

/**
 * `evaluation:` section of forewarn.yaml. Owned by src/evaluation/.
 *
 * ```yaml
 * evaluation:
 *   primaryMetric: pr_auc          # what "beats the baselines" is judged on
 *   threshold: { policy: target_recall, recall: 0.85 }   # or max_f1 | min_cost | argmax
 *   noneClass: none                # the "no failure" class of event labels
 *   costs: { missedFailure: 20000, falseAlarm: 500, plannedMaintenance: 1500 }
 *   fixedInterval: { days: 30 }    # the calendar-maintenance strategy costs are compared with
 *   calibrationBins: 10
 *   gates:
 *     must_beat_baselines: true
 *     min_recall: 0.85             # any min_<metric> / max_<metric> shorthand
 *     max_log_loss: 0.5
 *     rules: [{ metric: macro_f1, op: ">=", value: 0.6 }]
 * ```
 * Gate keys are snake_case because they are built from metric ids (`min_` + `pr_auc`); everything else is camelCase
 * like the rest of forewarn.yaml.
 */

const finite = z.number().refine(Number.isFinite, 'a finite number');
const prob = finite.pipe(z.number().min(0).max(1));
const money = finite.pipe(z.number().min(0));
const metricId = z.enum(METRIC_ID_LIST as [MetricId, ...MetricId[]]);

export const thresholdPolicySchema = z.discriminatedUnion('policy', [
  /** Plain argmax of the probabilities; no tuned threshold. */
  z.object({ policy: z.literal('argmax') }).strict(),
  /** Threshold maximising failure F1 on validation (ties → the higher threshold: fewer alerts). */
  z.object({ policy: z.literal('max_f1') }).strict(),
  /** Highest threshold whose validation failure recall is ≥ `recall`. */
  z.object({ policy: z.literal('target_recall'), recall: prob.pipe(z.number().gt(0)) }).strict(),
  /** Threshold minimising the expected cost on validation (event cost model when events are given, else per row). */
  z.object({ policy: z.literal('min_cost') }).strict(),
]);
export type ThresholdPolicy = z.infer<typeof thresholdPolicySchema>;

export const costsSchema = z
  .object({
    /** A failure nobody saw coming: repair, downtime, secondary damage. */
    missedFailure: money.default(10_000),
    /** Extra cost of acting on an alert that was not followed by a failure (inspection, lost production), on top of the maintenance visit itself. */
    falseAlarm: money.default(500),
    /** One planned maintenance visit (parts + labour + scheduled downtime). */
    plannedMaintenance: money.default(1_000),
  })
  .strict();
export type Costs = z.infer<typeof costsSchema>;

const gateRule = z
  .object({
    metric: metricId,
    op: z.enum(['>=', '>', '<=', '<']),
    value: finite,
  })
  .strict();
export type GateRule = z.infer<typeof gateRule>;

const shorthandShape: Record<string, z.ZodOptional<z.ZodType<number>>> = {};
for (const id of METRIC_ID_LIST) {
  shorthandShape[`min_${id}`] = finite.optional();
  shorthandShape[`max_${id}`] = finite.optional();
}

export const gatesSchema = z
  .object({
    ...shorthandShape,
    /** The model must beat every baseline on the primary metric. */
    must_beat_baselines: z.boolean().optional(),
    rules: z.array(gateRule).default([]),
  })
  .strict();
export type GatesConfig = z.infer<typeof gatesSchema> & Partial<Record<`min_${MetricId}` | `max_${MetricId}`, number>>;

export const evaluationSection = z
  .object({
    primaryMetric: metricId.default('macro_f1'),
    threshold: thresholdPolicySchema.default({ policy: 'max_f1' }),
    /** Name of the "no failure" class (event labels). When present, thresholds apply to 1 − P(none). */
    noneClass: z.string().min(1).default('none'),
    costs: costsSchema.default({ missedFailure: 10_000, falseAlarm: 500, plannedMaintenance: 1_000 }),
    fixedInterval: z.object({ days: finite.pipe(z.number().gt(0).max(3650)) }).strict().default({ days: 30 }),
    calibrationBins: z.number().int().min(2).max(100).default(10),
    /**
     * Paired bootstrap of the primary metric (model vs baselines), resampling machines when entities are known.
     * samples: 0 turns it off. Each sample recomputes the metric, so large test sets take samples × one evaluation.
     */
    bootstrap: z
      .object({
        samples: z.number().int().refine((v) => v === 0 || (v >= 10 && v <= 10_000), '0 (off) or an integer in [10, 10000]').default(200),
        confidence: finite.pipe(z.number().gt(0.5).lt(1)).default(0.95),
      })
      .strict()
      .default({ samples: 200, confidence: 0.95 }),
    gates: gatesSchema.default({ rules: [] }),
  })
  .strict();

export type EvaluationConfig = z.infer<typeof evaluationSection>;

/**
 * Parse an `evaluation:` object outside forewarn.yaml (API callers, tests); `{}` gives all defaults. Bad fields
 * throw FW_ERR_EVAL_INVALID_ARGUMENT naming `evaluation.<path>`, like the config loader does.
 */
export function defaultEvaluationConfig(overrides: Record<string, unknown> = {}): EvaluationConfig {
  const r = evaluationSection.safeParse(overrides);
  if (!r.success) {
    const errors = zodToFieldErrors(r.error, overrides, 'evaluation');
    throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`evaluation config is invalid:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`, { errors });
  }
  return r.data;
}
