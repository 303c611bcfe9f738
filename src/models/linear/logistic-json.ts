/**
 * Logistic model JSON → LogisticState, validating every field (FwError naming it, e.g. body.coefficients[1][3]).
 * Loading executes nothing: it only reads numbers and strings.
 */
import type { FeatureSpec } from '../dataset.js';
import type { ModelJson } from '../learner.js';
import type { DesignColumn } from './design.js';
import { designColumns } from './design.js';
import { parseLogisticParams } from './params.js';
import { LOGISTIC_FORMAT_VERSION } from './logistic-model.js';
import type { LogisticState } from './logistic-model.js';
import { LinearErrors } from './errors.js';
import { isFwError } from '../../core/errors.js';

const bad = (field: string, rule: string): Error => LinearErrors.FW_ERR_LINEAR_BAD_MODEL(`logistic model: ${field} ${rule}`);

function finiteArray(v: unknown, field: string, length: number, positive = false): Float64Array {
  if (!Array.isArray(v)) throw bad(field, `must be an array of ${length} numbers, got ${typeof v}`);
  if (v.length !== length) throw bad(field, `must have ${length} values, has ${v.length}`);
  const out = new Float64Array(length);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || (positive && !(x > 0))) {
      throw bad(`${field}[${i}]`, `must be a finite number${positive ? ' > 0' : ''}, got ${JSON.stringify(x) ?? String(x)}`);
    }
    out[i] = x;
  });
  return out;
}

function parseFeatures(v: unknown): FeatureSpec[] {
  if (!Array.isArray(v) || v.length === 0) throw bad('features', 'must be a non-empty array');
  return v.map((f, j) => {
    if (!f || typeof f !== 'object') throw bad(`features[${j}]`, 'must be an object {name, type}');
    const { name, type, categories } = f as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') throw bad(`features[${j}].name`, 'must be a non-empty string');
    if (type !== 'numeric' && type !== 'categorical') throw bad(`features[${j}].type`, `must be "numeric" or "categorical", got ${JSON.stringify(type)}`);
    if (type === 'categorical') {
      if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) {
        throw bad(`features[${j}].categories`, 'must be an array of strings for a categorical feature');
      }
      return { name, type, categories: [...categories] as string[] };
    }
    return { name, type };
  });
}

export function logisticStateFromJSON(json: ModelJson): LogisticState {
  if (!json || typeof json !== 'object') throw bad('model', 'must be an object');
  if (json.kind !== 'logistic') throw bad('kind', `must be "logistic", got ${JSON.stringify(json.kind)}`);
  if (json.formatVersion !== LOGISTIC_FORMAT_VERSION) {
    throw bad('formatVersion', `must be ${LOGISTIC_FORMAT_VERSION} (this forewarn reads logistic format ${LOGISTIC_FORMAT_VERSION}), got ${JSON.stringify(json.formatVersion)}`);
  }
  const features = parseFeatures(json.features);
  const classes = json.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
    throw bad('classes', 'must be an array of at least 2 strings');
  }
  let params;
  try {
    params = parseLogisticParams(json.params ?? {});
  } catch (e) {
    if (isFwError(e)) throw bad('params', `are invalid: ${e.message}`);
    throw e;
  }
  const body = json.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw bad('body', 'must be an object');
  const expected = designColumns(features);
  const d = expected.length;
  if (!Array.isArray(body.columns) || body.columns.length !== d) {
    throw bad('body.columns', `must list the ${d} design columns the features imply (numeric: 1, categorical: one per category)`);
  }
  const columns: DesignColumn[] = body.columns.map((c, i) => {
    const e = expected[i]!;
    const cc = c as Record<string, unknown> | null;
    if (!cc || cc.feature !== e.feature || cc.category !== e.category) {
      throw bad(`body.columns[${i}]`, `must be {"feature": ${e.feature}, "category": ${e.category}}, got ${JSON.stringify(c)}`);
    }
    return e;
  });
  const nOut = classes.length === 2 ? 1 : classes.length;
  const means = finiteArray(body.means, 'body.means', d);
  const stds = finiteArray(body.stds, 'body.stds', d, true);
  const intercepts = finiteArray(body.intercepts, 'body.intercepts', nOut);
  if (!Array.isArray(body.coefficients) || body.coefficients.length !== nOut) {
    throw bad('body.coefficients', `must be ${nOut} row(s) (1 for binary, one per class otherwise) of ${d} numbers`);
  }
  const coefficients = new Float64Array(nOut * d);
  body.coefficients.forEach((r, k) => coefficients.set(finiteArray(r, `body.coefficients[${k}]`, d), k * d));
  const info = json.info && typeof json.info === 'object' ? { ...json.info } : undefined;
  return { features, classes: [...classes], params, columns, means, stds, coefficients, intercepts, info };
}
