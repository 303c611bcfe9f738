/**
 * The saved-model format.
 *
 * A model is data, never code: one JSON document, loadable without executing anything.
 *
 *   {
 *     "format": "forewarn-model",        // refuses anything else
 *     "formatVersion": 1,                // readers refuse a newer version than they know
 *     "kind": "gbdt" | "random_forest" | "logistic",
 *     "params": { ... },                 // the validated hyperparameters, canonical names
 *     "features": [{ "name", "type": "numeric" | "categorical", "categories"?: [...] }],
 *     "classes": ["neg", "pos"],         // label names, class-index order
 *     "body": { ... },                   // kind-specific, see below
 *     "info": { ... }                    // optional facts about the fit (trees built, best iteration, OOB score)
 *   }
 *
 * Tree-ensemble body (gbdt, random_forest):
 *   link: 'logistic' | 'softmax' | 'mean'; nOutputs; baseScore: number[nOutputs]; treeClass: number[nTrees];
 *   trees: [{ nNodes, nOutputs, feature, threshold, left, right, missingLeft, catStart, catWords, catBits, value,
 *   cover, gain }] — the TreeArrays of format/tree-arrays.ts as plain number arrays. Thresholds are raw feature
 *   values (x <= threshold goes left), so bin edges are not needed at inference. Leaf values of boosting are already
 *   multiplied by the learning rate.
 *
 * Numbers are written by JSON.stringify (shortest round-trip form), so equal fits give byte-identical files and a
 * reloaded model predicts bit-for-bit the same.
 */
import type { LearnerKind, Model, ModelJson } from '../learner.js';
import type { FeatureSpec } from '../dataset.js';
import { ModelErrors } from '../errors.js';
import { getLearner } from '../learner-registry.js';

export const FORMAT_NAME = 'forewarn-model';
export const FORMAT_VERSION = 1;

const bad = (field: string, rule: string): never => {
  throw ModelErrors.FW_ERR_MODEL_BAD_FORMAT(`${field}: ${rule}`, { field });
};

/** Check the envelope (not the body) and return it typed. */
export function checkEnvelope(json: unknown): ModelJson {
  if (!json || typeof json !== 'object' || Array.isArray(json)) bad('(root)', 'a model must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== FORMAT_NAME) bad('format', `must be '${FORMAT_NAME}', got ${JSON.stringify(o.format) ?? 'nothing'} (not a forewarn model)`);
  const v = o.formatVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) bad('formatVersion', `must be a positive integer, got ${JSON.stringify(v)}`);
  if ((v as number) > FORMAT_VERSION) bad('formatVersion', `is ${v}, newer than this forewarn understands (${FORMAT_VERSION}); upgrade forewarn`);
  if (typeof o.kind !== 'string') bad('kind', 'must be a string');
  if (!o.params || typeof o.params !== 'object' || Array.isArray(o.params)) bad('params', 'must be an object');
  if (!Array.isArray(o.features) || o.features.length === 0) bad('features', 'must be a non-empty array');
  const names = new Set<string>();
  (o.features as unknown[]).forEach((f, i) => {
    if (!f || typeof f !== 'object') bad(`features[${i}]`, 'must be an object {name, type}');
    const s = f as Partial<FeatureSpec>;
    if (typeof s.name !== 'string' || s.name === '') bad(`features[${i}].name`, 'must be a non-empty string');
    if (names.has(s.name!)) bad(`features[${i}].name`, `duplicate feature name '${s.name}'`);
    names.add(s.name!);
    if (s.type !== 'numeric' && s.type !== 'categorical') bad(`features[${i}].type`, `must be 'numeric' or 'categorical', got ${JSON.stringify(s.type)}`);
    if (s.type === 'categorical' && (!Array.isArray(s.categories) || !s.categories.every((c) => typeof c === 'string'))) {
      bad(`features[${i}].categories`, 'a categorical feature needs an array of category strings');
    }
  });
  if (!Array.isArray(o.classes) || o.classes.length < 2 || !o.classes.every((c) => typeof c === 'string')) bad('classes', 'must be an array of at least 2 label strings');
  if (new Set(o.classes as string[]).size !== (o.classes as string[]).length) bad('classes', 'labels must be distinct');
  if (!o.body || typeof o.body !== 'object' || Array.isArray(o.body)) bad('body', 'must be an object');
  if (o.info !== undefined && (!o.info || typeof o.info !== 'object' || Array.isArray(o.info))) bad('info', 'must be an object when present');
  return o as unknown as ModelJson;
}

/** Validate and rebuild any saved model. Throws FW_ERR_MODEL_BAD_FORMAT / FW_ERR_MODEL_UNKNOWN_KIND naming the field. */
export function loadModel(json: unknown): Model {
  const env = checkEnvelope(json);
  return getLearner(env.kind as LearnerKind).fromJSON(env);
}

/** JSON.parse of a model file's text; a syntax error is FW_ERR_MODEL_BAD_FORMAT naming the source. */
export function parseModelText(text: string, source = 'model'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ModelErrors.FW_ERR_MODEL_BAD_FORMAT(`${source}: not valid JSON (${(e as Error).message})`, { field: source });
  }
}

/** Parse a model file's text and rebuild the model (files on disk: model-file.ts readModelFile). */
export function parseModel(text: string, source = 'model'): Model {
  return loadModel(parseModelText(text, source));
}
