/**
 * Write the five tables to a directory. Telemetry is produced machine by machine and written in ~1 MB chunks, so
 * memory stays flat for any fleet size; each file goes to a temp file beside its target, is fsynced and renamed,
 * so readers never see half a file.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite, atomicWriteStream } from '../core/atomic-write.js';
import { CoreErrors } from '../core/errors.js';
import { COMPONENTS, ERRORS } from './machine-models.js';
import { telemetryGenerator } from './drift.js';
import { countFleet, planFleet, type FleetCounts } from './fleet.js';
import { eventLine, headerLine, machineLine, TABLE_FILES, telemetryLine, type TableName } from './csv-format.js';
import type { SimulateOptions } from './options.js';

export interface WriteFleetResult {
  dir: string;
  files: Record<TableName, string>;
  counts: FleetCounts;
}

export interface WriteFleetHooks {
  /** Called after each machine's telemetry is written (done, total machines). */
  onMachine?: (done: number, total: number) => void;
}

const CHUNK = 1 << 20;

/** Stream a table into its file (atomically) in ~1 MB writes, so memory stays flat for any fleet size. */
async function streamToFile(path: string, produce: (emit: (s: string) => Promise<void>) => Promise<void>): Promise<void> {
  await atomicWriteStream(path, async (write) => {
    let buf = '';
    await produce(async (s) => {
      buf += s;
      if (buf.length >= CHUNK) {
        const out = buf;
        buf = '';
        await write(out);
      }
    });
    if (buf.length > 0) await write(buf);
  });
}

/**
 * Simulate and write PdM_telemetry.csv, PdM_errors.csv, PdM_maint.csv, PdM_failures.csv, PdM_machines.csv to `dir`.
 * @example await writeFleet({ machines: 100, days: 365, seed: 42 }, 'data/sim')
 */
export async function writeFleet(options: SimulateOptions, dir: string, hooks: WriteFleetHooks = {}): Promise<WriteFleetResult> {
  const fleet = planFleet(options);
  const { plans, clock, hours, options: o } = fleet;
  const nl = o.lineEnding;
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw CoreErrors.FW_ERR_CORE_IO(`could not create output directory ${dir}: ${(e as Error).message}`, undefined, e);
  }
  const files = Object.fromEntries(Object.entries(TABLE_FILES).map(([t, f]) => [t, join(dir, f)])) as Record<TableName, string>;

  await streamToFile(files.telemetry, async (emit) => {
    await emit(headerLine('telemetry') + nl);
    let done = 0;
    for (const p of plans) {
      const gen = telemetryGenerator(p, o.physics, o.drift);
      // One string per machine-day keeps concatenation cheap and chunk writes large.
      for (let h = 0; h < hours; ) {
        let day = '';
        const end = Math.min(hours, h + 24);
        for (; h < end; h++) day += telemetryLine(clock.format(h), p.machineID, gen.next()) + nl;
        await emit(day);
      }
      hooks.onMachine?.(++done, plans.length);
    }
  });

  const lines = (table: TableName, rows: string[]): string => [headerLine(table), ...rows].join(nl) + nl;
  await atomicWrite(files.errors, lines('errors', plans.flatMap((p) => p.errors.map((e) => eventLine(clock.format(e.hour), p.machineID, ERRORS[e.error]!)))));
  await atomicWrite(files.maint, lines('maint', plans.flatMap((p) => p.maint.map((e) => eventLine(clock.format(e.hour), p.machineID, COMPONENTS[e.comp]!)))));
  await atomicWrite(files.failures, lines('failures', plans.flatMap((p) => p.failures.map((e) => eventLine(clock.format(e.hour), p.machineID, COMPONENTS[e.comp]!)))));
  await atomicWrite(files.machines, lines('machines', plans.map((p) => machineLine(p.machineID, p.model, p.age))));
  return { dir, files, counts: countFleet(fleet) };
}
