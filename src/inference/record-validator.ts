import type { FeatureSpec } from '../models/dataset.js';
import type { ModelSignature, SignatureField } from '../entities/signature.js';
import { ServingErrors } from './errors.js';
import { compileRecordScanner, inRange, type FieldCheck, type NumberRange, type RecordScanner } from './record-scanner.js';
import { describeValue } from '../core/describe-value.js';

/** One problem with one input field, as returned to the client in `errors`. */
export interface InputFieldError {
  /** Field name as in the data, prefixed by the record index in batches (`[3].Packet_Loss_%`). */
  field: string;
  expected: string;
  got: string;
}

/**
 * Turns one JSON record into a model row, enforcing the signature. Built once per model load (the closures below
 * capture precomputed names, ranges and category maps) so a request does no schema building, only lookups.
 */
export interface RecordValidator {
  readonly names: readonly string[];
  /**
   * Fill row[off .. off + nFeatures) from `record`; append every field error to `errors` (nothing is thrown so a
   * batch can report all records). null in a nullable field becomes NaN (the model routes missing values).
   */
  fill(record: unknown, row: Float64Array, off: number, errors: InputFieldError[], prefix?: string): void;
  /** Encodes well-formed JSON bodies straight from their bytes, with the same checks (undefined: never). */
  readonly scanner?: RecordScanner;
}


type Check = FieldCheck; // number = encoded value, string = what was expected

function numberCheck(f: SignatureField, integer: boolean): Check {
  const lo = f.min ?? -Infinity;
  const hi = f.max ?? Infinity;
  const kind = integer ? 'an integer' : 'a finite number';
  const range = f.min !== undefined || f.max !== undefined ? ` in [${f.min ?? '-inf'}, ${f.max ?? '+inf'}]` : '';
  const nullable = f.nullable ? ' or null' : '';
  const expected = `${kind}${range}${nullable}`;
  const accepted: NumberRange = { lo, hi, integer };
  const check: Check = (v) => {
    if (typeof v === 'number') return inRange(accepted, v) ? v : expected;
    if (v === null && f.nullable) return NaN;
    return expected;
  };
  // The scanner tests numbers with the same rule without boxing them through the check.
  check.numberRange = accepted;
  return check;
}

function booleanCheck(f: SignatureField): Check {
  const expected = `true or false${f.nullable ? ' or null' : ''}`;
  return (v) => (v === true ? 1 : v === false ? 0 : v === null && f.nullable ? NaN : expected);
}

function categoryCheck(f: SignatureField, spec: FeatureSpec): Check {
  // Encode as the model's category index; the signature's list (training values) decides what is accepted.
  const modelIndex = new Map((spec.categories ?? []).map((c, i) => [c, i] as const));
  const allowed = new Map<string, number>();
  for (const c of f.categories ?? spec.categories ?? []) {
    const i = modelIndex.get(c);
    if (i !== undefined) allowed.set(c, i);
  }
  const shown = [...allowed.keys()];
  const list = shown.length > 12 ? `${shown.slice(0, 12).map((c) => JSON.stringify(c)).join(', ')}, ... (${shown.length} in all)` : shown.map((c) => JSON.stringify(c)).join(', ');
  const expected = `one of ${list}${f.nullable ? ' or null' : ''}`;
  return (v) => {
    if (typeof v === 'string') {
      const i = allowed.get(v);
      return i === undefined ? expected : i;
    }
    if (v === null && f.nullable) return NaN;
    return expected;
  };
}

/** Field errors collected per request at most (callers report this many and say how many more). */
export const MAX_FIELD_ERRORS = 1000;

/** Compile the validator for a model's features under its signature. Throws if they disagree (a bad version). */
export function compileRecordValidator(features: readonly FeatureSpec[], signature: ModelSignature): RecordValidator {
  const byName = new Map(signature.inputs.map((f) => [f.name, f] as const));
  const missingFromSig = features.filter((f) => !byName.has(f.name)).map((f) => f.name);
  if (missingFromSig.length) {
    throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`the model signature does not describe feature(s) ${missingFromSig.join(', ')} that the model uses`);
  }
  const names = features.map((f) => f.name);
  const checks: Check[] = features.map((spec) => {
    const f = byName.get(spec.name)!;
    if (spec.type === 'categorical') return categoryCheck(f, spec);
    if (f.type === 'boolean') return booleanCheck(f);
    return numberCheck(f, f.type === 'integer');
  });
  const index = new Map(names.map((n, j) => [n, j] as const));
  const P = names.length;

  return {
    names,
    scanner: compileRecordScanner(names, checks),
    fill(record, row, off, errors, prefix = '') {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        errors.push({ field: prefix || '(record)', expected: `an object with fields ${names.join(', ')}`, got: describeValue(record) });
        return;
      }
      const r = record as Record<string, unknown>;
      for (let j = 0; j < P; j++) {
        const v = r[names[j]!];
        if (v === undefined) {
          // Missing is an error even for nullable fields: send null to mean "unknown", so typos can't hide.
          errors.push({ field: prefix + names[j], expected: 'a value (every feature is required; send null for unknown where allowed)', got: 'nothing (missing)' });
          continue;
        }
        const x = checks[j]!(v);
        if (typeof x === 'number') row[off + j] = x;
        else errors.push({ field: prefix + names[j], expected: x, got: describeValue(v) });
      }
      // Unknown fields are refused, not stripped: a typo'd name would otherwise silently become "missing".
      for (const k in r) {
        // Capped: a record of 70,000 unknown keys must not build 70,000 errors (the reply shows 1,000 at most).
        if (errors.length > MAX_FIELD_ERRORS) break;
        if (!index.has(k)) errors.push({ field: prefix + k, expected: 'no such field (unknown to the model)', got: describeValue(r[k]) });
      }
    },
  };
}
