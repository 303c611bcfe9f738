import { SimErrors } from './errors.js';
import { DEFAULT_PHYSICS, type PhysicsParams } from './physics.js';
import { resolveDrift, type DriftOptions, type ResolvedDrift } from './drift.js';

export interface SimulateOptions {
  /** Number of machines (machineID 1..machines). */
  machines: number;
  /** Days of hourly telemetry (days × 24 rows per machine). */
  days: number;
  /** Seed: same options + seed → byte-identical files. */
  seed: number;
  /** First telemetry day, YYYY-MM-DD (UTC); readings start at 06:00:00 as in Azure PdM. Default 2015-01-01. */
  start?: string;
  /** Days of maintenance history recorded before the first telemetry reading. Default 214 (Azure PdM: 2014-06-01). */
  warmupDays?: number;
  /** Line ending of the CSV files: '\n' (default, like the Kaggle telemetry file) or '\r\n'. */
  lineEnding?: '\n' | '\r\n';
  /** Overrides of the physics constants (tests, what-if fleets). */
  physics?: Partial<PhysicsParams>;
  /** Drift scenarios from a date (drift.ts): sensor calibration, a new machine model, changed failure physics. */
  drift?: DriftOptions;
}

export interface ResolvedOptions {
  machines: number;
  days: number;
  seed: number;
  start: string;
  /** Epoch ms of hour 0 (start date 06:00:00 UTC). */
  startMs: number;
  warmupDays: number;
  lineEnding: '\n' | '\r\n';
  physics: PhysicsParams;
  drift?: ResolvedDrift;
}

const MAX_MACHINES = 100_000;
const MAX_DAYS = 36_500;

function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`${name}: expected an integer, got ${JSON.stringify(v) ?? String(v)}`);
  if (v < min || v > max) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`${name}: expected an integer in [${min}, ${max}], got ${v}`);
  return v;
}

/** Check every option (type, range, date format) and fill defaults; errors name the option and the rule. */
export function resolveOptions(o: SimulateOptions): ResolvedOptions {
  if (o === null || typeof o !== 'object') throw SimErrors.FW_ERR_SIM_INVALID_OPTION('options: expected an object with machines, days and seed');
  const machines = int('machines', o.machines, 1, MAX_MACHINES);
  const days = int('days', o.days, 1, MAX_DAYS);
  const seed = int('seed', o.seed, 0, 0xffffffff);
  const warmupDays = int('warmupDays', o.warmupDays ?? 214, 0, MAX_DAYS);
  const start = o.start ?? '2015-01-01';
  const m = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(start) : null;
  if (!m) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`start: expected a date YYYY-MM-DD, got ${JSON.stringify(start)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const startMs = Date.UTC(y, mo - 1, d, 6);
  const check = new Date(startMs);
  if (y < 1970 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`start: ${start} is not a calendar date between 1970 and 9999`);
  }
  if (startMs - warmupDays * 86_400_000 < 0) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`warmupDays: ${warmupDays} days before ${start} is before 1970`);
  if (startMs + days * 86_400_000 > Date.UTC(9999, 11, 31)) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`days: ${start} + ${days} days goes past year 9999`);
  const lineEnding = o.lineEnding ?? '\n';
  if (lineEnding !== '\n' && lineEnding !== '\r\n') throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`lineEnding: expected "\\n" or "\\r\\n"`);
  const physics = { ...DEFAULT_PHYSICS };
  for (const [k, v] of Object.entries(o.physics ?? {})) {
    if (!(k in DEFAULT_PHYSICS)) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`physics.${k}: unknown parameter (known: ${Object.keys(DEFAULT_PHYSICS).join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`physics.${k}: expected a finite number ≥ 0, got ${String(v)}`);
    (physics as Record<string, number>)[k] = v;
  }
  if (physics.maintenanceIntervalDays < 1 || !Number.isInteger(physics.maintenanceIntervalDays)) {
    throw SimErrors.FW_ERR_SIM_INVALID_OPTION('physics.maintenanceIntervalDays: expected an integer ≥ 1');
  }
  if (physics.weibullShape <= 0 || physics.weibullScaleDays <= 0) throw SimErrors.FW_ERR_SIM_INVALID_OPTION('physics.weibullShape and weibullScaleDays must be > 0');
  const drift = resolveDrift(o.drift, startMs, machines);
  return { machines, days, seed, start, startMs, warmupDays, lineEnding, physics, ...(drift ? { drift } : {}) };
}

/** "YYYY-MM-DD HH:MM:SS" for hour offsets from hour 0, memoised (the same few thousand stamps repeat per machine). */
export class HourClock {
  private readonly cache = new Map<number, string>();
  constructor(private readonly startMs: number) {}
  format(hour: number): string {
    let s = this.cache.get(hour);
    if (s === undefined) {
      const iso = new Date(this.startMs + hour * 3_600_000).toISOString();
      s = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      this.cache.set(hour, s);
    }
    return s;
  }
}
