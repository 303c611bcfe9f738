/**
 * Speed of the metric suite on a large test set. Prints figures; asserts nothing (timings on a shared machine are
 * noisy). Usage: node dist/bench/evaluation-metrics.js [rows=200000] [classes=5]
 */
import { Rng } from '../src/core/random.js';
import { metricSet } from '../src/evaluation/metric-set.js';
import { calibrationCurve } from '../src/evaluation/metrics/calibration.js';
import { detectionView, detectionScores, detectionLabels, decide } from '../src/evaluation/threshold/detection.js';
import { chooseThreshold } from '../src/evaluation/threshold/choose.js';
import { evaluate } from '../src/evaluation/evaluate.js';
import { defaultEvaluationConfig } from '../src/evaluation/config.js';
import { fixtureInput } from '../src/evaluation/test-fixtures.js';
import { fitThresholdRule } from '../src/evaluation/baselines/threshold-rule.js';

const n = Number(process.argv[2] ?? 200_000);
const K = Number(process.argv[3] ?? 5);
const rng = new Rng(42);
const classes = Array.from({ length: K }, (_, k) => (k === 0 ? 'none' : `comp${k}`));
const y = new Int32Array(n);
const proba = new Float64Array(n * K);
for (let i = 0; i < n; i++) {
  y[i] = rng.next() < 0.8 ? 0 : 1 + rng.int(K - 1);
  let s = 0;
  for (let k = 0; k < K; k++) {
    const v = Math.exp(rng.normal() + (k === y[i] ? 1.5 : 0));
    proba[i * K + k] = v;
    s += v;
  }
  for (let k = 0; k < K; k++) proba[i * K + k]! /= s;
}
const view = detectionView(classes, 'none');
const time = (label: string, f: () => unknown, reps = 5): void => {
  f(); // warm-up
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    ms.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time is reported beside wall time because the machine may be shared: wall time includes waiting for a core.
  console.log(`${label.padEnd(58)} wall median ${ms[Math.floor(reps / 2)]!.toFixed(1)} ms (min ${ms[0]!.toFixed(1)}), cpu median ${cpu[Math.floor(reps / 2)]!.toFixed(1)} ms`);
};
console.log(`${n} rows × ${K} classes`);
const scores = detectionScores(proba, n, K, view);
const det = detectionLabels(y, view);
let pred = decide(proba, n, K, view, 0.5).pred;
time('threshold choice (max_f1 on failure-vs-none)', () => chooseThreshold({ policy: 'max_f1' }, det, scores));
time('decide (threshold → predictions)', () => { pred = decide(proba, n, K, view, 0.5).pred; });
time('full metric set (confusion, P/R/F1, OvR ROC+PR, logloss, Brier, detection)', () => metricSet(y, proba, pred, classes, view));
time('calibration curve (10 bins)', () => calibrationCurve(det, scores, 10));

// End to end: evaluate() with baselines, events (episode simulation at 51 thresholds on test and validation), gates.
const input = fixtureInput({ seed: 1, machines: 150, days: 365, multiclass: true }, defaultEvaluationConfig({ threshold: { policy: 'min_cost' } }));
console.log(`evaluate(): ${input.test.y.length} test + ${input.validation!.y.length} validation rows, ${input.baselineData!.train.nRows} train rows, 3 classes, events`);
time('evaluate() end to end (min_cost on events)', () => evaluate(input), 3);

// Threshold-rule baseline fit: every numeric feature, both directions, every cut.
const P = 20;
const columns = Array.from({ length: P }, (_, j) => Float64Array.from({ length: n }, (_, i) => rng.normal() + (y[i] !== 0 ? j * 0.05 : 0)));
const train = { features: columns.map((_, j) => ({ name: `f${j}`, type: 'numeric' as const })), nRows: n, columns, y, classes };
time(`threshold-rule fit (${n} rows × ${P} features)`, () => fitThresholdRule(train, 0), 3);
