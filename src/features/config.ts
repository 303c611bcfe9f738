import { z } from 'zod';
import { durationSchema } from './duration.js';

/**
 * `features:`, `label:` and `split:` sections of forewarn.yaml. Owned by src/features/.
 *
 * Features are data (source table, column, window, aggregate), never SQL strings: the same definitions compile to
 * DuckDB SQL for training (offline/) and run incrementally on a live event stream (online/). Every source table
 * defaults its entity and time columns to the base table's, so the Azure PdM set needs no repetition.
 */

const name = z.string().min(1);
const names = z.array(name).min(1);

/** Per-source overrides of the entity / time column names (default: the base table's). */
const sourceKeys = {
  entity: name.optional(),
  time: name.optional(),
};

export const AGGREGATES = ['mean', 'std', 'min', 'max', 'slope', 'last', 'count'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

const rollingBlock = z
  .object({
    /** Source table (default: the base table). */
    table: name.optional(),
    ...sourceKeys,
    columns: names,
    /** Time windows, right-closed at the prediction time: (t - w, t]. */
    windows: z.array(durationSchema).min(1),
    aggregates: z.array(z.enum(AGGREGATES)).min(1),
  })
  .strict();

const lagBlock = z
  .object({
    table: name.optional(),
    ...sourceKeys,
    columns: names,
    /** `1h` = the latest value at or before t - 1h; `{ rows: 2 }` = the value two rows before the latest row ≤ t. */
    lags: z.array(z.union([durationSchema, z.object({ rows: z.number().int().min(1).max(10_000) }).strict()])).min(1),
  })
  .strict();

const categories = z.array(name).min(1).optional();

const countBlock = z
  .object({
    table: name,
    ...sourceKeys,
    /** Column holding the event type (`errorID`); one output column per category value. */
    category: name,
    windows: z.array(durationSchema).min(1),
    /** Frozen category list; omitted = discovered from the data (sorted) and frozen into the resolved spec. */
    categories,
    /** Output name prefix; default none (`error1_count_24h`). */
    prefix: z.string().optional(),
  })
  .strict();

const sinceBlock = z
  .object({
    table: name,
    ...sourceKeys,
    category: name,
    unit: z.enum(['hours', 'days']).default('days'),
    categories,
    prefix: z.string().optional(),
  })
  .strict();

/** A column taken as-is: numeric, or categorical encoded as a category index (frozen) or one-hot columns. */
const columnRef = z.union([
  name,
  z
    .object({
      column: name,
      type: z.enum(['numeric', 'categorical']).default('numeric'),
      encoding: z.enum(['category', 'onehot']).default('category'),
      categories,
    })
    .strict(),
]);

const staticBlock = z
  .object({
    table: name,
    entity: name.optional(),
    columns: z.array(columnRef).min(1),
  })
  .strict();

export const featuresSection = z
  .object({
    /** Prediction points: the rows of this table (optionally one every `every`, aligned to the epoch). */
    base: z
      .object({
        table: name,
        entity: name.optional(),
        time: name.optional(),
        every: durationSchema.optional(),
      })
      .strict(),
    /** Columns of the base row itself (iris measurements, a `mode` column...). */
    columns: z.array(columnRef).default([]),
    rolling: z.array(rollingBlock).default([]),
    lags: z.array(lagBlock).default([]),
    counts: z.array(countBlock).default([]),
    since: z.array(sinceBlock).default([]),
    static: z.array(staticBlock).default([]),
  })
  .strict();

export const labelSection = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('column'),
      /** Column of the base table. */
      column: name,
      /** Class order (binary: negative first). Omitted = distinct values sorted, frozen. */
      classes: z.array(name).min(2).optional(),
      /** With discovered classes: this one goes last (the positive class of a binary problem). */
      positive: name.optional(),
      /**
       * Columns the label was computed from or that record the outcome (a failure code next to a failed yes/no
       * label, a repair date): like the label itself, they are refused as features at config load.
       */
      derivedFrom: z.array(name).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('event'),
      table: name,
      ...sourceKeys,
      /** Column naming what failed (`failure`: comp1..comp4). Required for multiclass. */
      category: name.optional(),
      /** Label window (t, t + horizon]. */
      horizon: durationSchema,
      mode: z.enum(['multiclass', 'binary']).default('multiclass'),
      /** Class name for "no event in the horizon". */
      none: name.default('none'),
      /** Binary positive class name. */
      positive: name.default('failure'),
      categories,
      /**
       * Rows whose horizon runs past the last observed time cannot be labelled honestly (the failure may come after
       * the data ends): `drop` (default) leaves them unlabelled, `keep` labels them as if nothing happened.
       */
      endOfData: z.enum(['drop', 'keep']).default('drop'),
    })
    .strict(),
]);

const fraction = z.number().gt(0).lt(1);

const validationSlice = z
  .object({
    fraction,
    /** Gap between the end of train and the validation slice (time splits); default = split gap. */
    gap: durationSchema.optional(),
  })
  .strict();

const cv = z.object({ folds: z.number().int().min(2).max(100) }).strict();

export const splitSection = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('time'),
      /** ISO time where the test period starts; or testFraction of rows by time. */
      cutoff: z.string().min(1).optional(),
      testFraction: fraction.default(0.2),
      /** Rows in [cutoff, cutoff + gap) are dropped; default = the label horizon (0 for column labels). */
      gap: durationSchema.optional(),
      validation: validationSlice.optional(),
      cv: cv.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('group'),
      testFraction: fraction.default(0.2),
      validation: validationSlice.omit({ gap: true }).strict().optional(),
      cv: cv.optional(),
      seed: z.number().int().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.enum(['stratified', 'random']),
      testFraction: fraction.default(0.2),
      validation: validationSlice.omit({ gap: true }).strict().optional(),
      cv: cv.optional(),
      seed: z.number().int().optional(),
      /** Allow a random split even on event-labelled time series (leaks labels; for experiments only). */
      force: z.boolean().default(false),
    })
    .strict(),
]);

export type FeaturesConfig = z.infer<typeof featuresSection>;
export type FeaturesInput = z.input<typeof featuresSection>;
export type LabelConfig = z.infer<typeof labelSection>;
export type SplitConfig = z.infer<typeof splitSection>;
export type ColumnRef = z.infer<typeof columnRef>;

/** A config mistake found across sections: where (a path into forewarn.yaml) and what. */
export interface ConfigIssue { path: (string | number)[]; message: string }

/**
 * The label (and the columns declared as its sources, label.derivedFrom) must never be a feature: a model that
 * reads its own answer scores F1 1.000 and predicts nothing. Checked at config load, naming the field. Features read
 * the base table's columns directly (features.columns) and through windows or lags (rolling, lags on the base
 * table); a static block over the base table reads them too. The label cannot be the entity or time key either.
 */
export function labelLeakIssues(features: FeaturesConfig | undefined, label: LabelConfig | undefined): ConfigIssue[] {
  if (!features || !label || label.kind !== 'column') return [];
  const issues: ConfigIssue[] = [];
  const base = features.base.table;
  // messages read as the expectation in "<field>: expected <message>, got <value>" (config/field-errors.ts)
  const refused = new Map<string, string>([[label.column, `a feature other than the label column ${JSON.stringify(label.column)} (label.column)`]]);
  for (const c of label.derivedFrom ?? []) if (!refused.has(c)) refused.set(c, `a feature other than ${JSON.stringify(c)}, which label.derivedFrom declares a source of the label`);
  const check = (column: string, path: (string | number)[]): void => {
    const why = refused.get(column);
    if (why) issues.push({ path, message: `${why}: a model that reads its own answer predicts nothing` });
  };
  features.columns.forEach((ref, i) => check(typeof ref === 'string' ? ref : ref.column, ['features', 'columns', i]));
  for (const kind of ['rolling', 'lags'] as const) {
    features[kind].forEach((b, i) => {
      if ((b.table ?? base) === base) b.columns.forEach((c, k) => check(c, ['features', kind, i, 'columns', k]));
    });
  }
  features.static.forEach((b, i) => {
    if (b.table === base) b.columns.forEach((ref, k) => check(typeof ref === 'string' ? ref : ref.column, ['features', 'static', i, 'columns', k]));
  });
  for (const key of ['entity', 'time'] as const) {
    const v = features.base[key];
    if (v !== undefined && v === label.column) issues.push({ path: ['features', 'base', key], message: `an ${key} column other than the label column ${JSON.stringify(v)}` });
  }
  return issues;
}
