import { pino, type Logger } from 'pino';

/** Structured logs go to stderr (stdout stays for command output). Level from FOREWARN_LOG_LEVEL, default 'info'. */
export function createLogger(name: string, level = process.env.FOREWARN_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { name } }, pino.destination(2));
}

export type { Logger };
