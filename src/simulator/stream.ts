/**
 * Streaming mode: the same events as the batch files, merged into one time-ordered sequence, the way a gateway
 * would forward them. Order: machine records first (they have no time), then warm-up maintenance, then for each
 * hour: telemetry (by machine), errors, failures, maintenance (each by machine, then code). A failure precedes the
 * reactive maintenance recorded at the same timestamp.
 */
import { COMPONENTS, ERRORS, type Component, type ErrorId, type MachineModel } from './machine-models.js';
import { telemetryGenerator } from './drift.js';
import { planFleet } from './fleet.js';
import type { SimulateOptions } from './options.js';

export type FleetEvent =
  | { table: 'machines'; machineID: number; model: MachineModel; age: number }
  | { table: 'telemetry'; datetime: string; machineID: number; volt: number; rotate: number; pressure: number; vibration: number }
  | { table: 'errors'; datetime: string; machineID: number; errorID: ErrorId }
  | { table: 'failures'; datetime: string; machineID: number; failure: Component }
  | { table: 'maint'; datetime: string; machineID: number; comp: Component };

/** All events of a fleet in time order (synchronous generator: pull as fast or as slowly as you like). */
export function* fleetEvents(options: SimulateOptions): Generator<FleetEvent> {
  const fleet = planFleet(options);
  const { plans, clock, hours, options: o } = fleet;
  for (const p of plans) yield { table: 'machines', machineID: p.machineID, model: p.model, age: p.age };

  const mi = plans.map(() => 0);
  const ei = plans.map(() => 0);
  const fi = plans.map(() => 0);
  // Warm-up maintenance (negative hours): merge by time across machines.
  const firstHour = plans.reduce((min, p) => Math.min(min, p.maint[0]?.hour ?? 0), 0);
  for (let h = firstHour; h < 0; h += 24) {
    for (let m = 0; m < plans.length; m++) {
      const list = plans[m]!.maint;
      while (mi[m]! < list.length && list[mi[m]!]!.hour <= h) {
        const e = list[mi[m]!++]!;
        yield { table: 'maint', datetime: clock.format(e.hour), machineID: plans[m]!.machineID, comp: COMPONENTS[e.comp]! };
      }
    }
  }
  const gens = plans.map((p) => telemetryGenerator(p, o.physics, o.drift));
  for (let h = 0; h < hours; h++) {
    const dt = clock.format(h);
    for (let m = 0; m < plans.length; m++) {
      const v = gens[m]!.next();
      yield { table: 'telemetry', datetime: dt, machineID: plans[m]!.machineID, volt: v[0]!, rotate: v[1]!, pressure: v[2]!, vibration: v[3]! };
    }
    for (let m = 0; m < plans.length; m++) {
      const list = plans[m]!.errors;
      while (ei[m]! < list.length && list[ei[m]!]!.hour === h) {
        yield { table: 'errors', datetime: dt, machineID: plans[m]!.machineID, errorID: ERRORS[list[ei[m]!++]!.error]! };
      }
    }
    for (let m = 0; m < plans.length; m++) {
      const list = plans[m]!.failures;
      while (fi[m]! < list.length && list[fi[m]!]!.hour === h) {
        yield { table: 'failures', datetime: dt, machineID: plans[m]!.machineID, failure: COMPONENTS[list[fi[m]!++]!.comp]! };
      }
    }
    for (let m = 0; m < plans.length; m++) {
      const list = plans[m]!.maint;
      while (mi[m]! < list.length && list[mi[m]!]!.hour === h) {
        yield { table: 'maint', datetime: dt, machineID: plans[m]!.machineID, comp: COMPONENTS[list[mi[m]!++]!.comp]! };
      }
    }
  }
}

/** One NDJSON line (no newline). Key order follows the Azure column order, after `table`. */
export function eventJson(e: FleetEvent): string {
  return JSON.stringify(e);
}
