/**
 * Machine models, components, sensors and errors of the simulated fleet, named exactly as in Azure PdM
 * (model1..model4, comp1..comp4, error1..error5, volt/rotate/pressure/vibration).
 *
 * The numbers are chosen so the fleet statistics resemble the Azure PdM data set (volt ≈ 170 ± 15, rotate ≈ 446 ± 53,
 * pressure ≈ 101 ± 11, vibration ≈ 40.4 ± 5 across the fleet (checked against the real 20-machine Q1 subset:
 * 171.0 ± 15.6, 446.0 ± 53.3, 100.6 ± 10.7, 40.3 ± 5.3); ~7.6 failures per machine-year, comp2 failing most
 * and comp3 least), not to reproduce it.
 */

export const MODELS = ['model1', 'model2', 'model3', 'model4'] as const;
export type MachineModel = (typeof MODELS)[number];
export const COMPONENTS = ['comp1', 'comp2', 'comp3', 'comp4'] as const;
export type Component = (typeof COMPONENTS)[number];
export const ERRORS = ['error1', 'error2', 'error3', 'error4', 'error5'] as const;
export type ErrorId = (typeof ERRORS)[number];
export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type Sensor = (typeof SENSORS)[number];

/** Fleet mix like Azure PdM (16/17/35/32 machines of model1..4 per 100). */
export const MODEL_SHARE: Record<MachineModel, number> = { model1: 0.16, model2: 0.17, model3: 0.35, model4: 0.32 };

export interface ModelSpec {
  /** Sensor means of a new machine of this model (volt, rotate, pressure, vibration). */
  baseline: [number, number, number, number];
  /** Failure-rate multiplier: older designs (model1/2) in this fleet fail a little less often but age worse. */
  hazard: number;
  /** Extra hazard per year of machine age. */
  agingPerYear: number;
}

// Baselines overlap between models on purpose (set so the fleet means, excursions included and no wear term, match
// the real subset; see physics.ts): the per-machine offset (MACHINE_OFFSET_SD) is larger than the gaps
// between models, so no global threshold on a raw sensor separates "degrading" from "just a high-reading machine".
export const MODEL_SPECS: Record<MachineModel, ModelSpec> = {
  model1: { baseline: [171.33, 450.47, 99.05, 40.04], hazard: 0.85, agingPerYear: 0.045 },
  model2: { baseline: [168.83, 453.47, 100.05, 39.64], hazard: 0.95, agingPerYear: 0.04 },
  model3: { baseline: [170.03, 449.47, 100.25, 40.04], hazard: 1.0, agingPerYear: 0.03 },
  model4: { baseline: [169.83, 447.47, 99.85, 40.14], hazard: 1.1, agingPerYear: 0.025 },
};

/**
 * Hourly measurement noise (sd) of a new machine; grows with age (NOISE_AGING_PER_YEAR). With the excursions
 * (EXCURSIONS_PER_YEAR) on top, the hourly SD over normal hours comes out at the real subset's 15.5 / 52.2 / 10.5 / 5.2.
 */
export const SENSOR_NOISE_SD: [number, number, number, number] = [13.5, 45.0, 9.0, 4.45];
export const NOISE_AGING_PER_YEAR = 0.01;
/** Between-machine spread of baselines (sd), the reason raw thresholds don't transfer across machines. */
export const MACHINE_OFFSET_SD: [number, number, number, number] = [4.0, 14.0, 3.0, 1.4];

/**
 * Which sensors a failing component shifts, in which direction, and how far (in units of that sensor's hourly noise
 * SD), measured on the real Azure PdM subset (bench/sim-realism/measure.ts, docs/simulator-and-profile.md): over the
 * ~2 days before a failure the mean hourly reading of the failing component's sensor sits this far from the
 * machine's normal level (comp1 volt +1.26, comp2 rotate −1.45, comp3 pressure +2.26, comp4 vibration +1.94), with a
 * weaker shift on a second sensor (comp1 rotate −0.2, comp2 vibration +0.35, comp3 vibration +0.31, comp4 rotate
 * −0.51). The hourly spread does not change during a precursor (measured ratio 0.94–1.27), so the shift is additive.
 * Those figures are in units of the real hourly SD over normal hours, which includes the excursions below; the peaks
 * here are in units of the (smaller) hourly noise SD, so they are the measured shifts × ~1.05.
 */
export interface WearEffect {
  sensor: number;
  direction: 1 | -1;
  /** Shift at full strength, in noise sds. */
  peak: number;
  secondary?: { sensor: number; direction: 1 | -1; peak: number };
}
export const WEAR_EFFECTS: Record<Component, WearEffect> = {
  comp1: { sensor: 0, direction: 1, peak: 1.32, secondary: { sensor: 1, direction: -1, peak: 0.21 } },
  comp2: { sensor: 1, direction: -1, peak: 1.53, secondary: { sensor: 3, direction: 1, peak: 0.37 } },
  comp3: { sensor: 2, direction: 1, peak: 2.41, secondary: { sensor: 3, direction: 1, peak: 0.33 } },
  comp4: { sensor: 3, direction: 1, peak: 2.06, secondary: { sensor: 1, direction: -1, peak: 0.54 } },
};

/**
 * Excursions with no failure after them, per sensor (volt, rotate, pressure, vibration) per machine-year. The real
 * subset shows them in every machine: a single sensor steps to about the level a failing component would push it to
 * (same direction, same size), holds ~2 days and steps back, with no error, maintenance or failure around it —
 * 6.4 volt-up, 6.1 rotate-down, 4.4 pressure-up and 4.4 vibration-up excursions per machine-year (runs of ≥ 12 h with
 * the 24 h mean ≥ 3 SDs off the normal level; none the other way). They are why a sensor shift alone is a poor alarm
 * on real data, and they are most of the slow variation of its rolling means (24 h means vary 0.28–0.33 hourly SDs
 * over normal hours, where independent noise gives 0.20). The rates here are higher than those counts because a
 * weaker excursion can stay under the detection threshold: with these rates the same count on a simulated
 * 100-machine year gives about the real figures (bench/sim-realism/measure.ts).
 */
export const EXCURSIONS_PER_YEAR: [number, number, number, number] = [7.6, 6.9, 4.1, 4.0];

/** Relative failure propensity per component (Azure PdM: comp2 259, comp1 192, comp4 179, comp3 131 failures). */
export const COMPONENT_HAZARD: Record<Component, number> = { comp1: 1.0, comp2: 1.35, comp3: 0.68, comp4: 0.93 };

/**
 * The error codes a failing component logs the day before it fails, as measured on the Azure PdM event tables
 * (2015, 100 machines): comp1 → error1 (183 of 192 failures, 24 h before), comp2 → error2 and error3 (256 of 259
 * each), comp3 → error4 (128 of 131), comp4 → error5 (179 of 179). Outside those, errors are background noise
 * unrelated to any sensor shift.
 */
export const COMPONENT_ERRORS: Record<Component, readonly ErrorId[]> = {
  comp1: ['error1'], comp2: ['error2', 'error3'], comp3: ['error4'], comp4: ['error5'],
};
/** The first announcing code of each component (kept for callers that want one code per component). */
export const COMPONENT_ERROR: Record<Component, ErrorId> = { comp1: 'error1', comp2: 'error2', comp3: 'error4', comp4: 'error5' };

/**
 * Background errors by code (shares of those not within 24 h before a failure in the Azure PdM event tables:
 * error1 813, error2 717, error3 565, error4 580, error5 176 of 2,851).
 */
export const BACKGROUND_ERROR_SHARE: [number, number, number, number, number] = [0.285, 0.251, 0.198, 0.204, 0.062];
