import { z } from 'zod';

/**
 * Durations as users write them in forewarn.yaml (`30m`, `3h`, `24h`, `7d`, `2w`). Parsed to whole milliseconds:
 * windows are compared on integer epoch-ms so "left-open" is exact (t - w < s  ⇔  s ≥ t - w + 1).
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION_RE = /^(\d+)(ms|s|m|h|d|w)$/;

export function parseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

/** Zod schema for a duration string; the error names the accepted forms. */
export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, { message: 'a positive duration like 30m, 3h, 24h, 7d, 2w (integer + unit ms|s|m|h|d|w)' });

/** Canonical text for names: the string the user wrote, trimmed (so `24h` stays `24h`, not `1d`). */
export function durationLabel(text: string): string {
  return text.trim();
}
