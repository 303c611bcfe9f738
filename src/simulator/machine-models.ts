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

// Baselines overlap between models on purpose: the per-machine offset (MACHINE_OFFSET_SD) is larger than the gaps
// between models, so no global threshold on a raw sensor separates "degrading" from "just a high-reading machine".
export const MODEL_SPECS: Record<MachineModel, ModelSpec> = {
  model1: { baseline: [170.3, 455.7, 98.75, 39.9], hazard: 0.85, agingPerYear: 0.045 },
  model2: { baseline: [167.8, 458.7, 99.75, 39.5], hazard: 0.95, agingPerYear: 0.04 },
  model3: { baseline: [169, 454.7, 99.95, 39.9], hazard: 1.0, agingPerYear: 0.03 },
  model4: { baseline: [168.8, 452.7, 99.55, 40], hazard: 1.1, agingPerYear: 0.025 },
};

/** Hourly measurement noise (sd) of a new machine; grows with age (NOISE_AGING_PER_YEAR). */
export const SENSOR_NOISE_SD: [number, number, number, number] = [13.8, 48.0, 9.5, 4.5];
export const NOISE_AGING_PER_YEAR = 0.01;
/** Between-machine spread of baselines (sd), the reason raw thresholds don't transfer across machines. */
export const MACHINE_OFFSET_SD: [number, number, number, number] = [4.0, 14.0, 3.0, 1.4];

/**
 * Which sensor a wearing component pushes, in which direction, and how far at the moment of failure (in units of
 * that sensor's noise sd). comp1 (electrical) → volt up, comp2 (drive) → rotate down, comp3 (hydraulic) → pressure
 * up, comp4 (bearing) → vibration up. A secondary, weaker effect on a second sensor keeps the mapping realistic
 * (a failing bearing also slows rotation a little).
 */
export interface WearEffect {
  sensor: number;
  direction: 1 | -1;
  /** Peak shift at failure, in noise sds. */
  peak: number;
  secondary?: { sensor: number; direction: 1 | -1; peak: number };
}
export const WEAR_EFFECTS: Record<Component, WearEffect> = {
  comp1: { sensor: 0, direction: 1, peak: 1.5 },
  comp2: { sensor: 1, direction: -1, peak: 1.5 },
  comp3: { sensor: 2, direction: 1, peak: 1.6, secondary: { sensor: 0, direction: 1, peak: 0.3 } },
  comp4: { sensor: 3, direction: 1, peak: 1.5, secondary: { sensor: 1, direction: -1, peak: 0.3 } },
};

/** Relative failure propensity per component (Azure PdM: comp2 259, comp1 192, comp4 179, comp3 131 failures). */
export const COMPONENT_HAZARD: Record<Component, number> = { comp1: 1.0, comp2: 1.35, comp3: 0.68, comp4: 0.93 };

/** The error code each component's degradation raises; error5 is a fleet-wide nuisance error tied to nothing. */
export const COMPONENT_ERROR: Record<Component, ErrorId> = { comp1: 'error1', comp2: 'error2', comp3: 'error3', comp4: 'error4' };
