import type { Command } from 'commander';
import { userInfo } from 'node:os';
import type { Stores } from '../../stores/open-stores.js';

/** Shared by `runs` and `models`: plain-text tables, store options, and opening/closing the stores around an action. */

export interface StoreCliOptions {
  project?: string;
  store?: string;
  json?: boolean;
}

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--project <dir>', 'project folder with forewarn.yaml (store url from its `store:` section)')
    .option('--store <url>', 'store URL, e.g. sqlite:.forewarn/forewarn.db or postgres://user@host:5432/db (overrides the project)')
    .option('--json', 'print JSON instead of a table');
}

export async function withStores<T>(opts: StoreCliOptions, fn: (s: Stores) => Promise<T>): Promise<T> {
  // The store drivers (Kysely, pg, better-sqlite3, the S3 client) load only when a command opens them (see main.ts).
  const { openStores } = await import('../../stores/open-stores.js');
  const stores = await openStores({ project: opts.project, store: opts.store });
  try {
    return await fn(stores);
  } finally {
    await stores.close();
  }
}

/** Who is acting when --actor is not given: FOREWARN_ACTOR, else the OS user. */
export function defaultActor(): string {
  if (process.env.FOREWARN_ACTOR) return process.env.FOREWARN_ACTOR;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const useColor = (): boolean => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
export const highlight = (s: string): string => (useColor() ? `\u001b[1;33m${s}\u001b[0m` : s);
const visibleLength = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Left-aligned columns separated by two spaces; cells longer than `maxWidth` are cut with an ellipsis. */
export function renderTable(headers: string[], rows: string[][], maxWidth = 48): string {
  const cut = (s: string) => (visibleLength(s) > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const cells = rows.map((r) => r.map((c) => cut(c ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => visibleLength(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - visibleLength(c)))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** Compact number for tables: up to 6 significant digits. */
export function fmtNum(v: number | undefined | null): string {
  if (v === undefined || v === null) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

export function fmtDuration(start: string, end: string | null): string {
  const ms = Date.parse(end ?? new Date().toISOString()) - Date.parse(start);
  if (!Number.isFinite(ms)) return '';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.round(ms / 60_000)}m`;
}
