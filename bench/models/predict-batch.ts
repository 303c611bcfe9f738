/**
 * Batch-prediction kernel bench: rows/s of TreeEnsembleModel.predictProba on ONE thread for small (serving: a POST of
 * 1,000 records) and large batches, plus single-row predictOne µs, on the learners bench's models — random forest
 * 200 trees depth 10 and gbdt 200 trees depth 6 fitted on synthetic 100k×25 (3 % positive) — on batches of 1k, 20k
 * (the test split) and 100k rows (the test split repeated).
 *
 *   node dist/bench/models/predict-batch.js [--cache DIR] [--seconds 1] [--nan 0.05]
 *
 * Also the serving bench's generated forest (bench/serving/bench-model.ts: 200 full depth-10 trees, thresholds drawn
 * from N(0, 1), so ~8,000 distinct thresholds per feature instead of ≤ 255) on the same rows.
 *
 * Fitting takes ~15 s; --cache DIR keeps the fitted model JSON there and reuses it on later runs (kernel work).
 * --nan replaces that fraction of feature values with NaN (missing-value path). Wrap in `flock /tmp/bench.lock`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLearner } from '../../src/models/learner-registry.js';
import { toRowMatrix, type RowMatrix } from '../../src/models/dataset.js';
import type { Model } from '../../src/models/learner.js';
import { loadModel } from '../../src/models/format/model-json.js';
import { Rng } from '../../src/core/random.js';
import { split, synthetic } from '../learners/datasets.js';
import { benchModelJson } from '../serving/bench-model.js';

const args = process.argv.slice(2);
const opt = (n: string, d: string): string => { const i = args.indexOf(n); return i >= 0 && args[i + 1] ? args[i + 1]! : d; };
const cache = opt('--cache', '');
const seconds = Number(opt('--seconds', '1'));
const nanRate = Number(opt('--nan', '0'));

const RF = { n_estimators: 200, max_depth: 10, min_samples_split: 2, min_samples_leaf: 1, max_features: 'sqrt', class_weight: 'balanced', random_state: 42 };
const GBDT = { n_estimators: 200, max_depth: 6, learning_rate: 0.1, l2: 1, min_child_weight: 1 };

const set = split('synthetic 100k×25 (3% pos)', synthetic(100_000, 25, [0.97, 0.03], 1));

async function model(kind: 'random_forest' | 'gbdt'): Promise<Model> {
  const file = cache ? join(cache, `${kind}.json`) : '';
  if (file && existsSync(file)) return loadModel(JSON.parse(readFileSync(file, 'utf8')));
  const L = getLearner(kind);
  const m = await L.fit(set.train, L.parseParams(kind === 'gbdt' ? GBDT : RF), { seed: 42, workers: 2 });
  if (file) { mkdirSync(cache, { recursive: true }); writeFileSync(file, JSON.stringify(m.toJSON())); }
  return m;
}

/** The first n rows (n ≤ nRows), or the rows repeated up to n. */
function rowsOf(rm: RowMatrix, n: number): RowMatrix {
  const data = new Float64Array(n * rm.nFeatures);
  for (let o = 0; o < data.length; o += rm.data.length) data.set(rm.data.subarray(0, Math.min(rm.data.length, data.length - o)), o);
  return { nRows: n, nFeatures: rm.nFeatures, data };
}

/** Rows/s over ≥ `seconds` of repeated calls (after a warm-up of the same length / 4). */
function rate(m: Model, rm: RowMatrix): number {
  const out = m.predictProba(rm);
  const run = (ms: number): number => {
    let reps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) { m.predictProba(rm, out); reps++; }
    return (reps * rm.nRows) / ((performance.now() - t0) / 1000);
  };
  run(seconds * 250);
  return run(seconds * 1000);
}

function singleUs(m: Model, rm: RowMatrix): number {
  const P = rm.nFeatures, n = Math.min(256, rm.nRows);
  const rows = Array.from({ length: n }, (_, i) => rm.data.slice(i * P, (i + 1) * P));
  const out = new Float64Array(m.classes.length);
  for (let i = 0; i < 5000; i++) m.predictOne(rows[i % n]!, out);
  const N = 50_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) m.predictOne(rows[i % n]!, out);
  return ((performance.now() - t0) * 1000) / N;
}

const test = toRowMatrix(set.test);
if (nanRate > 0) {
  const rng = new Rng(7);
  for (let j = 0; j < test.data.length; j++) if (rng.next() < nanRate) test.data[j] = NaN;
}
console.log(`# predict-batch — ${new Date().toISOString()}, node ${process.version}, one thread, NaN rate ${nanRate}`);
console.log('| model | 1k rows/s | 1k batch ms | 20k rows/s | 100k rows/s | single µs |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const kind of ['random_forest', 'gbdt', 'serving bench forest'] as const) {
  const m = kind === 'serving bench forest' ? loadModel(benchModelJson()) : await model(kind);
  const r1 = rate(m, rowsOf(test, 1000));
  const r20 = rate(m, rowsOf(test, 20_000));
  const r100 = rate(m, rowsOf(test, 100_000));
  const s = singleUs(m, test);
  console.log(`| ${kind} | ${Math.round(r1)} | ${(1000 / r1 * 1000).toFixed(2)} | ${Math.round(r20)} | ${Math.round(r100)} | ${s.toFixed(1)} |`);
}
