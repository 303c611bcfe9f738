import { EvalErrors } from './errors.js';

/**
 * `24h`, `2d`, `30m` → milliseconds, the same forms forewarn.yaml durations use (integer + ms|s|m|h|d|w).
 * Kept here so the evaluation CLI does not depend on the features area; the forms must stay identical.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(text: string, what: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
  if (!(Number.isSafeInteger(ms) && ms > 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}: expected a positive duration like 30m, 24h, 2d (integer + ms|s|m|h|d|w), got ${JSON.stringify(text)}`);
  return ms;
}
