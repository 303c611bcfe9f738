import { CoreErrors } from '../core/errors.js';

/** JSON stored in text columns: encoded on write, decoded on read with the column named if the text is corrupt. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJsonText<T>(text: string | null, column: string): T | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw CoreErrors.FW_ERR_CORE_INTERNAL(`stored JSON in column ${column} is corrupt: ${(e as Error).message}`, undefined, e);
  }
}

/** ISO-8601 UTC with milliseconds: one fixed width so text comparison orders by time. */
export function nowIso(): string {
  return new Date().toISOString();
}
