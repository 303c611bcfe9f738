import { EvalErrors } from '../errors.js';
import { operatingPoints } from '../metrics/ranking.js';
import { checkLabels } from '../metrics/validate.js';
import type { Dataset, RowMatrix } from '../../models/dataset.js';
import { classCounts, type BaselinePredictions } from './majority.js';

/**
 * The best single-feature threshold rule: a one-split decision stump a maintenance engineer could write on a
 * whiteboard ("alert when vibration_mean_24h > 41.3"). It is the bar a model must clear to be worth running.
 *
 * Fitting (TRAIN rows only): the target is failure-vs-rest — "rest" is the none class when there is one, else the
 * majority class. For every numeric feature and both directions (`x > t`, `x <= t`), every cut between two distinct
 * train values is scored by the F1 of the failure side; the best (feature, direction, cut) wins (ties: first
 * feature in column order, then the higher cut, then `>`). Missing values (NaN) never fire. Categorical features are skipped (an order
 * over category codes means nothing). The cut is the midpoint between the two neighbouring train values.
 *
 * Prediction: when the rule fires it predicts the most frequent failure class among the TRAIN rows where it fires
 * (binary: the positive class); otherwise the rest class. Its probabilities are the train class frequencies of the
 * branch a row falls in, so ROC/PR/log loss are defined (a stump's leaf distributions).
 */

export interface ThresholdRule {
  feature: string;
  featureIndex: number;
  op: '>' | '<=';
  threshold: number;
  /** Class predicted when the rule fires. */
  firesClass: string;
  /** F1 of the failure side on train. */
  trainF1: number;
}

export function fitThresholdRule(train: Dataset, negIndex: number): ThresholdRule | null {
  const K = train.classes.length;
  const n = checkLabels(train.y, K, 'train y');
  if (train.columns.length !== train.features.length) throw EvalErrors.FW_ERR_EVAL_SHAPE(`threshold rule: ${train.columns.length} columns for ${train.features.length} features`);
  const yb = new Uint8Array(n);
  let P = 0;
  for (let i = 0; i < n; i++) { yb[i] = train.y[i] === negIndex ? 0 : 1; P += yb[i]!; }
  if (P === 0 || P === n) return null;
  let best: Omit<ThresholdRule, 'firesClass'> | null = null;
  for (let j = 0; j < train.features.length; j++) {
    if (train.features[j]!.type !== 'numeric') continue;
    const col = train.columns[j]!;
    if (col.length !== n) throw EvalErrors.FW_ERR_EVAL_SHAPE(`threshold rule: feature "${train.features[j]!.name}" has ${col.length} values for ${n} rows`);
    let m = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(col[i]!)) m++;
    if (m < 2) continue;
    const v = new Float64Array(m);
    const b = new Uint8Array(m);
    for (let i = 0, a = 0; i < n; i++) if (Number.isFinite(col[i]!)) { v[a] = col[i]!; b[a++] = yb[i]!; }
    // One sweep serves both directions: among non-missing rows, `x <= cut` fires exactly where `x > cut` does not.
    const pts = operatingPoints(b, v);
    const Pn = pts.nPos;
    const Nn = pts.nNeg;
    // The last point fires on every non-missing row (for `>`), i.e. on none for `<=`: not a rule, skip it.
    for (let i = 0; i + 1 < pts.thresholds.length; i++) {
      const mid = (pts.thresholds[i]! + pts.thresholds[i + 1]!) / 2;
      const f1gt = (2 * pts.tp[i]!) / (pts.tp[i]! + pts.fp[i]! + P);
      const tpLe = Pn - pts.tp[i]!;
      const f1le = (2 * tpLe) / (tpLe + (Nn - pts.fp[i]!) + P);
      if (best === null || f1gt > best.trainF1) best = { feature: train.features[j]!.name, featureIndex: j, op: '>', threshold: mid, trainF1: f1gt };
      if (f1le > best.trainF1) best = { feature: train.features[j]!.name, featureIndex: j, op: '<=', threshold: mid, trainF1: f1le };
    }
  }
  if (!best) return null;
  const fires = ruleFires(best, train.columns[best.featureIndex]!);
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) if (fires[i]) counts[train.y[i]!]!++;
  let fc = -1;
  for (let k = 0; k < K; k++) if (k !== negIndex && (fc < 0 || counts[k]! > counts[fc]!)) fc = k;
  return { ...best, firesClass: train.classes[fc]! };
}

export function ruleFires(rule: Pick<ThresholdRule, 'op' | 'threshold'>, col: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    out[i] = (rule.op === '>' ? x > rule.threshold : x <= rule.threshold) ? 1 : 0; // NaN → 0
  }
  return out;
}

/** Column j of a row-major matrix. */
export function rowMatrixColumn(rows: RowMatrix, j: number): Float64Array {
  const out = new Float64Array(rows.nRows);
  for (let i = 0; i < rows.nRows; i++) out[i] = rows.data[i * rows.nFeatures + j]!;
  return out;
}

/** Fit on train, predict test. Returns null when no numeric feature separates anything (explained by the caller). */
export function thresholdRuleBaseline(train: Dataset, test: RowMatrix | Pick<Dataset, 'columns' | 'nRows'>, negIndex: number): (BaselinePredictions & { rule: ThresholdRule }) | null {
  const rule = fitThresholdRule(train, negIndex);
  if (!rule) return null;
  const K = train.classes.length;
  const col = 'columns' in test ? test.columns[rule.featureIndex] : rowMatrixColumn(test, rule.featureIndex);
  if (!col) throw EvalErrors.FW_ERR_EVAL_SHAPE(`threshold rule: test data has no column ${rule.featureIndex} ("${rule.feature}")`);
  const nTest = 'columns' in test ? test.nRows : test.nRows;
  if (col.length !== nTest) throw EvalErrors.FW_ERR_EVAL_SHAPE(`threshold rule: test column "${rule.feature}" has ${col.length} values for ${nTest} rows`);
  // Branch distributions from train.
  const trainFires = ruleFires(rule, train.columns[rule.featureIndex]!);
  const on = new Array<number>(K).fill(0);
  const off = new Array<number>(K).fill(0);
  for (let i = 0; i < train.y.length; i++) (trainFires[i] ? on : off)[train.y[i]!]!++;
  const norm = (c: number[]): number[] => { const s = c.reduce((a, b) => a + b, 0); return s === 0 ? classCounts(train.y, K).map((v) => v / train.y.length) : c.map((v) => v / s); };
  const pOn = norm(on);
  const pOff = norm(off);
  const fc = train.classes.indexOf(rule.firesClass);
  const fires = ruleFires(rule, col);
  const proba = new Float64Array(nTest * K);
  const pred = new Int32Array(nTest);
  for (let i = 0; i < nTest; i++) {
    const p = fires[i] ? pOn : pOff;
    for (let k = 0; k < K; k++) proba[i * K + k] = p[k]!;
    pred[i] = fires[i] ? fc : negIndex;
  }
  const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString());
  return {
    name: 'threshold_rule',
    description: `alert when ${rule.feature} ${rule.op} ${fmt(rule.threshold)} and predict "${rule.firesClass}" (best single-feature rule on training data, train F1 ${rule.trainF1.toFixed(3)})`,
    proba,
    pred,
    alerts: fires,
    rule,
  };
}
