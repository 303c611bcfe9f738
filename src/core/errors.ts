/**
 * Typed errors with stable codes.
 *
 * Every error a user can see is an FwError: a stable `code` (FW_ERR_<AREA>_<WHAT>, never reused), a message that
 * names the field / file / line and the rule that was broken, an HTTP status for the API, and an exit code for the
 * CLI. Each area declares its codes once with `defineErrors` (src/<area>/errors.ts); a duplicate code throws at
 * import time, and `allErrorDefinitions()` is what docs/errors.md is checked against.
 */

export interface ErrorDefinition {
  readonly code: string;
  /** HTTP status when this error crosses the API (4xx for the caller's fault, 5xx for ours). */
  readonly status: number;
  /** CLI exit code: 2 usage / bad input, 3 data failed validation, 4 not found, 5 conflict / refused, 1 internal. */
  readonly exit: number;
  /** One line for docs/errors.md: what it means and how to fix it. */
  readonly description: string;
}

export class FwError extends Error {
  readonly code: string;
  readonly status: number;
  readonly exit: number;
  /** Machine-readable detail (field errors, line numbers...). Safe to show to clients. */
  readonly details?: unknown;

  constructor(def: ErrorDefinition, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FwError';
    this.code = def.code;
    this.status = def.status;
    this.exit = def.exit;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

const registry = new Map<string, ErrorDefinition>();

/**
 * Declare an area's error codes. Returns one factory per code: `DataErrors.FW_ERR_DATA_EMPTY_FILE('x.csv: ...')`.
 * @example
 * export const E = defineErrors({ FW_ERR_DATA_EMPTY_FILE: { status: 400, exit: 2, description: '...' } });
 * throw E.FW_ERR_DATA_EMPTY_FILE(`${file}: the file is empty`);
 */
export function defineErrors<K extends string>(
  defs: Record<K, Omit<ErrorDefinition, 'code'>>,
): Record<K, (message: string, details?: unknown, cause?: unknown) => FwError> & { defs: Record<K, ErrorDefinition> } {
  const out = {} as Record<K, (message: string, details?: unknown, cause?: unknown) => FwError>;
  const full = {} as Record<K, ErrorDefinition>;
  for (const code of Object.keys(defs) as K[]) {
    if (!/^FW_ERR_[A-Z0-9]+_[A-Z0-9_]+$/.test(code)) throw new Error(`error code ${code} does not match FW_ERR_<AREA>_<WHAT>`);
    if (registry.has(code)) throw new Error(`error code ${code} is defined twice`);
    const def: ErrorDefinition = { code, ...defs[code] };
    registry.set(code, def);
    full[code] = def;
    out[code] = (message: string, details?: unknown, cause?: unknown) =>
      new FwError(def, message, details, cause === undefined ? undefined : { cause });
  }
  return Object.assign(out, { defs: full });
}

export function allErrorDefinitions(): ErrorDefinition[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function isFwError(e: unknown): e is FwError {
  return e instanceof FwError;
}

/** Errors every area may raise. */
export const CoreErrors = defineErrors({
  FW_ERR_CORE_INVALID_ARGUMENT: { status: 400, exit: 2, description: 'A command-line option or API argument has the wrong type or value; the message names it and the rule.' },
  FW_ERR_CORE_NOT_FOUND: { status: 404, exit: 4, description: 'The named object (file, run, model, version) does not exist.' },
  FW_ERR_CORE_CONFLICT: { status: 409, exit: 5, description: 'The operation conflicts with the current state (already exists, wrong state).' },
  FW_ERR_CORE_IO: { status: 500, exit: 1, description: 'A file could not be read or written; the message names the path and the OS error.' },
  FW_ERR_CORE_INTERNAL: { status: 500, exit: 1, description: 'A bug in forewarn. Please report it with the command you ran.' },
});
