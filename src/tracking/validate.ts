import { TrackingErrors } from './errors.js';

const KEY = /^[A-Za-z0-9_.\-/: ]{1,250}$/;
const MAX_VALUE = 8000;

/** Metric/param/tag keys: 1–250 chars of letters, digits, _ . - / : and space (same spirit as MLflow). */
export function checkKey(field: string, key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: key ${JSON.stringify(key)} must be 1–250 characters of letters, digits, "_", ".", "-", "/", ":" or space`);
  }
  return key;
}

export function checkText(field: string, v: unknown, max = MAX_VALUE): string {
  if (typeof v !== 'string') throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: expected a string, got ${v === null ? 'null' : typeof v}`);
  if (v.length > max) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: ${v.length} characters exceeds the limit of ${max}`);
  return v;
}

export function checkOptionalText(field: string, v: unknown, max = MAX_VALUE): string | null {
  return v === undefined || v === null ? null : checkText(field, v, max);
}

/** A key→string record (tags). */
export function checkStringRecord(field: string, rec: unknown): Record<string, string> {
  if (rec === undefined || rec === null) return {};
  if (typeof rec !== 'object' || Array.isArray(rec)) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: expected an object of key → string`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) out[checkKey(`${field}.${k}`, k)] = checkText(`${field}.${k}`, v);
  return out;
}

/** Params: strings, finite numbers and booleans, stored as text. */
export function checkParams(field: string, rec: unknown): Record<string, string> {
  if (rec === undefined || rec === null) return {};
  if (typeof rec !== 'object' || Array.isArray(rec)) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: expected an object of key → string | number | boolean`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) {
    checkKey(`${field}.${k}`, k);
    if (typeof v === 'number' && !Number.isFinite(v)) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}.${k}: ${v} is not a finite number`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}.${k}: expected a string, number or boolean, got ${v === null ? 'null' : typeof v}`);
    }
    out[k] = checkText(`${field}.${k}`, String(v));
  }
  return out;
}

export function checkFinite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: expected a finite number, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  return v;
}

export function checkStep(field: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 2 ** 31 - 1) {
    throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: step must be an integer in [0, 2147483647], got ${JSON.stringify(v)}`);
  }
  return v;
}

export function checkTimestamp(field: string, v: unknown): string {
  if (v === undefined) return new Date().toISOString();
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw TrackingErrors.FW_ERR_TRACKING_INVALID(`${field}: expected an ISO-8601 timestamp, got ${JSON.stringify(v)}`);
  return new Date(v).toISOString();
}
