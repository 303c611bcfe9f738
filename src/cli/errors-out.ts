import { isFwError } from '../core/errors.js';

/**
 * The one place a CLI failure becomes text and an exit code. FwErrors print their code and message (which names
 * the field / file / line and the rule); anything else is a bug: one line, no stack trace unless FOREWARN_DEBUG=1.
 */
export function reportCliError(e: unknown): number {
  if (isFwError(e)) {
    process.stderr.write(`error ${e.code}: ${e.message}\n`);
    if (process.env.FOREWARN_DEBUG) process.stderr.write(`${e.stack}\n`);
    return e.exit;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error FW_ERR_CORE_INTERNAL: ${msg.split('\n')[0]}\n(this is a bug in forewarn; run again with FOREWARN_DEBUG=1 for details)\n`);
  if (process.env.FOREWARN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return 1;
}

/** Wrap a commander action so errors become clean messages and exit codes. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<unknown> | unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      process.exitCode = reportCliError(e);
    }
  };
}
