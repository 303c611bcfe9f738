import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { toTimeMs } from '../features/online/values.js';
import { CoreErrors } from '../core/errors.js';
import { StreamErrors } from './errors.js';

/** A history row as a stream event: the table name plus the row's columns (the FleetEvent shape). */
export type ReplayEvent = { table: string } & Record<string, unknown>;

export interface ReplayTable {
  table: string;
  path: string;
}

/**
 * `table=path` or a path whose name says the table (PdM_telemetry.csv → telemetry, maint.csv → maint).
 */
export function replayTable(arg: string): ReplayTable {
  const eq = arg.indexOf('=');
  if (eq > 0) return { table: arg.slice(0, eq), path: arg.slice(eq + 1) };
  const m = /^(?:PdM_)?([A-Za-z][A-Za-z0-9_]*)\.csv$/i.exec(basename(arg));
  if (!m) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`${arg}: cannot tell the table from the file name; write table=${arg}`);
  return { table: m[1]!.toLowerCase(), path: arg };
}

/**
 * CSV history → one event-time ordered sequence (static tables first, then by time; a stable merge keeps each
 * file's order within an instant). Numbers are read as numbers (JavaScript's shortest round-trip form parses back to
 * the same double the offline table reads), other fields stay text. `from`/`to` (epoch ms, [from, to)) cut a
 * period; static rows are always kept.
 */
export async function readReplay(tables: ReplayTable[], opts: { timeColumn?: string; from?: number; to?: number } = {}): Promise<ReplayEvent[]> {
  const timeCol = opts.timeColumn ?? 'datetime';
  const timed: { t: number; seq: number; e: ReplayEvent }[] = [];
  const statics: ReplayEvent[] = [];
  let seq = 0;
  for (const { table, path } of tables) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw code === 'ENOENT' ? CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path} does not exist`) : CoreErrors.FW_ERR_CORE_IO(`could not read ${path}: ${(e as Error).message}`, undefined, e);
    }
    let rows: Record<string, string>[];
    try {
      rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
    } catch (e) {
      throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`${path}: not a readable CSV file (${(e as Error).message})`);
    }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const e: ReplayEvent = { table };
      for (const [k, v] of Object.entries(r)) e[k] = v !== '' && k !== timeCol && Number.isFinite(Number(v)) ? Number(v) : v;
      if (!(timeCol in r)) {
        statics.push(e);
        continue;
      }
      const t = toTimeMs(r[timeCol]);
      if (t === null) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`${path} line ${i + 2}: ${timeCol} ${JSON.stringify(r[timeCol])} is not a timestamp`);
      if ((opts.from !== undefined && t < opts.from) || (opts.to !== undefined && t >= opts.to)) continue;
      timed.push({ t, seq: seq++, e });
    }
  }
  timed.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return [...statics, ...timed.map((x) => x.e)];
}
