/**
 * The fleet as data: plan every machine, then expose its five Azure-PdM-shaped tables either in memory
 * (`simulateFleet`) or row by row in time order (`fleetEvents`, used by streaming mode).
 */
import { COMPONENTS, ERRORS, type Component, type ErrorId } from './machine-models.js';
import { planMachine, TelemetryGenerator, type MachinePlan } from './physics.js';
import { HourClock, resolveOptions, type ResolvedOptions, type SimulateOptions } from './options.js';
import { SimErrors } from './errors.js';

export interface FleetCounts {
  machines: number;
  telemetry: number;
  errors: number;
  maint: number;
  failures: number;
  failuresByComponent: Record<Component, number>;
  errorsById: Record<ErrorId, number>;
}

/** Ground truth the CSVs don't show: every installed component's life (for tests and label-quality studies). */
export interface EpisodeTruth {
  machineID: number;
  comp: Component;
  installed: string;
  ended: string;
  endReason: 'failure' | 'scheduled';
  /** Hours of visible degradation before the (latent) failure. */
  leadHours: number;
  /** Precursor strength (0.05–0.3 weak, 0.5–1.5 normal, mostly 0.85–1.15). */
  strength: number;
}

export interface FleetTables {
  machines: { machineID: number; model: string; age: number }[];
  telemetry: {
    datetime: string[];
    machineID: Int32Array;
    volt: Float64Array;
    rotate: Float64Array;
    pressure: Float64Array;
    vibration: Float64Array;
  };
  errors: { datetime: string; machineID: number; errorID: ErrorId }[];
  maint: { datetime: string; machineID: number; comp: Component }[];
  failures: { datetime: string; machineID: number; failure: Component }[];
}

export interface Fleet {
  options: ResolvedOptions;
  plans: MachinePlan[];
  clock: HourClock;
  hours: number;
}

/** Plan all machines (events only; telemetry is generated on demand). */
export function planFleet(options: SimulateOptions): Fleet {
  const o = resolveOptions(options);
  const hours = o.days * 24;
  const window = { hours, warmupHours: o.warmupDays * 24 };
  const plans: MachinePlan[] = [];
  for (let m = 1; m <= o.machines; m++) plans.push(planMachine(o.seed, m, window, o.physics));
  return { options: o, plans, clock: new HourClock(o.startMs), hours };
}

export function countFleet(fleet: Fleet): FleetCounts {
  const failuresByComponent = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  const errorsById = Object.fromEntries(ERRORS.map((e) => [e, 0])) as Record<ErrorId, number>;
  let errors = 0, maint = 0, failures = 0;
  for (const p of fleet.plans) {
    errors += p.errors.length;
    maint += p.maint.length;
    failures += p.failures.length;
    for (const f of p.failures) failuresByComponent[COMPONENTS[f.comp]!]++;
    for (const e of p.errors) errorsById[ERRORS[e.error]!]++;
  }
  return { machines: fleet.plans.length, telemetry: fleet.plans.length * fleet.hours, errors, maint, failures, failuresByComponent, errorsById };
}

/** Above this many telemetry rows the in-memory API refuses (≈ 40 bytes a row); writeFleet streams any size. */
export const MAX_IN_MEMORY_ROWS = 20_000_000;

/**
 * Simulate a fleet in memory: the five tables (rows in Azure PdM file order: by machineID, then time), counts, and
 * the ground-truth component episodes.
 * @example const { tables, counts } = simulateFleet({ machines: 10, days: 90, seed: 7 });
 */
export function simulateFleet(options: SimulateOptions): { tables: FleetTables; counts: FleetCounts; truth: EpisodeTruth[]; options: ResolvedOptions } {
  const o = resolveOptions(options);
  if (o.machines * o.days * 24 > MAX_IN_MEMORY_ROWS) {
    throw SimErrors.FW_ERR_SIM_TOO_LARGE(`machines × days × 24 = ${o.machines * o.days * 24} telemetry rows exceeds the in-memory limit of ${MAX_IN_MEMORY_ROWS}; use writeFleet (streams to disk)`);
  }
  const fleet = planFleet(options);
  const { plans, clock, hours } = fleet;
  const n = plans.length * hours;
  const tel: FleetTables['telemetry'] = {
    datetime: new Array<string>(n), machineID: new Int32Array(n),
    volt: new Float64Array(n), rotate: new Float64Array(n), pressure: new Float64Array(n), vibration: new Float64Array(n),
  };
  const tables: FleetTables = { machines: [], telemetry: tel, errors: [], maint: [], failures: [] };
  const truth: EpisodeTruth[] = [];
  let i = 0;
  for (const p of plans) {
    tables.machines.push({ machineID: p.machineID, model: p.model, age: p.age });
    const gen = new TelemetryGenerator(p, o.physics);
    for (let h = 0; h < hours; h++, i++) {
      const v = gen.next();
      tel.datetime[i] = clock.format(h);
      tel.machineID[i] = p.machineID;
      tel.volt[i] = v[0]!; tel.rotate[i] = v[1]!; tel.pressure[i] = v[2]!; tel.vibration[i] = v[3]!;
    }
    for (const e of p.errors) tables.errors.push({ datetime: clock.format(e.hour), machineID: p.machineID, errorID: ERRORS[e.error]! });
    for (const e of p.maint) tables.maint.push({ datetime: clock.format(e.hour), machineID: p.machineID, comp: COMPONENTS[e.comp]! });
    for (const e of p.failures) tables.failures.push({ datetime: clock.format(e.hour), machineID: p.machineID, failure: COMPONENTS[e.comp]! });
    for (const list of p.episodes) {
      for (const ep of list) {
        truth.push({
          machineID: p.machineID, comp: COMPONENTS[ep.comp]!, installed: clock.format(ep.installed), ended: clock.format(ep.ended),
          endReason: ep.endReason, leadHours: ep.lead, strength: ep.strength,
        });
      }
    }
  }
  return { tables, counts: countFleet(fleet), truth, options: o };
}
