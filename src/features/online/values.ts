/**
 * Row values → the engine's numbers, with the same rules as the SQL: NULL, NaN, ±Infinity and non-numeric text are
 * missing; booleans are 0/1; entities are text; times are epoch ms (text without a zone is UTC, like DuckDB).
 */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

export function toEntity(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return String(v);
  return null;
}

const NAIVE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

export function toTimeMs(v: unknown): number | null {
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isFinite(t) ? t : null;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim();
    const t = Date.parse(NAIVE.test(s) ? `${s.replace(' ', 'T')}${s.length > 10 ? 'Z' : 'T00:00:00Z'}` : s);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}
