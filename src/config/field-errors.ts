import type { z } from 'zod';
import { describeValue } from '../core/describe-value.js';

/** One problem with one field: where it is, what the rule wanted, what was there. */
export interface FieldError {
  path: string;
  expected: string;
  got: string;
  message: string;
}

const describe = (v: unknown): string => describeValue(v, 60);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k as string];
  }
  return cur;
}

/** Turn zod issues into field errors with a dotted path (`data.tables.telemetry.path`). */
export function zodToFieldErrors(error: z.ZodError, input: unknown, prefix = ''): FieldError[] {
  return error.issues.map((iss) => {
    const path = prefix + iss.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : (i === 0 && !prefix ? '' : '.') + String(p))).join('');
    const got = valueAt(input, iss.path as PropertyKey[]);
    let expected = iss.message;
    const anyIss = iss as unknown as { expected?: unknown; values?: unknown[]; keys?: string[] };
    if (iss.code === 'invalid_type' && anyIss.expected) expected = String(anyIss.expected);
    if (iss.code === 'invalid_value' && anyIss.values) expected = `one of ${anyIss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    if (got === undefined && iss.code !== 'unrecognized_keys' && iss.code !== 'custom') {
      const exp = iss.code === 'invalid_type' && anyIss.expected ? String(anyIss.expected) : 'a value';
      return { path: path || '(root)', expected: exp, got: 'nothing (missing)', message: `${path || '(root)'}: expected ${exp}, got nothing (missing)` };
    }
    if (iss.code === 'invalid_union') expected = 'one of the allowed forms (see the docs for this field)';
    if (iss.code === 'unrecognized_keys' && anyIss.keys) {
      return { path: path || '(root)', expected: 'no other fields', got: `unknown field(s) ${anyIss.keys.join(', ')}`, message: `${path || '(root)'}: unknown field(s) ${anyIss.keys.join(', ')}` };
    }
    return { path: path || '(root)', expected, got: describe(got), message: `${path || '(root)'}: expected ${expected}, got ${describe(got)}` };
  });
}
