import type { MetricId, MetricValues } from './metric-ids.js';
import type { PerClassResult } from './metric-set.js';
import type { ConfusionMatrix } from './metrics/confusion.js';
import type { CalibrationCurve } from './metrics/calibration.js';
import type { ThresholdChoice } from './threshold/choose.js';
import type { StrategyCost } from './costs/strategies.js';
import type { LeadTimeSummary } from './lead-time.js';
import type { GatesOutcome } from './gates.js';
import type { FeatureImportance } from '../models/learner.js';
import type { ThresholdRule } from './baselines/threshold-rule.js';
import type { Costs } from './config.js';
import type { BootstrapResult } from './bootstrap.js';

/**
 * What `evaluate` returns and what is written as metrics JSON. Plain JSON types only (no typed arrays, no
 * Infinity/NaN), so JSON.stringify → parse round-trips exactly and the tracking store can keep it as-is.
 */

export const EVALUATION_FORMAT = 'forewarn-evaluation';
/** 2: gate results in the registry's one shape (`gates.gates[].name/message`; version 1 had `gates.results[].gate/reason`). */
export const EVALUATION_FORMAT_VERSION = 2;

export interface TaskInfo {
  kind: 'binary' | 'multiclass';
  classes: string[];
  /** The no-failure class used for alerts, or null (multiclass without one). */
  noneClass: string | null;
  /** Binary positive class, else null. */
  positiveClass: string | null;
  nTest: number;
  nValidation: number | null;
  testClassCounts: number[];
}

export interface CurvePoints { x: number[]; y: number[] }

export interface BaselineResult {
  name: string;
  description: string;
  metrics: MetricValues;
  rule?: ThresholdRule;
  /** Primary metric of the model vs this baseline: true when the model is strictly better. null = not comparable. */
  beatenByModel: boolean | null;
}

export interface CostSection {
  costs: Costs;
  horizonHours: number;
  machineMonths: number;
  fixedIntervalDays: number;
  table: StrategyCost[];
  /** Model false-alarm episodes whose horizon ran past the data (a failure might have followed unobserved). */
  censoredEpisodes: number;
  /** Model cost per machine-month at a grid of thresholds (the chosen one included), on test and validation. */
  sweep: CostSweepPoint[];
}

export interface CostSweepPoint {
  threshold: number;
  /** Cost per machine-month (basis 'events') or per-row proxy cost per 1000 rows (basis 'rows'). */
  cost: number;
  set: 'test' | 'validation';
  basis: 'events' | 'rows';
}

export interface EvaluationResult {
  format: typeof EVALUATION_FORMAT;
  formatVersion: number;
  meta: Record<string, string | number | boolean | null>;
  task: TaskInfo;
  primaryMetric: MetricId;
  threshold: ThresholdChoice & { chosenOn: 'validation' | 'none' };
  /** Test metrics after the threshold was applied (probability metrics do not depend on it). */
  metrics: MetricValues;
  perClass: PerClassResult[];
  confusion: ConfusionMatrix;
  curves: {
    /** Which score the curves are for: the positive class (binary) or failure-vs-none. Null when neither exists. */
    scoreLabel: string | null;
    roc: CurvePoints | null;
    pr: CurvePoints | null;
    calibration: CalibrationCurve | null;
  };
  baselines: BaselineResult[];
  beatsBaselines: boolean | null;
  /** Paired bootstrap interval of the primary metric and of its difference to each baseline (null when off / n/a). */
  bootstrap: BootstrapResult | null;
  /** One plain-language sentence about the baselines. */
  verdict: string;
  costs: CostSection | null;
  /** Per-row proxy cost sweep when no failure events were given (see threshold/choose.ts). */
  rowCostSweep: CostSweepPoint[];
  leadTime: LeadTimeSummary | null;
  gates: GatesOutcome;
  /** Gates passed: the pipeline registers the model only when true. */
  passed: boolean;
  featureImportance: FeatureImportance[];
  warnings: string[];
}
