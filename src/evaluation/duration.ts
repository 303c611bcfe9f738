import { EvalErrors } from './errors.js';
import { parseDuration as parse } from '../features/duration.js';

/** forewarn.yaml durations (`30m`, `24h`, `2d`) → ms, with an evaluation error naming the option on bad input. */
export function parseDuration(text: string, what: string): number {
  const ms = parse(text);
  if (ms === undefined) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}: expected a positive duration like 30m, 24h, 2d (integer + ms|s|m|h|d|w), got ${JSON.stringify(text)}`);
  return ms;
}
