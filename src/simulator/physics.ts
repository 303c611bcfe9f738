/**
 * The physics of one simulated machine, in hours since the first telemetry reading (hour 0 = start date 06:00,
 * like Azure PdM). Failures and maintenance happen at the daily 06:00 inspection (hour multiple of 24), errors at
 * any hour, telemetry every hour.
 *
 * Component life: each installed component draws a latent time to failure: a failure-free month
 * (`failureFreeDays`, as measured on Azure PdM) plus a Weibull time (shape > 1: wear-out) whose scale shrinks with the
 * component's propensity, the machine model and the machine's age; while it is in service, a failure of another
 * component of the machine takes it along with chance `jointFailureChance`. The component is replaced at whichever
 * comes first: that failure (reactive maintenance, recorded at the same timestamp as the failure, as in Azure PdM) or
 * its next scheduled maintenance (fixed interval per component, phase per machine).
 *
 * Precursors follow what the real Azure PdM subset shows (bench/sim-realism/measure.ts; figures in
 * docs/simulator-and-profile.md): about `precursorLeadHours` (~2 days) before the latent failure the failing
 * component's sensor moves to a shifted level within a few hours (`rise`) and stays there until the replacement
 * (WEAR_EFFECTS: which sensor, which way, how far), and the component logs its announcing error code(s)
 * (COMPONENT_ERRORS) `errorLeadHours` (24 h) before the failure. Strength varies ±15 % from failure to failure; a
 * small share of failures (`weakPrecursorShare`) announce themselves weakly (strength 0.05–0.3, errors mostly
 * missing), so a few stay nearly unpredictable. A component replaced on schedule inside its precursor window shows
 * the shift and then recovers: a "near miss". Each sensor also has excursions with no failure after them
 * (EXCURSIONS_PER_YEAR): the same step, held ~2 days, as the real telemetry shows several times a machine-year, so a
 * sensor shift alone is as poor an alarm as on real data and rolling means vary as much. The wear term with time
 * since installation is kept as a what-if knob (`ageWearPeak`); the real data show none (no visible shift before a
 * scheduled replacement), so it defaults to 0.
 */
import { Rng, deriveSeed } from '../core/random.js';
import {
  BACKGROUND_ERROR_SHARE, COMPONENTS, COMPONENT_ERRORS, COMPONENT_HAZARD, ERRORS, EXCURSIONS_PER_YEAR, MACHINE_OFFSET_SD,
  MODELS, MODEL_SHARE, MODEL_SPECS, NOISE_AGING_PER_YEAR, SENSOR_NOISE_SD, WEAR_EFFECTS, type Component, type MachineModel,
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
  /**
   * Days after installation before the Weibull life starts: a new component does not fail at once. Azure PdM (2015,
   * 100 machines): 0 failures in 39,516 component-days 0–15 days after a replacement, 2 in 29,079 at 15–30 days,
   * then 4–13 per 1,000 component-days.
   */
  failureFreeDays: number;
  /**
   * Chance that a component in service fails together with another component of its machine when that one fails
   * (same timestamp). Azure PdM: 84 of 761 failures share their timestamp with another component's failure.
   */
  jointFailureChance: number;
  /** Background errors per machine-year, spread over error1..error5. */
  backgroundErrorsPerYear: number;
  /**
   * Probability that a failing component logs each of its announcing error codes (COMPONENT_ERRORS) the day before
   * (capped at 1; scaled by the strength of a weak precursor). Azure PdM: 0.95–1.0 per component.
   */
  precursorErrors: number;
  /** Fraction of failures whose precursors are weak. */
  weakPrecursorShare: number;
  /** Mild wear shift (noise sds) after one full maintenance interval in service. */
  ageWearPeak: number;
  /** Mean hours between the onset of the sensor shift and the failure (Azure PdM: ~46–48). */
  precursorLeadHours: number;
  /** Hours before the failure at which the announcing errors are logged (Azure PdM: 24). */
  errorLeadHours: number;
}

export const DEFAULT_PHYSICS: PhysicsParams = {
  maintenanceIntervalDays: 90,
  maintenanceSkipDays: 15,
  weibullShape: 1.4,
  // With the failure-free month, this scale keeps Azure PdM's ~761 failures per 100 machine-years (comp mix as there).
  weibullScaleDays: 118,
  failureFreeDays: 30,
  jointFailureChance: 0.05,
  backgroundErrorsPerYear: 28.5,
  precursorErrors: 0.98,
  weakPrecursorShare: 0.03,
  ageWearPeak: 0,
  precursorLeadHours: 48,
  errorLeadHours: 24,
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
  /** Hours from the onset of the shift to its full level. */
  rise: number;
  /** 0..~1.5: how strongly the degradation shows in sensors and errors. */
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
  /** Per sensor, excursions with no failure after them, in time order: hours [from, to), shift in noise sds. */
  excursions: Excursion[][];
}

export interface Excursion {
  from: number;
  to: number;
  shift: number;
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

/** Degradation level in [0, 1] of an episode at hour t (0 outside its visible window). */
export function degradation(e: Episode, t: number): number {
  if (t < e.installed || t >= e.ended) return 0;
  const start = e.latentFailure - e.lead;
  if (t < start) return 0;
  return Math.min(1, (t - start + 1) / e.rise);
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
  // Days on which an already planned component of this machine fails, ascending (joint failures, below).
  const failDays: number[] = [];
  for (let c = 0; c < COMPONENTS.length; c++) {
    const comp = COMPONENTS[c] as Component;
    const phase = rng.int(interval);
    const scale = p.weibullScaleDays / (COMPONENT_HAZARD[comp] * machineHazard);
    const list: Episode[] = [];
    const newFailDays: number[] = [];
    // The component in place when the record starts was installed some time in the previous interval.
    let installedDay = firstDay - 1 - rng.int(interval);
    let nextFail = 0; // first index of failDays not before this episode's failure-free period ends
    while (installedDay < endDay) {
      const ttfDays = Math.max(2, p.failureFreeDays + Math.ceil(scale * Math.pow(-Math.log(1 - rng.next()), 1 / p.weibullShape)));
      let latentDay = installedDay + ttfDays;
      // Next scheduled slot of this component after the skip window (slots: day ≡ phase mod interval).
      const earliest = installedDay + p.maintenanceSkipDays;
      const scheduledDay = earliest + ((((phase - earliest) % interval) + interval) % interval);
      // Joint failures: when another component of the machine fails while this one is in service (past its
      // failure-free period), this one may fail with it, as 1 in 9 Azure PdM failures share their timestamp.
      while (nextFail < failDays.length && failDays[nextFail]! <= installedDay + p.failureFreeDays) nextFail++;
      for (let i = nextFail; i < failDays.length && failDays[i]! < Math.min(latentDay, scheduledDay + 1); i++) {
        if (rng.next() < p.jointFailureChance) { latentDay = failDays[i]!; break; }
      }
      const weak = rng.next() < p.weakPrecursorShare;
      const strength = weak ? 0.05 + 0.25 * rng.next() : Math.min(1.5, Math.max(0.5, 1 + 0.15 * rng.normal()));
      const L = p.precursorLeadHours;
      const lead = Math.round(Math.min(1.5 * L, Math.max(0.5 * L, L + 2.5 * rng.normal())));
      const rise = 1 + rng.int(4);
      const failed = latentDay <= scheduledDay;
      const endDayOfEpisode = failed ? latentDay : scheduledDay;
      list.push({
        comp: c, installed: installedDay * 24, ended: endDayOfEpisode * 24, latentFailure: latentDay * 24,
        failed, endReason: failed ? 'failure' : 'scheduled', lead, rise, strength,
      });
      if (failed) newFailDays.push(endDayOfEpisode);
      const h = endDayOfEpisode * 24;
      if (h < window.hours) {
        if (failed && h >= 0) failures.push({ hour: h, comp: c });
        if (h >= -window.warmupHours) maint.push({ hour: h, comp: c });
      }
      installedDay = endDayOfEpisode;
    }
    episodes.push(list);
    failDays.push(...newFailDays);
    failDays.sort((a, b) => a - b);
  }

  // Errors: a Poisson background over the telemetry window, plus each degradation's announcing code(s) the day
  // before the (latent) failure, when the component is still in service then.
  const bgRate = p.backgroundErrorsPerYear / 8760;
  for (let t = rng.exponential(bgRate); t < window.hours; t += rng.exponential(bgRate)) {
    let u = rng.next();
    let e = 0;
    while (e < BACKGROUND_ERROR_SHARE.length - 1 && (u -= BACKGROUND_ERROR_SHARE[e]!) >= 0) e++;
    errors.push({ hour: Math.floor(t), error: e });
  }
  for (const list of episodes) {
    for (const ep of list) {
      const h = ep.latentFailure - p.errorLeadHours;
      // A weak precursor (strength < 0.5) mostly logs nothing; a normal one logs at the measured rate.
      const logged = Math.min(1, p.precursorErrors * (ep.strength < 0.5 ? ep.strength : 1));
      for (const code of COMPONENT_ERRORS[COMPONENTS[ep.comp]!]) {
        // Drawn for every episode (in or out of the window) so one machine's events don't depend on the window.
        const u = rng.next();
        if (u < logged && h >= 0 && h < window.hours && h >= ep.installed && h < ep.ended) errors.push({ hour: h, error: ERRORS.indexOf(code) });
      }
    }
  }
  const byTime = (a: { hour: number }, b: { hour: number }, ka: number, kb: number) => a.hour - b.hour || ka - kb;
  failures.sort((a, b) => byTime(a, b, a.comp, b.comp));
  maint.sort((a, b) => byTime(a, b, a.comp, b.comp));
  errors.sort((a, b) => byTime(a, b, a.error, b.error));
  // A background error can land in the same hour as the same code from a degradation: keep one record.
  dedupeInPlace(errors);
  const excursions = planExcursions(deriveSeed(seed ^ 0x0e0c0e0c, machineID), window.hours, p.precursorLeadHours);
  return { machineID, model, age, baseline, noiseSd, episodes, failures, maint, errors, noiseSeed, excursions };
}

/**
 * Excursions of each sensor: a Poisson process of steps in the direction and of the size a failing component pushes
 * that sensor (±15 %), each held about as long as a precursor. Drawn from their own stream, so changing their rate
 * leaves failures, maintenance and errors as they were.
 */
function planExcursions(seed: number, hours: number, holdHours: number): Excursion[][] {
  const rng = new Rng(seed);
  const out: Excursion[][] = [];
  for (let s = 0; s < 4; s++) {
    const fx = Object.values(WEAR_EFFECTS).find((w) => w.sensor === s)!;
    const rate = EXCURSIONS_PER_YEAR[s]! / 8760;
    const list: Excursion[] = [];
    // Start before hour 0 so the first hours can be inside an excursion, like any other hour.
    let t = -2 * holdHours + (rate > 0 ? rng.exponential(rate) : Infinity);
    while (t < hours) {
      const len = Math.max(6, Math.round(holdHours + 2.5 * rng.normal()));
      const shift = fx.direction * fx.peak * Math.min(1.5, Math.max(0.5, 1 + 0.15 * rng.normal()));
      const from = Math.floor(t);
      if (from + len > 0) list.push({ from, to: from + len, shift });
      t = from + len + rng.exponential(rate);
    }
    out.push(list);
  }
  return out;
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
  private readonly excursionCursor = [0, 0, 0, 0];

  constructor(private readonly plan: MachinePlan, private readonly p: PhysicsParams = DEFAULT_PHYSICS) {
    this.rng = new Rng(plan.noiseSeed);
    this.cursor = plan.episodes.map(() => 0);
  }

  /** Readings for the next hour, in `values` (volt, rotate, pressure, vibration). */
  next(): Float64Array {
    const t = this.t++;
    const v = this.values;
    const { baseline, noiseSd } = this.plan;
    for (let s = 0; s < 4; s++) {
      v[s] = baseline[s]! + noiseSd[s]! * this.rng.normal();
      const list = this.plan.excursions[s]!;
      let i = this.excursionCursor[s]!;
      while (i < list.length && list[i]!.to <= t) i++;
      this.excursionCursor[s] = i;
      if (i < list.length && list[i]!.from <= t) v[s] += noiseSd[s]! * list[i]!.shift;
    }
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
