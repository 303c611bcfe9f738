import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { atomicWrite } from '../core/atomic-write.js';
import { CoreErrors } from '../core/errors.js';
import { hashJson } from '../core/hash.js';
import { zodToFieldErrors } from '../config/field-errors.js';
import { AGGREGATES } from './config.js';
import { FeatureErrors } from './errors.js';
import type { ResolvedFeatureSpec } from './spec.js';

/**
 * The frozen feature spec on disk (features.json next to a model): plain JSON, validated field by field on load so
 * a hand-edited or truncated file is a named error, never code to run.
 */
const ms = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const source = z.object({ table: z.string().min(1), entity: z.string().min(1).nullable(), time: z.string().min(1) }).strict();
const name = z.string().min(1);
const cats = z.array(z.string()).optional();

const feature = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), name, from: z.literal('base'), column: name, type: z.enum(['numeric', 'categorical']), categories: cats }).strict(),
  z.object({ kind: z.literal('static'), name, table: name, entity: name, column: name, type: z.enum(['numeric', 'categorical']), categories: cats }).strict(),
  z.object({ kind: z.literal('onehot'), name, from: z.enum(['base', 'static']), table: name, entity: name.nullable(), column: name, value: z.string() }).strict(),
  z.object({ kind: z.literal('rolling'), name, source, column: name, window: name, windowMs: ms, aggregate: z.enum(AGGREGATES) }).strict(),
  z.object({ kind: z.literal('lag'), name, source, column: name, lagMs: ms.optional(), rows: z.number().int().min(1).max(10_000).optional() }).strict(),
  z.object({ kind: z.literal('count'), name, source, category: name, value: z.string(), window: name, windowMs: ms }).strict(),
  z.object({ kind: z.literal('since'), name, source, category: name, value: z.string(), unitMs: ms }).strict(),
]);

const label = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), column: name, classes: z.array(z.string()).min(2) }).strict(),
  z
    .object({
      kind: z.literal('event'),
      source,
      category: name.nullable(),
      horizonMs: ms,
      mode: z.enum(['multiclass', 'binary']),
      classes: z.array(z.string()).min(2),
      categories: z.array(z.string()).nullable(),
      endOfData: z.enum(['drop', 'keep']),
    })
    .strict(),
]);

export const resolvedSpecSchema = z
  .object({
    version: z.literal(1),
    base: z.object({ table: name, entity: name.nullable(), time: name.nullable(), everyMs: ms.nullable() }).strict(),
    features: z.array(feature),
    label: label.optional(),
  })
  .strict();

export function parseFeatureSpec(text: string, source = 'features.json'): ResolvedFeatureSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = resolvedSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = zodToFieldErrors(parsed.error, raw);
    throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${source} is not a forewarn feature spec:\n${errors.slice(0, 10).map((e) => `  - ${e.message}`).join('\n')}`, { errors });
  }
  const spec = parsed.data as ResolvedFeatureSpec;
  for (const [i, f] of spec.features.entries()) {
    if (f.kind === 'lag' && (f.lagMs === undefined) === (f.rows === undefined)) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${source}: features[${i}] (${f.name}) needs exactly one of lagMs and rows`);
    }
    if ((f.kind === 'column' || f.kind === 'static') && f.type === 'categorical' && !f.categories) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${source}: features[${i}] (${f.name}) is categorical but has no frozen categories`);
    }
  }
  return spec;
}

export async function loadFeatureSpec(path: string): Promise<ResolvedFeatureSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`feature spec ${path} does not exist`);
    throw CoreErrors.FW_ERR_CORE_IO(`could not read feature spec ${path}: ${(e as Error).message}`, undefined, e);
  }
  return parseFeatureSpec(text, path);
}

export async function saveFeatureSpec(path: string, spec: ResolvedFeatureSpec): Promise<void> {
  await atomicWrite(path, `${JSON.stringify(spec, null, 2)}\n`);
}

/** The registry version tag naming the artifact URI of the frozen spec a model was trained on (travels with it). */
export const FEATURE_SPEC_TAG = 'features.spec';

/** Content hash of a spec (key order independent): ties a model to the exact features it was trained on. */
export function featureSpecHash(spec: ResolvedFeatureSpec): string {
  return hashJson(spec);
}
