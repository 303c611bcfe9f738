/** `1h` → milliseconds. Units: ms, s, m (minutes), h, d, w. Undefined when the text is not a positive duration. */
export function parseFrequency(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const ms = n * unit[m[2]!]!;
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
