/**
 * Batch-prediction kernel bench: rows/s of TreeEnsembleModel.predictProba on ONE thread for small (serving: a POST of
 * 1,000 records) and large batches, plus single-row predictOne µs, on the learners bench's models — random forest
 * 200 trees depth 10 and gbdt 200 trees depth 6 fitted on synthetic 100k×25 (3 % positive) — on batches of 1k, 20k
 * (the test split) and 100k rows (the test split repeated).
 *
 *   node dist/bench/models/predict-batch.js [--cache DIR] [--seconds 1] [--nan 0.05]
 *
 * Then the same two learners on the same data with two features made categorical (a 4-category one like the
 * fleet's `model`, and a 12-category one), so the trees carry categorical splits (virtual routing columns,
 * quantised-inputs.ts): "random_forest cat" and "gbdt cat".
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
import type { Dataset } from '../../src/models/dataset.js';
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

const base = synthetic(100_000, 25, [0.97, 0.03], 1);
const set = split('synthetic 100k×25 (3% pos)', base);

/**
 * The same data with informative feature 0 binned into 4 categories and feature 1 into 12, category indices in a
 * shuffled order (so no threshold on the index could stand in for the bitset splits).
 */
function withCategorical(d: Dataset): Dataset {
  const rng = new Rng(3);
  const columns = d.columns.slice();
  const features = d.features.slice();
  for (const [j, k] of [[0, 4], [1, 12]] as const) {
    const perm = Array.from({ length: k }, (_, c) => c);
    for (let i = k - 1; i > 0; i--) { const r = rng.int(i + 1); [perm[i], perm[r]] = [perm[r]!, perm[i]!]; }
    const x = d.columns[j]!;
    columns[j] = Float64Array.from(x, (v) => perm[Math.max(0, Math.min(k - 1, Math.floor(((v + 3) / 6) * k)))]!);
    features[j] = { name: `cat${j}`, type: 'categorical', categories: Array.from({ length: k }, (_, c) => `c${c}`) };
  }
  return { ...d, columns, features };
}
const catSet = split('synthetic 100k×25 (3% pos), 2 categorical', withCategorical(base));

async function model(kind: 'random_forest' | 'gbdt', cat = false): Promise<Model> {
  const file = cache ? join(cache, `${kind}${cat ? '-cat' : ''}.json`) : '';
  if (file && existsSync(file)) return loadModel(JSON.parse(readFileSync(file, 'utf8')));
  const L = getLearner(kind);
  const m = await L.fit((cat ? catSet : set).train, L.parseParams(kind === 'gbdt' ? GBDT : RF), { seed: 42, workers: 2 });
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
const catTest = toRowMatrix(catSet.test);
if (nanRate > 0) {
  const rng = new Rng(7);
  for (let j = 0; j < test.data.length; j++) if (rng.next() < nanRate) test.data[j] = NaN;
  for (let j = 0; j < catTest.data.length; j++) if (rng.next() < nanRate) catTest.data[j] = NaN;
}
console.log(`# predict-batch — ${new Date().toISOString()}, node ${process.version}, one thread, NaN rate ${nanRate}`);
console.log('| model | 1k rows/s | 1k batch ms | 20k rows/s | 100k rows/s | single µs |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const kind of ['random_forest', 'gbdt', 'random_forest cat', 'gbdt cat', 'serving bench forest'] as const) {
  const m = kind === 'serving bench forest' ? loadModel(benchModelJson()) : await model(kind === 'random_forest cat' ? 'random_forest' : kind === 'gbdt cat' ? 'gbdt' : kind, kind.endsWith(' cat'));
  const rows = kind.endsWith(' cat') ? catTest : test;
  const r1 = rate(m, rowsOf(rows, 1000));
  const r20 = rate(m, rowsOf(rows, 20_000));
  const r100 = rate(m, rowsOf(rows, 100_000));
  const s = singleUs(m, rows);
  const trees = (m as unknown as { trees?: { nNodes: number; feature: Int32Array; catStart: Int32Array }[] }).trees ?? [];
  const withCat = trees.filter((t) => t.catStart.some((c, i) => c >= 0 && t.feature[i]! >= 0)).length;
  const label = kind.endsWith(' cat') ? `${kind} (${withCat}/${trees.length} trees with categorical splits)` : kind;
  console.log(`| ${label} | ${Math.round(r1)} | ${(1000 / r1 * 1000).toFixed(2)} | ${Math.round(r20)} | ${Math.round(r100)} | ${s.toFixed(1)} |`);
}
