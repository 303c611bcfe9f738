import { EvalErrors } from './errors.js';
import { isFwError } from '../core/errors.js';
import { METRIC_IDS, type MetricValues } from './metric-ids.js';
import { defaultEvaluationConfig, type EvaluationConfig, type Costs } from './config.js';
import { checkLabels, checkProba } from './metrics/validate.js';
import { operatingPoints, rocCurve, prCurve, thinCurve } from './metrics/ranking.js';
import { calibrationCurve } from './metrics/calibration.js';
import { metricSet } from './metric-set.js';
import { chooseThreshold, type ThresholdChoice } from './threshold/choose.js';
import { decide, detectionLabels, detectionScores, detectionView, type DetectionView } from './threshold/detection.js';
import { buildEventIndex, type EventIndex, type FailureEvent } from './costs/event-index.js';
import { simulateEpisodes } from './costs/episodes.js';
import { fixedIntervalCost, modelCost, modelTotalCost, runToFailureCost, checkCosts, type StrategyCost } from './costs/strategies.js';
import { leadTimeSummary } from './lead-time.js';
import { majorityBaseline, classCounts, type BaselinePredictions } from './baselines/majority.js';
import { thresholdRuleBaseline } from './baselines/threshold-rule.js';
import { evaluateGates } from './gates.js';
import { leakWarning, singleFeatureLeaks, type SingleFeatureLeak } from './baselines/leak-check.js';
import { bootstrapPrimary, type PredictionsForBootstrap } from './bootstrap.js';
import { EVALUATION_FORMAT, EVALUATION_FORMAT_VERSION, type BaselineResult, type CostSection, type CostSweepPoint, type EvaluationResult } from './result.js';
import type { Dataset, RowMatrix } from '../models/dataset.js';
import type { FeatureImportance } from '../models/learner.js';

/**
 * Honest evaluation of one model on held-out data: the threshold is chosen on VALIDATION and applied unchanged to
 * TEST; baselines are fitted on TRAIN; costs compare the model with run-to-failure and calendar maintenance over
 * the same machines and failures; gates decide whether the model may be registered.
 */

export interface PredictionSet {
  /** Class index per row. */
  y: Int32Array;
  /** Row-major rows × classes probabilities. */
  proba: Float64Array;
  /** Per-row entity and prediction time (epoch ms): needed for event costs and lead times. */
  entity?: ArrayLike<string | number>;
  time?: Float64Array;
}

export interface EvaluateInput {
  classes: readonly string[];
  test: PredictionSet;
  /** Where the threshold is chosen. Without it the policy falls back to argmax, with a warning. */
  validation?: PredictionSet;
  /** Train rows (features + labels) and the test features, for the baselines. Same feature order in both. */
  baselineData?: { train: Dataset; test: RowMatrix | Pick<Dataset, 'columns' | 'nRows'> };
  /** Failure events for event labels: cost and lead-time analysis. Rows' entity/time come from the prediction sets. */
  events?: {
    horizonMs: number;
    test: { failures: readonly FailureEvent[]; machineMonths?: number };
    validation?: { failures: readonly FailureEvent[]; machineMonths?: number };
  };
  featureImportance?: readonly FeatureImportance[];
  config?: EvaluationConfig;
  /** Seed of the bootstrap resampling (pass the project seed). Default 42. */
  seed?: number;
  /** Free-form facts for the report header (run id, model kind, dataset). */
  meta?: Record<string, string | number | boolean | null>;
}

function checkSet(s: PredictionSet | undefined, K: number, what: string): number {
  if (!s || typeof s !== 'object') throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}: expected {y, proba}, got ${s}`);
  if (!(s.y instanceof Int32Array)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}.y: expected an Int32Array of class indices`);
  if (!(s.proba instanceof Float64Array)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}.proba: expected a Float64Array (rows × classes, row-major)`);
  const n = checkLabels(s.y, K, `${what}.y`);
  checkProba(s.proba, n, K, `${what}.proba`);
  if (s.time && s.time.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}.time: ${s.time.length} values for ${n} rows`);
  if (s.entity && s.entity.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`${what}.entity: ${s.entity.length} values for ${n} rows`);
  return n;
}

function eventIndexFor(s: PredictionSet, ev: { failures: readonly FailureEvent[]; machineMonths?: number }, horizonMs: number, what: string): EventIndex {
  if (!s.entity || !s.time) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`${what}: failure events were given but the rows have no entity/time; pass ${what}.entity and ${what}.time`);
  return buildEventIndex({ entity: s.entity, time: s.time, failures: ev.failures, horizonMs, machineMonths: ev.machineMonths });
}

function alertsAt(scores: Float64Array, t: number): Uint8Array {
  const a = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) a[i] = scores[i]! >= t ? 1 : 0;
  return a;
}

function sweepThresholds(chosen: number | null): number[] {
  const grid = new Set<number>();
  for (let i = 0; i <= 50; i++) grid.add(i / 50);
  if (chosen !== null && chosen <= 1) grid.add(chosen);
  return [...grid].sort((a, b) => a - b);
}

function rowProxyCost(y: Uint8Array, alerts: Uint8Array, c: Costs): number {
  let cost = 0;
  for (let i = 0; i < y.length; i++) {
    if (alerts[i]) cost += c.plannedMaintenance + (y[i] ? 0 : c.falseAlarm);
    else if (y[i]) cost += c.missedFailure;
  }
  return (cost / y.length) * 1000;
}

function eventMetrics(index: EventIndex, alerts: Uint8Array, cfg: EvaluationConfig, components: (string | undefined)[], name: string) {
  const outcome = simulateEpisodes(index, alerts);
  const cost = modelCost(index, outcome, cfg.costs, name);
  const fixed = fixedIntervalCost(index, cfg.costs, cfg.fixedInterval.days, components);
  const lead = leadTimeSummary(outcome.caught);
  const values: MetricValues = {
    cost_per_machine_month: cost.costPerMachineMonth,
    savings_vs_run_to_failure: cost.savingsPerMachineMonth,
    savings_vs_fixed_interval: fixed.costPerMachineMonth - cost.costPerMachineMonth,
    event_recall: index.nFailures === 0 ? null : outcome.caught.length / index.nFailures,
    lead_time_median_hours: lead.hours?.median ?? null,
  };
  return { outcome, cost, fixed, lead, values };
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

export function evaluate(input: EvaluateInput): EvaluationResult {
  if (!input || typeof input !== 'object') throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`evaluate: expected an input object, got ${input}`);
  if (!Array.isArray(input.classes) || input.classes.some((c) => typeof c !== 'string' || c.length === 0)) {
    throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`classes: expected an array of non-empty class names, got ${JSON.stringify(input.classes)}`);
  }
  const cfg = input.config ?? defaultEvaluationConfig();
  const classes = [...input.classes];
  const K = classes.length;
  if (K < 2) throw EvalErrors.FW_ERR_EVAL_SHAPE(`classes: expected at least 2 class names, got ${K}`);
  if (new Set(classes).size !== K) throw EvalErrors.FW_ERR_EVAL_SHAPE(`classes: names must be unique, got ${JSON.stringify(classes)}`);
  checkCosts(cfg.costs);
  const nTest = checkSet(input.test, K, 'test');
  const nVal = input.validation ? checkSet(input.validation, K, 'validation') : null;
  const warnings: string[] = [];
  const view: DetectionView = detectionView(classes, cfg.noneClass);

  // 1. Threshold on validation.
  let choice: ThresholdChoice = { policy: 'argmax', threshold: null, validationValue: null, validationPrecision: null, validationRecall: null };
  let chosenOn: 'validation' | 'none' = 'none';
  const policy = cfg.threshold;
  let valIndex: EventIndex | null = null;
  if (policy.policy !== 'argmax') {
    if (view.negIndex === null) {
      warnings.push(`threshold policy ${policy.policy} needs a no-failure class ("${cfg.noneClass}" is not among ${JSON.stringify(classes)}); predictions use argmax`);
    } else if (!input.validation) {
      warnings.push(`threshold policy ${policy.policy}: no validation predictions were given, and choosing a threshold on test would be dishonest; predictions use argmax`);
    } else {
      const v = input.validation;
      const vs = detectionScores(v.proba, nVal!, K, view);
      if (input.events?.validation) valIndex = eventIndexFor(v, input.events.validation, input.events.horizonMs, 'validation');
      const vi = valIndex;
      try {
        choice = chooseThreshold(policy, detectionLabels(v.y, view), vs, {
          costs: cfg.costs,
          eventCost: vi ? (t) => modelTotalCost(simulateEpisodes(vi, alertsAt(vs, t)), cfg.costs) : undefined,
        });
        chosenOn = 'validation';
      } catch (e) {
        // A validation slice without failures (or without normal rows) cannot place a threshold; say so and keep
        // evaluating with argmax rather than losing the whole evaluation.
        if (!(isFwError(e) && e.code === 'FW_ERR_EVAL_SINGLE_CLASS')) throw e;
        warnings.push(`${e.message}; predictions use argmax`);
      }
      if (policy.policy === 'min_cost' && !vi) warnings.push('min_cost used the per-row cost proxy (no validation failure events given); it ranks thresholds but over-counts failures that span many rows');
    }
  }

  // 2. Model metrics on test.
  const test = input.test;
  const decisions = decide(test.proba, nTest, K, view, choice.threshold);
  const model = metricSet(test.y, test.proba, decisions.pred, classes, view, 'model');
  warnings.push(...model.warnings);
  const metrics: MetricValues = { ...model.values };

  // 3. Curves.
  let curves: EvaluationResult['curves'] = { scoreLabel: null, roc: null, pr: null, calibration: null };
  const testScores = view.negIndex !== null ? detectionScores(test.proba, nTest, K, view) : null;
  const testDet = view.negIndex !== null ? detectionLabels(test.y, view) : null;
  if (testScores && testDet) {
    const op = operatingPoints(testDet, testScores);
    const scoreLabel = view.posIndex !== null ? `P(${classes[view.posIndex]})` : `1 − P(${classes[view.negIndex!]})`;
    const both = op.nPos > 0 && op.nNeg > 0;
    const rc = both ? rocCurve(op) : null;
    const pc = both ? prCurve(op) : null;
    const roc = rc ? thinCurve({ x: rc.fpr, y: rc.tpr }) : null;
    const pr = pc ? thinCurve({ x: pc.recall, y: pc.precision }) : null;
    curves = { scoreLabel, roc, pr, calibration: calibrationCurve(testDet, testScores, cfg.calibrationBins) };
  } else {
    // No failure-vs-none view: calibration of the top-label confidence (is "70% sure" right 70% of the time?).
    const conf = new Float64Array(nTest);
    const correct = new Uint8Array(nTest);
    for (let i = 0; i < nTest; i++) {
      conf[i] = test.proba[i * K + decisions.pred[i]!]!;
      correct[i] = decisions.pred[i] === test.y[i] ? 1 : 0;
    }
    curves = { scoreLabel: 'top-label confidence', roc: null, pr: null, calibration: calibrationCurve(correct, conf, cfg.calibrationBins) };
  }

  // 4. Events: costs and lead times.
  let costs: CostSection | null = null;
  let leadTime: EvaluationResult['leadTime'] = null;
  let testIndex: EventIndex | null = null;
  const components: (string | undefined)[] = view.posIndex !== null || view.negIndex === null ? [undefined] : classes.filter((_, k) => k !== view.negIndex);
  const table: StrategyCost[] = [];
  const rowCostSweep: CostSweepPoint[] = [];
  if (input.events) {
    if (view.negIndex === null) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`events: cost analysis needs a no-failure class; "${cfg.noneClass}" is not among ${JSON.stringify(classes)} (set evaluation.noneClass)`);
    testIndex = eventIndexFor(test, input.events.test, input.events.horizonMs, 'test');
    const em = eventMetrics(testIndex, decisions.alerts, cfg, components, 'model');
    Object.assign(metrics, em.values);
    leadTime = em.lead;
    table.push(runToFailureCost(testIndex, cfg.costs), em.fixed, em.cost);
    const sweep: CostSweepPoint[] = [];
    const ti = testIndex;
    const vs = valIndex && input.validation ? detectionScores(input.validation.proba, nVal!, K, view) : null;
    for (const t of sweepThresholds(choice.threshold)) {
      sweep.push({ threshold: t, cost: modelCost(ti, simulateEpisodes(ti, alertsAt(testScores!, t)), cfg.costs).costPerMachineMonth, set: 'test', basis: 'events' });
      if (valIndex && vs) {
        sweep.push({ threshold: t, cost: modelCost(valIndex, simulateEpisodes(valIndex, alertsAt(vs, t)), cfg.costs).costPerMachineMonth, set: 'validation', basis: 'events' });
      }
    }
    costs = {
      costs: { ...cfg.costs },
      horizonHours: input.events.horizonMs / 3_600_000,
      machineMonths: testIndex.machineMonths,
      fixedIntervalDays: cfg.fixedInterval.days,
      table,
      censoredEpisodes: em.outcome.censored,
      sweep,
    };
    if (testIndex.nFailures === 0) warnings.push('events: no failures in the test period; costs only measure false alarms');
  } else if (testScores && testDet) {
    for (const t of sweepThresholds(choice.threshold)) rowCostSweep.push({ threshold: t, cost: rowProxyCost(testDet, alertsAt(testScores, t), cfg.costs), set: 'test', basis: 'rows' });
  }

  // 5. Baselines.
  const baselines: BaselineResult[] = [];
  let preds: BaselinePredictions[] = [];
  let leaks: SingleFeatureLeak[] = [];
  const primary = cfg.primaryMetric;
  const modelPrimary = metrics[primary] ?? null;
  if (input.baselineData) {
    const { train, test: testX } = input.baselineData;
    if (train.classes.length !== K || train.classes.some((c, k) => c !== classes[k])) {
      throw EvalErrors.FW_ERR_EVAL_SHAPE(`baselineData.train.classes ${JSON.stringify(train.classes)} differ from classes ${JSON.stringify(classes)}`);
    }
    if (testX.nRows !== nTest) throw EvalErrors.FW_ERR_EVAL_SHAPE(`baselineData.test has ${testX.nRows} rows but test predictions have ${nTest}`);
    const counts = classCounts(train.y, K);
    const majIdx = counts.indexOf(Math.max(...counts));
    preds = [majorityBaseline(train.y, classes, nTest, view.negIndex)];
    leaks = singleFeatureLeaks(train, testX, test.y);
    const rule = thresholdRuleBaseline(train, testX, view.negIndex ?? majIdx);
    if (rule) preds.push(rule);
    else warnings.push('threshold-rule baseline: no numeric feature splits the training data (or train has a single class); only the majority baseline was computed');
    for (const b of preds) {
      const ms = metricSet(test.y, b.proba, b.pred, classes, view, `baseline ${b.name}`);
      const values: MetricValues = { ...ms.values };
      if (testIndex && b.alerts) {
        const em = eventMetrics(testIndex, b.alerts, cfg, components, `baseline: ${b.name}`);
        Object.assign(values, em.values);
        table.push(em.cost);
      }
      const bv = values[primary] ?? null;
      const beaten = modelPrimary === null || bv === null ? null : METRIC_IDS[primary].higherIsBetter ? modelPrimary > bv : modelPrimary < bv;
      baselines.push({ name: b.name, description: b.description, metrics: values, ...('rule' in b ? { rule: (b as { rule: BaselineResult['rule'] }).rule } : {}), beatenByModel: beaten });
    }
  } else {
    warnings.push('baselines: no training data given, so the model was not compared with the majority class or a single-feature rule');
  }
  // Any loss → false; otherwise any incomparable baseline (or none at all) → null; else true.
  const beatsBaselines = baselines.some((b) => b.beatenByModel === false) ? false : baselines.length === 0 || baselines.some((b) => b.beatenByModel === null) ? null : true;
  const label = METRIC_IDS[primary].label;
  let verdict: string;
  if (baselines.length === 0) verdict = 'Baselines were not computed, so there is no evidence the model beats trivial rules.';
  else if (beatsBaselines === null) verdict = `The model could not be compared with every baseline on ${label} (the metric is undefined for this data).`;
  else {
    const list = baselines.map((b) => `${b.name} ${fmt(b.metrics[primary])}`).join(', ');
    const lost = baselines.filter((b) => b.beatenByModel === false).map((b) => b.name);
    verdict = beatsBaselines
      ? `The model beats every baseline on ${label}: ${fmt(modelPrimary)} vs ${list}.`
      : `The model does NOT beat the ${lost.join(' and ')} baseline${lost.length > 1 ? 's' : ''} on ${label} (${fmt(modelPrimary)} vs ${list}); a trivial rule does as well, so this model adds no demonstrated value.`;
  }

  // A feature that alone predicts the label is almost always a leak: say it first, on the line the CLI prints.
  const leakText = leakWarning(leaks);
  if (leakText) {
    verdict = `${leakText} ${verdict}`;
    warnings.unshift(leakText);
  }

  // Paired bootstrap: is the margin over each baseline more than resampling noise?
  const boot = bootstrapPrimary({
    metric: primary,
    y: test.y,
    classes,
    view,
    model: { name: 'model', proba: test.proba, pred: decisions.pred } satisfies PredictionsForBootstrap,
    baselines: preds.map((p) => ({ name: p.name, proba: p.proba, pred: p.pred })),
    entity: test.entity,
    samples: cfg.bootstrap.samples,
    seed: input.seed ?? 42,
    confidence: cfg.bootstrap.confidence,
  });
  if (boot) {
    // Always say what was resampled: an interval over rows of correlated machines, or over one cluster, misleads.
    verdict += ` Bootstrap: ${Math.round(boot.confidence * 100)}% interval of ${label} [${fmt(boot.model.low)}, ${fmt(boot.model.high)}] resampling ${boot.unitNote}.`;
  }
  if (boot && beatsBaselines === true) {
    const unsure = boot.vsBaselines.filter((d) => d.diffLow <= 0);
    if (unsure.length) {
      verdict += ` But the margin over ${unsure.map((d) => `${d.name} (${Math.round(boot.confidence * 100)}% interval of the difference [${fmt(d.diffLow)}, ${fmt(d.diffHigh)}])`).join(' and ')} includes zero when resampling ${boot.unit === 'entity' ? 'machines' : 'rows'}: it may be noise.`;
    }
  }

  // A model can win the primary metric and still cost more than a trivial rule; say so rather than let the
  // headline hide it.
  if (primary !== 'cost_per_machine_month' && metrics.cost_per_machine_month != null) {
    const cheaper = baselines.filter((b) => b.metrics.cost_per_machine_month != null && b.metrics.cost_per_machine_month < metrics.cost_per_machine_month!);
    if (cheaper.length) verdict += ` Note: on expected cost per machine-month the ${cheaper.map((b) => b.name).join(' and ')} baseline${cheaper.length > 1 ? 's are' : ' is'} cheaper (${cheaper.map((b) => fmt(b.metrics.cost_per_machine_month)).join(', ')} vs ${fmt(metrics.cost_per_machine_month)}).`;
  }

  // 6. Gates.
  const gates = evaluateGates(cfg.gates, metrics, beatsBaselines);
  (input.featureImportance ?? []).forEach((f, j) => {
    if (!f || typeof f.name !== 'string' || !Number.isFinite(f.gain) || !Number.isFinite(f.splits)) {
      throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`featureImportance[${j}]: expected {name, gain, splits} with finite numbers, got ${JSON.stringify(f)}`);
    }
  });
  for (const [k, v] of Object.entries(input.meta ?? {})) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`meta.${k}: ${v} is not JSON-safe; use a finite number or a string`);
  }
  const featureImportance = [...(input.featureImportance ?? [])].sort((a, b) => b.gain - a.gain || a.name.localeCompare(b.name)).map((f) => ({ name: f.name, gain: f.gain, splits: f.splits }));

  return {
    format: EVALUATION_FORMAT,
    formatVersion: EVALUATION_FORMAT_VERSION,
    meta: { ...(input.meta ?? {}) },
    task: {
      kind: K === 2 ? 'binary' : 'multiclass',
      classes,
      noneClass: view.negIndex === null ? null : classes[view.negIndex]!,
      positiveClass: view.posIndex === null ? null : classes[view.posIndex]!,
      nTest,
      nValidation: nVal,
      testClassCounts: classCounts(test.y, K),
    },
    primaryMetric: primary,
    threshold: { ...choice, chosenOn },
    metrics,
    perClass: model.perClass,
    confusion: model.confusion,
    curves,
    baselines,
    beatsBaselines,
    bootstrap: boot,
    verdict,
    costs,
    rowCostSweep,
    leadTime,
    gates,
    passed: gates.passed,
    featureImportance,
    leaks,
    warnings,
  };
}
