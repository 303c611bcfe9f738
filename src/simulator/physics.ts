/**
 * The physics of one simulated machine, in hours since the first telemetry reading (hour 0 = start date 06:00,
 * like Azure PdM). Failures and maintenance happen at the daily 06:00 inspection (hour multiple of 24), errors at
 * any hour, telemetry every hour.
 *
 * Component life: each installed component draws a latent time to failure from a Weibull distribution (shape > 1:
 * wear-out) whose scale shrinks with the component's propensity, the machine model and the machine's age. The
 * component is replaced at whichever comes first: that failure (reactive maintenance, recorded at the same
 * timestamp as the failure, as in Azure PdM) or its next scheduled maintenance (fixed interval per component, phase
 * per machine). Replacement resets wear.
 *
 * Precursors: in the `lead` hours before the latent failure the component degrades along d(t) = (elapsed/lead)^γ
 * (gradual, convex, never a step), shifting its sensor (WEAR_EFFECTS) by strength·d(t)·peak noise-sds and raising
 * its error code at rate strength·d(t)·peakRate per hour. Lead times vary (median ~4 days, 1–14), and ~15 % of
 * failures have weak precursors (strength 0.05–0.3), so some failures are nearly unpredictable. A component
 * replaced on schedule during its degradation shows a partial precursor and then recovers: a "near miss" that
 * keeps single-sensor alarms honest. On top of this, a mild wear term grows with time since installation.
 */
import { Rng, deriveSeed } from '../core/random.js';
import {
  COMPONENTS, COMPONENT_ERROR, COMPONENT_HAZARD, ERRORS, MACHINE_OFFSET_SD, MODELS, MODEL_SHARE, MODEL_SPECS,
  NOISE_AGING_PER_YEAR, SENSOR_NOISE_SD, WEAR_EFFECTS, type Component, type ErrorId, type MachineModel,
} from './machine-models.js';

export interface PhysicsParams {
  /** Days between scheduled maintenance of the same component. */
  maintenanceIntervalDays: number;
  /** A scheduled maintenance is skipped when the component was replaced less than this many days ago. */
  maintenanceSkipDays: number;
  /** Weibull shape of the time to failure (> 1: wear-out). */
  weibullShape: number;
  /** Weibull scale (days) for a component of propensity 1 on a new machine of hazard 1. */
  weibullScaleDays: number;
  /** Background errors per machine-year, spread over error1..error5. */
  backgroundErrorsPerYear: number;
  /** Expected precursor errors of a full-strength degradation. */
  precursorErrors: number;
  /** Fraction of failures whose precursors are weak. */
  weakPrecursorShare: number;
  /** Mild wear shift (noise sds) after one full maintenance interval in service. */
  ageWearPeak: number;
}

export const DEFAULT_PHYSICS: PhysicsParams = {
  maintenanceIntervalDays: 90,
  maintenanceSkipDays: 15,
  weibullShape: 1.4,
  weibullScaleDays: 193,
  backgroundErrorsPerYear: 18,
  precursorErrors: 3,
  weakPrecursorShare: 0.15,
  ageWearPeak: 0.25,
};

/** One installed component, from installation to replacement. */
export interface Episode {
  comp: number;
  /** Hour of installation (replacement of the previous one). */
  installed: number;
  /** Hour of replacement (exclusive end of this component's service). */
  ended: number;
  /** Hour at which it would fail; equals `ended` when it did fail, later when maintenance came first. */
  latentFailure: number;
  failed: boolean;
  endReason: 'failure' | 'scheduled';
  /** Hours of visible degradation before the latent failure. */
  lead: number;
  gamma: number;
  /** 0..~1.3: how strongly the degradation shows in sensors and errors. */
  strength: number;
}

export interface MachinePlan {
  machineID: number;
  model: MachineModel;
  age: number;
  /** Sensor baselines of this machine (volt, rotate, pressure, vibration). */
  baseline: Float64Array;
  /** Hourly noise sd of this machine. */
  noiseSd: Float64Array;
  /** Per component, its episodes in time order. */
  episodes: Episode[][];
  /** Events, each sorted by (hour, code). Hours may be negative for maintenance in the warm-up period. */
  failures: { hour: number; comp: number }[];
  maint: { hour: number; comp: number }[];
  errors: { hour: number; error: number }[];
  /** Seed of this machine's telemetry noise stream (independent of the event stream). */
  noiseSeed: number;
}

export interface PlanWindow {
  /** Telemetry hours [0, hours). */
  hours: number;
  /** Maintenance is recorded from hour -warmupHours (Azure PdM's log starts 7 months before its telemetry). */
  warmupHours: number;
}

function pickModel(rng: Rng): MachineModel {
  let u = rng.next();
  for (const m of MODELS) {
    u -= MODEL_SHARE[m];
    if (u < 0) return m;
  }
  return 'model4';
}

function poisson(rng: Rng, rate: number): number {
  // Knuth's method: rates here are far below 1 per hour, so this loops once or twice.
  const limit = Math.exp(-rate);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Degradation level in [0, 1] of an episode at hour t (0 outside its visible window). */
export function degradation(e: Episode, t: number): number {
  if (t < e.installed || t >= e.ended) return 0;
  const start = e.latentFailure - e.lead;
  if (t <= start) return 0;
  const x = Math.min(1, (t - start) / e.lead);
  return Math.pow(x, e.gamma);
}

/** Plan one machine's life: model, age, baselines, component episodes, failures, maintenance and errors. */
export function planMachine(seed: number, machineID: number, window: PlanWindow, p: PhysicsParams = DEFAULT_PHYSICS): MachinePlan {
  const rng = new Rng(deriveSeed(seed, machineID));
  const noiseSeed = deriveSeed(seed ^ 0x5eed5eed, machineID);
  const model = pickModel(rng);
  const age = rng.int(21);
  const spec = MODEL_SPECS[model];
  const baseline = new Float64Array(4);
  const noiseSd = new Float64Array(4);
  for (let s = 0; s < 4; s++) {
    baseline[s] = spec.baseline[s]! + MACHINE_OFFSET_SD[s]! * rng.normal();
    noiseSd[s] = SENSOR_NOISE_SD[s]! * (1 + NOISE_AGING_PER_YEAR * age);
  }
  const machineHazard = spec.hazard * (1 + spec.agingPerYear * age);
  const interval = p.maintenanceIntervalDays;
  const firstDay = -Math.ceil(window.warmupHours / 24);
  const endDay = Math.ceil(window.hours / 24);

  const episodes: Episode[][] = [];
  const failures: MachinePlan['failures'] = [];
  const maint: MachinePlan['maint'] = [];
  const errors: MachinePlan['errors'] = [];
  for (let c = 0; c < COMPONENTS.length; c++) {
    const comp = COMPONENTS[c] as Component;
    const phase = rng.int(interval);
    const scale = p.weibullScaleDays / (COMPONENT_HAZARD[comp] * machineHazard);
    const list: Episode[] = [];
    // The component in place when the record starts was installed some time in the previous interval.
    let installedDay = firstDay - 1 - rng.int(interval);
    while (installedDay < endDay) {
      const ttfDays = Math.max(2, Math.ceil(scale * Math.pow(-Math.log(1 - rng.next()), 1 / p.weibullShape)));
      const latentDay = installedDay + ttfDays;
      // Next scheduled slot of this component after the skip window (slots: day ≡ phase mod interval).
      const earliest = installedDay + p.maintenanceSkipDays;
      const scheduledDay = earliest + ((((phase - earliest) % interval) + interval) % interval);
      const weak = rng.next() < p.weakPrecursorShare;
      const strength = weak ? 0.05 + 0.25 * rng.next() : 0.7 + 0.6 * rng.next();
      const lead = Math.round(24 * Math.min(14, Math.max(1, Math.exp(Math.log(4) + 0.5 * rng.normal()))));
      const gamma = 1.2 + 1.3 * rng.next();
      const failed = latentDay <= scheduledDay;
      const endDayOfEpisode = failed ? latentDay : scheduledDay;
      list.push({
        comp: c, installed: installedDay * 24, ended: endDayOfEpisode * 24, latentFailure: latentDay * 24,
        failed, endReason: failed ? 'failure' : 'scheduled', lead, gamma, strength,
      });
      const h = endDayOfEpisode * 24;
      if (h < window.hours) {
        if (failed && h >= 0) failures.push({ hour: h, comp: c });
        if (h >= -window.warmupHours) maint.push({ hour: h, comp: c });
      }
      installedDay = endDayOfEpisode;
    }
    episodes.push(list);
  }

  // Errors: a Poisson background over the telemetry window, plus each degradation's own error code.
  const bgRate = p.backgroundErrorsPerYear / 8760;
  const errorWeights = [0.22, 0.22, 0.2, 0.2, 0.16];
  for (let t = rng.exponential(bgRate); t < window.hours; t += rng.exponential(bgRate)) {
    let u = rng.next();
    let e = 0;
    while (e < errorWeights.length - 1 && (u -= errorWeights[e]!) >= 0) e++;
    errors.push({ hour: Math.floor(t), error: e });
  }
  for (const list of episodes) {
    for (const ep of list) {
      const from = Math.max(0, ep.installed, ep.latentFailure - ep.lead);
      const to = Math.min(window.hours, ep.ended);
      if (from >= to) continue;
      const peakRate = (p.precursorErrors * (ep.gamma + 1)) / ep.lead;
      const errorIndex = ERRORS.indexOf(COMPONENT_ERROR[COMPONENTS[ep.comp]!]);
      for (let t = from; t < to; t++) {
        const k = poisson(rng, ep.strength * peakRate * degradation(ep, t));
        // An error log records a code at most once per machine-hour (as in Azure PdM, where (datetime, machineID,
        // errorID) is unique), so a burst of k occurrences is one record.
        if (k > 0) errors.push({ hour: t, error: errorIndex });
      }
    }
  }
  const byTime = (a: { hour: number }, b: { hour: number }, ka: number, kb: number) => a.hour - b.hour || ka - kb;
  failures.sort((a, b) => byTime(a, b, a.comp, b.comp));
  maint.sort((a, b) => byTime(a, b, a.comp, b.comp));
  errors.sort((a, b) => byTime(a, b, a.error, b.error));
  // A background error can land in the same hour as the same code from a degradation: keep one record.
  dedupeInPlace(errors);
  return { machineID, model, age, baseline, noiseSd, episodes, failures, maint, errors, noiseSeed };
}

function dedupeInPlace(list: { hour: number; error: number }[]): void {
  let w = 0;
  for (let r = 0; r < list.length; r++) {
    if (w > 0 && list[w - 1]!.hour === list[r]!.hour && list[w - 1]!.error === list[r]!.error) continue;
    list[w++] = list[r]!;
  }
  list.length = w;
}

/**
 * Hour-by-hour telemetry of one machine. Readings must be drawn in hour order (the noise stream is sequential), which
 * is what both the batch writer (machine by machine) and the streaming mode (hour by hour, all machines) do, so both
 * produce the same numbers.
 */
export class TelemetryGenerator {
  private readonly rng: Rng;
  private readonly cursor: number[];
  private t = 0;
  readonly values = new Float64Array(4);

  constructor(private readonly plan: MachinePlan, private readonly p: PhysicsParams = DEFAULT_PHYSICS) {
    this.rng = new Rng(plan.noiseSeed);
    this.cursor = plan.episodes.map(() => 0);
  }

  /** Readings for the next hour, in `values` (volt, rotate, pressure, vibration). */
  next(): Float64Array {
    const t = this.t++;
    const v = this.values;
    const { baseline, noiseSd } = this.plan;
    for (let s = 0; s < 4; s++) v[s] = baseline[s]! + noiseSd[s]! * this.rng.normal();
    const intervalHours = this.p.maintenanceIntervalDays * 24;
    for (let c = 0; c < this.plan.episodes.length; c++) {
      const list = this.plan.episodes[c]!;
      let i = this.cursor[c]!;
      while (i < list.length - 1 && list[i]!.ended <= t) i++;
      this.cursor[c] = i;
      const ep = list[i]!;
      const fx = WEAR_EFFECTS[COMPONENTS[c]!];
      const wear = this.p.ageWearPeak * Math.min(1.5, (t - ep.installed) / intervalHours);
      const d = ep.strength * degradation(ep, t);
      v[fx.sensor] += fx.direction * noiseSd[fx.sensor]! * (fx.peak * d + wear);
      if (fx.secondary && d > 0) v[fx.secondary.sensor] += fx.secondary.direction * noiseSd[fx.secondary.sensor]! * fx.secondary.peak * d;
    }
    return v;
  }
}
