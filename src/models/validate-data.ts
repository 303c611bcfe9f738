/**
 * Checks a Dataset before fitting: every problem becomes FW_ERR_MODEL_BAD_DATA naming the feature / row and rule.
 * NaN is allowed (missing); ±Infinity is not (it has no place in a quantile and breaks thresholds).
 */
import type { Dataset } from './dataset.js';
import { ModelErrors } from './errors.js';

export function checkDataset(d: Dataset, what = 'training data'): void {
  const bad = (m: string): never => { throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`${what}: ${m}`); };
  if (!d || typeof d !== 'object') bad('must be a Dataset object');
  if (!Array.isArray(d.features) || d.features.length === 0) bad('needs at least one feature');
  if (!Number.isInteger(d.nRows) || d.nRows < 1) bad(`needs at least one row, got nRows ${d.nRows}`);
  if (!Array.isArray(d.classes) || d.classes.length < 2) bad(`needs at least 2 classes, got ${JSON.stringify(d.classes)}`);
  if (new Set(d.classes).size !== d.classes.length) bad('class labels must be distinct');
  if (!Array.isArray(d.columns) || d.columns.length !== d.features.length) bad(`has ${d.features.length} features but ${d.columns?.length} columns`);
  const names = new Set<string>();
  d.features.forEach((f, j) => {
    if (typeof f?.name !== 'string' || f.name === '') bad(`features[${j}].name must be a non-empty string`);
    if (names.has(f.name)) bad(`feature name "${f.name}" appears twice`);
    names.add(f.name);
    if (f.type !== 'numeric' && f.type !== 'categorical') bad(`feature "${f.name}": type must be numeric or categorical, got ${JSON.stringify(f.type)}`);
    if (f.type === 'categorical' && (!Array.isArray(f.categories) || f.categories.length === 0)) bad(`feature "${f.name}": categorical features need their categories`);
    const c = d.columns[j];
    if (!(c instanceof Float64Array) || c.length !== d.nRows) bad(`feature "${f.name}": column must be a Float64Array of nRows (${d.nRows}) values, got length ${(c as { length?: number })?.length}`);
    for (let i = 0; i < d.nRows; i++) {
      const x = c![i]!;
      if (x === Infinity || x === -Infinity) bad(`feature "${f.name}", row ${i}: value ${x} is not finite (use NaN for missing)`);
    }
  });
  if (!(d.y instanceof Int32Array) || d.y.length !== d.nRows) bad(`y must be an Int32Array of nRows (${d.nRows}) class indices`);
  const K = d.classes.length;
  for (let i = 0; i < d.nRows; i++) {
    const v = d.y[i]!;
    if (v < 0 || v >= K) bad(`row ${i}: label index ${v} is outside classes [0, ${K})`);
  }
  if (d.weights !== undefined) {
    if (!(d.weights instanceof Float64Array) || d.weights.length !== d.nRows) bad(`weights must be a Float64Array of nRows (${d.nRows}) values`);
    for (let i = 0; i < d.nRows; i++) {
      const w = d.weights![i]!;
      if (!(w >= 0) || w === Infinity) bad(`row ${i}: sample weight ${w} must be finite and ≥ 0`);
    }
  }
}

/** Validation data must have the training data's features and classes. */
export function checkCompatible(train: Dataset, other: Dataset, what: string): void {
  checkDataset(other, what);
  const a = train.features.map((f) => f.name).join('\u0000');
  const b = other.features.map((f) => f.name).join('\u0000');
  if (a !== b) throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`${what}: features differ from the training data (same names in the same order are required)`);
  if (train.classes.join('\u0000') !== other.classes.join('\u0000')) throw ModelErrors.FW_ERR_MODEL_BAD_DATA(`${what}: classes differ from the training data`);
}
