import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FwError } from '../../core/errors.js';
import { confusionMatrix } from './confusion.js';
import { classificationMetrics } from './classification.js';
import { operatingPoints, rocCurve, prCurve, rocAuc, averagePrecision } from './ranking.js';
import { rankingMetrics } from './multiclass-ranking.js';
import { logLoss, brierScore } from './probabilistic.js';
import { calibrationCurve } from './calibration.js';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const y01 = (a: number[]): Uint8Array => Uint8Array.from(a);
const f64 = (a: number[]): Float64Array => Float64Array.from(a);
const i32 = (a: number[]): Int32Array => Int32Array.from(a);
const code = (c: string) => (e: unknown) => e instanceof FwError && e.code === c;

test('ROC-AUC and AP match the sklearn documentation example', () => {
  // sklearn docs: roc_auc_score([0,0,1,1],[.1,.4,.35,.8]) = 0.75; average_precision_score(...) = 0.8333...
  close(rocAuc(y01([0, 0, 1, 1]), f64([0.1, 0.4, 0.35, 0.8])), 0.75);
  close(averagePrecision(y01([0, 0, 1, 1]), f64([0.1, 0.4, 0.35, 0.8])), 0.8333333333333333);
});

test('tied scores move TP and FP together (one operating point per distinct score)', () => {
  // By hand: pairs (pos,neg): (.9,.9)=½, (.9,.1)=1, (.5,.9)=0, (.5,.1)=1 → AUC 2.5/4 = 0.625.
  // AP: t=.9 → P=½,R=½; t=.5 → P=⅔,R=1 → ½·½ + ½·⅔ = 0.58333.
  const op = operatingPoints(y01([1, 0, 1, 0]), f64([0.9, 0.9, 0.5, 0.1]));
  assert.deepEqual(Array.from(op.thresholds), [0.9, 0.5, 0.1]);
  assert.deepEqual(Array.from(op.tp), [1, 2, 2]);
  assert.deepEqual(Array.from(op.fp), [1, 1, 2]);
  close(rocCurve(op).auc, 0.625);
  close(prCurve(op).averagePrecision, 0.5833333333333333);
  // All scores tied: a coin flip (AUC ½) and AP = prevalence.
  close(rocAuc(y01([0, 1, 0, 1]), f64([0.5, 0.5, 0.5, 0.5])), 0.5);
  close(averagePrecision(y01([0, 1, 0, 1]), f64([0.5, 0.5, 0.5, 0.5])), 0.5);
});

test('ranking metrics refuse a single class, empty input and NaN scores', () => {
  assert.throws(() => rocAuc(y01([1, 1]), f64([0.2, 0.3])), code('FW_ERR_EVAL_SINGLE_CLASS'));
  assert.throws(() => averagePrecision(y01([0, 0]), f64([0.2, 0.3])), code('FW_ERR_EVAL_SINGLE_CLASS'));
  assert.throws(() => rocAuc(y01([]), f64([])), code('FW_ERR_EVAL_EMPTY'));
  assert.throws(() => rocAuc(y01([0, 1]), f64([0.2, NaN])), (e: unknown) => code('FW_ERR_EVAL_BAD_PROBA')(e) && /\[1\]/.test((e as Error).message));
  assert.throws(() => rocAuc(y01([0, 1]), f64([0.2])), code('FW_ERR_EVAL_SHAPE'));
});

test('confusion matrix and derived per-class metrics (hand-checked 3-class example)', () => {
  const classes = ['none', 'a', 'b'];
  const y = i32([0, 0, 0, 1, 1, 2]);
  const p = i32([0, 0, 1, 1, 2, 2]);
  const cm = confusionMatrix(y, p, classes);
  assert.deepEqual(cm.matrix, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  const m = classificationMetrics(cm);
  close(m.accuracy, 4 / 6);
  // recalls: none 2/3, a 1/2, b 1 → balanced accuracy = (2/3 + 1/2 + 1)/3
  close(m.balancedAccuracy, (2 / 3 + 0.5 + 1) / 3);
  const a = m.perClass[1]!;
  close(a.precision, 0.5);
  close(a.recall, 0.5);
  close(a.f1, 0.5);
  // class a: TN = 6 − 1 − 1 − 1 = 3, FP = 1 → specificity 3/4; FN = 1 → NPV 3/4
  close(a.specificity, 0.75);
  close(a.npv, 0.75);
  assert.equal(a.support, 2);
  // F1: none 2·2/(4+0+1)=0.8, a 0.5, b 2/(2+1+0)=2/3
  close(m.macroF1, (0.8 + 0.5 + 2 / 3) / 3);
  assert.deepEqual(m.zeroDivision, []);
});

test('zero denominators give 0 and are named, like sklearn zero_division=0', () => {
  const m = classificationMetrics(confusionMatrix(i32([0, 0, 1]), i32([0, 0, 0]), ['none', 'failure']));
  assert.equal(m.perClass[1]!.precision, 0);
  assert.ok(m.zeroDivision.includes('failure.precision'));
  close(m.balancedAccuracy, 0.5);
  assert.throws(() => confusionMatrix(i32([0, 3]), i32([0, 0]), ['x', 'y']), code('FW_ERR_EVAL_BAD_LABEL'));
  assert.throws(() => confusionMatrix(i32([0, 1]), i32([0]), ['x', 'y']), code('FW_ERR_EVAL_SHAPE'));
});

test('log loss and Brier match the sklearn documentation examples', () => {
  // sklearn docs: log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616...
  close(logLoss(i32([1, 0, 0, 1]), f64([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]), 2), 0.21616187468057912, 1e-12);
  // sklearn docs: brier_score_loss([0,1,1,0], [.1,.9,.8,.3]) = 0.0375
  close(brierScore(i32([0, 1, 1, 0]), f64([0.9, 0.1, 0.1, 0.9, 0.2, 0.8, 0.7, 0.3]), 2), 0.0375, 1e-12);
  // multiclass Brier by hand: row0 (0.2²+0.2²+0)=0.08 (true 0, p=.8,.2,0), row1 (1²+0+1²)=2 → mean 1.04
  close(brierScore(i32([0, 1]), f64([0.8, 0.2, 0, 0, 0, 1]), 3), 1.04, 1e-12);
  // p = 0 for the true class is clipped at 1e-15, not Infinity.
  close(logLoss(i32([0, 1]), f64([1, 0, 1, 0]), 2), -Math.log(1e-15) / 2 + -Math.log(1 - 1e-15) / 2, 1e-9);
  assert.throws(() => logLoss(i32([0]), f64([NaN, 1]), 2), code('FW_ERR_EVAL_BAD_PROBA'));
  assert.throws(() => brierScore(i32([0]), f64([0.5, 0.5, 0]), 2), code('FW_ERR_EVAL_SHAPE'));
});

test('multiclass OvR macro ROC-AUC / AP is the mean of the per-class binary values', () => {
  const classes = ['none', 'a', 'b'];
  const y = i32([0, 1, 2, 0, 1, 2]);
  const proba = f64([0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.2, 0.6, 0.5, 0.3, 0.2, 0.2, 0.5, 0.3, 0.3, 0.4, 0.3]);
  const r = rankingMetrics(y, proba, classes);
  // class none: pos scores {.7,.5} vs neg {.3,.2,.2,.3}: all 8 pairs won → 1
  close(r.perClass[0]!.rocAuc, 1);
  // class a: pos {.4,.5} vs neg {.2,.2,.3,.4}: .4 beats 3, ties 1 (3.5); .5 beats 4 → 7.5/8
  close(r.perClass[1]!.rocAuc, 7.5 / 8);
  close(r.rocAuc, (r.perClass[0]!.rocAuc + r.perClass[1]!.rocAuc + r.perClass[2]!.rocAuc) / 3);
  assert.throws(() => rankingMetrics(i32([0, 1, 0]), f64([0.5, 0.3, 0.2, 0.3, 0.5, 0.2, 0.6, 0.2, 0.2]), classes), (e: unknown) => code('FW_ERR_EVAL_SINGLE_CLASS')(e) && /"b"/.test((e as Error).message));
});

test('calibration curve bins like sklearn uniform strategy (edge value goes to the lower bin)', () => {
  const c = calibrationCurve(y01([0, 1, 1, 0, 1]), f64([0.1, 0.15, 0.5, 0.55, 0.95]), 10);
  // 0.1 → bin 0, 0.15 → bin 1, 0.5 → bin 4, 0.55 → bin 5, 0.95 → bin 9
  assert.deepEqual(c.bins.map((b) => b.lower), [0, 0.1, 0.4, 0.5, 0.9]);
  assert.deepEqual(c.bins.map((b) => b.observedRate), [0, 1, 1, 0, 1]);
  close(c.ece, (0.1 + 0.85 + 0.5 + 0.55 + 0.05) / 5);
  assert.throws(() => calibrationCurve(y01([0]), f64([0.5]), 0), code('FW_ERR_EVAL_INVALID_ARGUMENT'));
});
