/**
 * How error messages show the value a caller sent: `string "abc"`, `number 3`, `NaN`, `array of 4`, `nothing
 * (missing)`. One describer for config, parameter and request errors, so a user reads the same words everywhere.
 * Long strings are cut: a message must stay short even when the value is a megabyte.
 */
export function describeValue(v: unknown, maxString = 40): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? `number ${v}` : `${v} (number too large)`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > maxString ? v.slice(0, maxString - 3) + '...' : v)}`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  if (typeof v === 'bigint') return `integer ${v}`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  return typeof v;
}
