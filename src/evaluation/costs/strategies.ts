import { EvalErrors } from '../errors.js';
import type { Costs } from '../config.js';
import type { EventIndex } from './event-index.js';
import type { EpisodeOutcome } from './episodes.js';

/**
 * Expected maintenance cost of three strategies over the same machines, period and failures.
 *
 * - run_to_failure: never maintain; every failure costs missedFailure.
 * - fixed_interval: each component of each machine gets planned maintenance every `intervalDays`. Real fleets
 *   stagger their calendars, so machine m (in sorted entity order, of M) has its first visit at
 *   start + ((m + ½) / M) · interval and then every interval up to its last evaluated row: over a short test
 *   window the fleet still gets ≈ span / interval visits per machine. All components share the machine's calendar
 *   (one visit per component per date). A failure is prevented only if a visit falls in [f − horizon, f); the
 *   calendar does not reset after a failure. Prevented failures cost nothing beyond the visits; the rest cost
 *   missedFailure.
 * - model: see episodes.ts. Each visit costs plannedMaintenance; a false-alarm episode adds falseAlarm; missed
 *   failures cost missedFailure. The model's episodes are component-agnostic (an alert for comp2 "catches" a comp3
 *   failure), which flatters multiclass models slightly; the per-class confusion matrix shows whether the
 *   component was right.
 */

export type StrategyName = 'run_to_failure' | 'fixed_interval' | 'model' | string;

export interface StrategyCost {
  strategy: StrategyName;
  failuresCaught: number;
  failuresMissed: number;
  /** Maintenance visits (model: visits triggered by alert episodes; fixed interval: scheduled visits). */
  maintenanceActions: number;
  falseAlarms: number;
  totalCost: number;
  costPerMachineMonth: number;
  /** Positive = cheaper than run-to-failure, per machine-month. */
  savingsPerMachineMonth: number;
}

export function checkCosts(c: Costs): void {
  for (const k of ['missedFailure', 'falseAlarm', 'plannedMaintenance'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] >= 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`costs.${k}: expected a finite number ≥ 0, got ${c[k]}`);
  }
}

function row(strategy: string, caught: number, missed: number, actions: number, falseAlarms: number, total: number, mm: number, rtfTotal: number): StrategyCost {
  return {
    strategy,
    failuresCaught: caught,
    failuresMissed: missed,
    maintenanceActions: actions,
    falseAlarms,
    totalCost: total,
    costPerMachineMonth: total / mm,
    savingsPerMachineMonth: (rtfTotal - total) / mm,
  };
}

export function runToFailureCost(index: EventIndex, costs: Costs): StrategyCost {
  const total = index.nFailures * costs.missedFailure;
  return row('run_to_failure', 0, index.nFailures, 0, 0, total, index.machineMonths, total);
}

export function modelCost(index: EventIndex, outcome: EpisodeOutcome, costs: Costs, name = 'model'): StrategyCost {
  const total = modelTotalCost(outcome, costs);
  return row(name, outcome.caught.length, outcome.missed, outcome.visits, outcome.falseAlarms, total, index.machineMonths, index.nFailures * costs.missedFailure);
}

/** Total cost only (for threshold sweeps). */
export function modelTotalCost(outcome: EpisodeOutcome, costs: Costs): number {
  return outcome.visits * costs.plannedMaintenance + outcome.falseAlarms * costs.falseAlarm + outcome.missed * costs.missedFailure;
}

/**
 * @param components failure components each machine has (multiclass: the failure classes). Failures whose class
 *   is not among them (or binary labels, components = [undefined]) are matched against every component's calendar.
 */
export function fixedIntervalCost(index: EventIndex, costs: Costs, intervalDays: number, components: readonly (string | undefined)[]): StrategyCost {
  if (!(Number.isFinite(intervalDays) && intervalDays > 0)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`fixedInterval.days: expected a positive number, got ${intervalDays}`);
  const I = intervalDays * 24 * 3600 * 1000;
  const h = index.horizonMs;
  const nComp = Math.max(1, components.length);
  let visits = 0;
  let caught = 0;
  const M = index.entities.length;
  index.entities.forEach((e, m) => {
    // Machine m's calendar: start + offset_m + k·I (k ≥ 0), offsets staggered evenly over one interval.
    const first = e.start + ((m + 0.5) / M) * I;
    const perComponent = first > e.end ? 0 : Math.floor((e.end - first) / I) + 1;
    visits += perComponent * nComp;
    for (const f of e.failures) {
      // Is there a visit first + k·I (0 ≤ k < perComponent) in [f − h, f)?
      const kMin = Math.max(0, Math.ceil((f.time - h - first) / I));
      const kMax = Math.min(perComponent - 1, Math.ceil((f.time - first) / I) - 1);
      if (kMin <= kMax) caught++;
    }
  });
  const missed = index.nFailures - caught;
  const total = visits * costs.plannedMaintenance + missed * costs.missedFailure;
  return row('fixed_interval', caught, missed, visits, 0, total, index.machineMonths, index.nFailures * costs.missedFailure);
}
