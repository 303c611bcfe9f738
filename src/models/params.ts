/**
 * Hyperparameter validation shared by the tree learners. Each learner declares its parameters (canonical name,
 * aliases users know from XGBoost / LightGBM / scikit-learn, rule, default); unknown names are refused with the
 * list of known ones, and every error names the parameter and the rule it broke.
 */
import { ModelErrors } from './errors.js';
import { describeValue } from '../core/describe-value.js';

export type ParamRule =
  | { type: 'int'; min?: number; max?: number }
  | { type: 'number'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'custom'; describe: string; check: (v: unknown) => unknown };

export interface ParamSpec {
  name: string;
  aliases?: readonly string[];
  rule: ParamRule;
  default: unknown;
}

function describe(r: ParamRule): string {
  switch (r.type) {
    case 'int': return `an integer${range(r.min, r.max, false, false)}`;
    case 'number': return `a finite number${range(r.min, r.max, r.minExclusive, r.maxExclusive)}`;
    case 'bool': return 'true or false';
    case 'enum': return `one of ${r.values.map((v) => `'${v}'`).join(', ')}`;
    case 'custom': return r.describe;
  }
}

function range(min?: number, max?: number, minEx?: boolean, maxEx?: boolean): string {
  if (min !== undefined && max !== undefined) return ` in ${minEx ? '(' : '['}${min}, ${max}${maxEx ? ')' : ']'}`;
  if (min !== undefined) return ` ${minEx ? '>' : '≥'} ${min}`;
  if (max !== undefined) return ` ${maxEx ? '<' : '≤'} ${max}`;
  return '';
}

function check(spec: ParamSpec, v: unknown): unknown {
  const r = spec.rule;
  const bad = (): never => {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`parameter ${spec.name} must be ${describe(r)}, got ${show(v)}`, { param: spec.name, expected: describe(r) });
  };
  switch (r.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) bad();
      if ((r.min !== undefined && (v as number) < r.min) || (r.max !== undefined && (v as number) > r.max)) bad();
      return v;
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad();
      const x = v as number;
      if (r.min !== undefined && (r.minExclusive ? x <= r.min : x < r.min)) bad();
      if (r.max !== undefined && (r.maxExclusive ? x >= r.max : x > r.max)) bad();
      return x;
    }
    case 'bool':
      if (typeof v !== 'boolean') bad();
      return v;
    case 'enum':
      if (typeof v !== 'string' || !r.values.includes(v)) bad();
      return v;
    case 'custom': {
      const out = r.check(v);
      if (out === undefined) bad();
      return out;
    }
  }
}

const show = (v: unknown): string => describeValue(v, 60);

/** Validate `raw` against `specs`: returns canonical-name → value with defaults filled. */
export function readParams(learner: string, raw: unknown, specs: readonly ParamSpec[]): Record<string, unknown> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`${learner} parameters must be an object of name: value, got ${show(raw)}`);
  }
  const byName = new Map<string, ParamSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    for (const a of s.aliases ?? []) byName.set(a, s);
  }
  const out: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const s = byName.get(k);
    if (!s) {
      throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(
        `unknown ${learner} parameter ${k}; known: ${specs.map((x) => x.name).join(', ')}`, { param: k, expected: `a ${learner} parameter (known: ${specs.map((x) => x.name).join(', ')})` });
    }
    if (setBy.has(s.name)) {
      throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`parameter ${s.name} given twice (as ${setBy.get(s.name)} and ${k})`, { param: k });
    }
    setBy.set(s.name, k);
    if (v === null && s.default === null) { out[s.name] = null; continue; }
    out[s.name] = check(s, v);
  }
  for (const s of specs) if (!(s.name in out)) out[s.name] = s.default;
  return out;
}

/** class_weight: 'balanced' (| 'balanced_subsample' when allowed) or { label: weight > 0 }. */
export function classWeightRule(allowSubsample: boolean): ParamRule {
  return {
    type: 'custom',
    describe: `null, 'balanced'${allowSubsample ? ", 'balanced_subsample'" : ''} or an object {label: positive weight}`,
    check: (v) => {
      if (v === 'balanced' || (allowSubsample && v === 'balanced_subsample')) return v;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o: Record<string, number> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) return undefined;
          o[k] = x;
        }
        return o;
      }
      return undefined;
    },
  };
}

export type ClassWeightParam = null | 'balanced' | 'balanced_subsample' | Record<string, number>;

/** Per-class weights: balanced = n / (K · n_k) (scikit-learn's formula, from weighted counts). */
export function resolveClassWeights(cw: ClassWeightParam, y: Int32Array, classes: readonly string[], sampleWeight?: Float64Array): Float64Array {
  const K = classes.length;
  const out = new Float64Array(K).fill(1);
  if (cw === null || cw === 'balanced_subsample') return out;
  if (cw === 'balanced') {
    const ck = new Float64Array(K);
    let tot = 0;
    for (let i = 0; i < y.length; i++) { const w = sampleWeight ? sampleWeight[i]! : 1; ck[y[i]!] += w; tot += w; }
    for (let k = 0; k < K; k++) out[k] = ck[k]! > 0 ? tot / (K * ck[k]!) : 0;
    return out;
  }
  for (const [label, w] of Object.entries(cw)) {
    const k = classes.indexOf(label);
    if (k < 0) {
      throw ModelErrors.FW_ERR_MODEL_BAD_PARAM(`parameter class_weight names label '${label}', which is not a class (classes: ${classes.join(', ')})`, { param: 'class_weight' });
    }
    out[k] = w;
  }
  return out;
}
