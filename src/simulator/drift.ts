/**
 * Drift scenarios for the simulated fleet, each switched on from a date and deterministic by seed:
 * - calibration: one sensor's readings are multiplied by `gain` and shifted by `offset` (a mis-calibrated sensor:
 *   the machines are unchanged, what is measured moves) on every machine from `from` on;
 * - newModel: from `from`, the last `count` machines are replaced by units of a new model ("model5"): their sensor
 *   baselines move to the new model's and machines.csv lists them as model5 (the table holds the current model);
 * - concept: failure physics change from `from`: degradations of components failing after that date show
 *   `precursorScale` of their usual strength in the sensors and precursor errors are thinned by the same factor, so
 *   the same failures come with less warning (what a model learned about precursors stops holding).
 * Applied after planning (plans) and after each telemetry reading (generator wrapper), so the undrifted physics and
 * its random streams stay exactly as they are: the same seed gives the same fleet up to `from`.
 */
import { Rng, deriveSeed } from '../core/random.js';
import { COMPONENT_ERROR, COMPONENTS, ERRORS, MODEL_SPECS } from './machine-models.js';
import { TelemetryGenerator, type MachinePlan, type PhysicsParams } from './physics.js';
import { SimErrors } from './errors.js';

export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type Sensor = (typeof SENSORS)[number];

/** Sensor means of the new model entering the fleet (volt, rotate, pressure, vibration): a higher-voltage, slower unit. */
export const NEW_MODEL = { name: 'model5', baseline: [182.0, 430.0, 103.0, 41.0] as const };

export interface DriftOptions {
  calibration?: { sensor: Sensor; from: string; gain?: number; offset?: number };
  newModel?: { from: string; count: number };
  concept?: { from: string; precursorScale: number };
}

export interface ResolvedDrift {
  calibration?: { sensor: number; fromHour: number; gain: number; offset: number };
  newModel?: { fromHour: number; count: number };
  concept?: { fromHour: number; precursorScale: number };
}

function hourOf(what: string, date: unknown, startMs: number): number {
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`${what}: expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`${what}: ${date} is not a calendar date`);
  // Readings start at 06:00 of the start day; a drift "from D" applies from the first reading at or after D 00:00.
  return Math.max(0, Math.ceil((ms - startMs) / 3_600_000));
}

function finite(what: string, v: unknown, ok: (x: number) => boolean, rule: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`${what}: expected ${rule}, got ${String(v)}`);
  return v;
}

export function resolveDrift(d: DriftOptions | undefined, startMs: number, machines: number): ResolvedDrift | undefined {
  if (!d) return undefined;
  if (typeof d !== 'object') throw SimErrors.FW_ERR_SIM_INVALID_OPTION('drift: expected an object with calibration, newModel and/or concept');
  const out: ResolvedDrift = {};
  if (d.calibration) {
    const c = d.calibration;
    const sensor = SENSORS.indexOf(c.sensor);
    if (sensor < 0) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`drift.calibration.sensor: expected one of ${SENSORS.join(', ')}, got ${JSON.stringify(c.sensor)}`);
    const gain = finite('drift.calibration.gain', c.gain ?? 1, (x) => x > 0, 'a number > 0');
    const offset = finite('drift.calibration.offset', c.offset ?? 0, () => true, 'a finite number');
    if (gain === 1 && offset === 0) throw SimErrors.FW_ERR_SIM_INVALID_OPTION('drift.calibration: give a gain ≠ 1 or an offset ≠ 0 (otherwise nothing drifts)');
    out.calibration = { sensor, fromHour: hourOf('drift.calibration.from', c.from, startMs), gain, offset };
  }
  if (d.newModel) {
    const count = finite('drift.newModel.count', d.newModel.count, (x) => Number.isInteger(x) && x >= 1 && x <= machines, `an integer in [1, ${machines}] (the fleet size)`);
    out.newModel = { fromHour: hourOf('drift.newModel.from', d.newModel.from, startMs), count };
  }
  if (d.concept) {
    const precursorScale = finite('drift.concept.precursorScale', d.concept.precursorScale, (x) => x >= 0 && x !== 1, 'a number ≥ 0 other than 1');
    out.concept = { fromHour: hourOf('drift.concept.from', d.concept.from, startMs), precursorScale };
  }
  return out;
}

/** Per replaced machine: how far its sensor means move (new model's mean − its old model's mean). */
const replacedShift = new WeakMap<MachinePlan, number[]>();

/** Plan-level drift (new model, concept): mutates the plans after planning, deterministically by seed. */
export function applyPlanDrift(plans: MachinePlan[], drift: ResolvedDrift | undefined, seed: number): void {
  if (!drift) return;
  if (drift.newModel) {
    for (const p of plans.slice(plans.length - drift.newModel.count)) {
      replacedShift.set(p, NEW_MODEL.baseline.map((b, s) => b - MODEL_SPECS[p.model].baseline[s]!));
      (p as { model: string }).model = NEW_MODEL.name;
    }
  }
  if (drift.concept) {
    const { fromHour, precursorScale } = drift.concept;
    for (const p of plans) {
      const rng = new Rng(deriveSeed(seed ^ 0xc0ffee, p.machineID));
      for (const list of p.episodes) {
        for (const ep of list) {
          if (ep.latentFailure < fromHour) continue;
          ep.strength *= precursorScale;
          // Thin this degradation's precursor errors by the same factor.
          const code = ERRORS.indexOf(COMPONENT_ERROR[COMPONENTS[ep.comp]!]);
          const lo = ep.latentFailure - ep.lead, hi = ep.ended;
          p.errors = p.errors.filter((e) => e.error !== code || e.hour < lo || e.hour >= hi || rng.next() < precursorScale);
        }
      }
    }
  }
}

/** A telemetry generator with the reading-level drift (calibration, new-model baselines) applied. */
export function telemetryGenerator(plan: MachinePlan, physics: PhysicsParams, drift: ResolvedDrift | undefined): { next(): Float64Array } {
  const gen = new TelemetryGenerator(plan, physics);
  // A replaced unit keeps the machine's own offset from its old model's mean and takes the new model's mean.
  const shift = replacedShift.get(plan);
  const nm = shift ? drift?.newModel : undefined;
  const cal = drift?.calibration;
  if (!cal && !nm) return gen;
  let t = 0;
  return {
    next() {
      const v = gen.next();
      const h = t++;
      if (shift && h >= nm!.fromHour) for (let s = 0; s < 4; s++) v[s] += shift[s]!;
      if (cal && h >= cal.fromHour) v[cal.sensor] = v[cal.sensor]! * cal.gain + cal.offset;
      return v;
    },
  };
}
