/**
 * Wide bins (max_bin up to 65,535) and the small-data default of exact splits (every distinct value a candidate).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXACT_SPLIT_MAX_ROWS, computeBins, resolveMaxBin } from './binning.js';
import { referenceProba } from './test-reference-proba.js';
import { numericDataset } from '../test-fixtures.js';
import { makeClassification } from '../synthetic.js';
import { gbdtLearner } from '../gbdt/gbdt-learner.js';
import { forestLearner } from '../forest/forest-learner.js';
import { parseModel } from '../format/model-json.js';
import type { Dataset } from '../dataset.js';
import type { Learner } from '../learner.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';

async function fit<P>(l: Learner<P>, d: Dataset, params: Record<string, unknown>, workers = 1): Promise<TreeEnsembleModel> {
  return (await l.fit(d, l.parseParams(params), { seed: 7, workers })) as TreeEnsembleModel;
}
const maxBinOf = (l: { parseParams(raw: unknown): unknown }, raw: Record<string, unknown>): unknown => (l.parseParams(raw) as { max_bin: unknown }).max_bin;

/** n distinct values in shuffled order; label = x > the value at rank `cut` (a threshold no quantile cut hits). */
function oneThreshold(n: number, cut: number): { d: Dataset; lo: number; hi: number } {
  const xs = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / 7);
  const sorted = [...xs].sort((a, b) => a - b);
  const lo = sorted[cut]!, hi = sorted[cut + 1]!;
  return { d: numericDataset([xs], xs.map((x) => (x > lo ? 1 : 0))), lo, hi };
}

test('max_bin accepts up to 65,535 (and null, the default); 65,536 is refused naming the parameter', () => {
  for (const l of [gbdtLearner, forestLearner] as { parseParams(raw: unknown): unknown }[]) {
    assert.equal(maxBinOf(l, { max_bin: 65_535 }), 65_535);
    assert.equal(maxBinOf(l, {}), null);
    assert.throws(() => maxBinOf(l, { max_bin: 65_536 }), (e: Error & { code?: string }) => e.code === 'FW_ERR_MODEL_BAD_PARAM' && /max_bin/.test(e.message));
  }
});

test('the default is every distinct value up to EXACT_SPLIT_MAX_ROWS rows and 255 bins above', () => {
  assert.ok(EXACT_SPLIT_MAX_ROWS >= 20_000);
  assert.equal(resolveMaxBin(null, EXACT_SPLIT_MAX_ROWS), 65_535);
  assert.equal(resolveMaxBin(null, EXACT_SPLIT_MAX_ROWS + 1), 255);
  assert.equal(resolveMaxBin(1000, 1_000_000), 1000);
});

test('wide bins: 3,000 distinct values get 3,000 bins in 16 bits, x <= edges[b] iff bin(x) <= b', () => {
  const xs = Array.from({ length: 6000 }, (_, i) => ((i * 7919) % 3000) / 3);
  const b = computeBins(numericDataset([xs], xs.map(() => 0)), 65_535);
  assert.ok(b.bins instanceof Uint16Array);
  assert.equal(b.nBins[0], 3000);
  assert.equal(b.stride, 4096);
  const e = b.edges[0]!;
  for (let i = 0; i < xs.length; i += 7) {
    const bin: number = b.bins[i]!;
    assert.equal(bin === 0 || xs[i]! > e[bin - 1]!, true);
    assert.equal(bin === e.length || xs[i]! <= e[bin]!, true);
  }
});

test('small data, default params: a GBDT stump and an RF tree split exactly between the two values 255 bins merge', async () => {
  // 5,000 distinct values: 255 quantile bins hold ~20 values each, so the true cut (rank 2,010) falls inside a bin
  const { d, lo, hi } = oneThreshold(5000, 2010);
  const g255 = await fit(gbdtLearner, d, { n_estimators: 1, max_depth: 1, max_bin: 255 });
  const t255 = g255.trees[0]!.threshold[0]!;
  assert.ok(!(t255 > lo && t255 < hi), `255 bins cannot find the cut (threshold ${t255})`);
  const g = await fit(gbdtLearner, d, { n_estimators: 1, max_depth: 1 });
  const tg = g.trees[0]!.threshold[0]!;
  assert.ok(tg >= lo && tg < hi, `gbdt threshold ${tg} in [${lo}, ${hi})`);
  const f = await fit(forestLearner, d, { n_estimators: 1, max_depth: 1, bootstrap: false, max_features: null });
  const tf = f.trees[0]!.threshold[0]!;
  assert.ok(tf >= lo && tf < hi, `forest threshold ${tf} in [${lo}, ${hi})`);
  const rows = d.columns[0]!;
  for (let i = 0; i < d.nRows; i++) assert.equal(f.predictOne(Float64Array.of(rows[i]!))[1], d.y[i]);
});

test('wide-bin fits: 1 vs 2 workers byte-identical, JSON reloads, batch kernels equal the reference walk bit for bit', async () => {
  // above PARALLEL_MIN_DATASET so the GBDT helpers run on 16-bit bins; explicit max_bin since the default is 255 here
  const d = makeClassification({ nRows: 21_000, nFeatures: 6, seed: 5 });
  // some missing values, so the missing bin (nBins) of a wide feature is exercised too
  for (let i = 0; i < d.nRows; i += 37) d.columns[1]![i] = NaN;
  const runs: [string, (w: number) => Promise<TreeEnsembleModel>][] = [
    ['gbdt', (w) => fit(gbdtLearner, d, { n_estimators: 8, max_depth: 5, max_bin: 65_535 }, w)],
    ['random_forest', (w) => fit(forestLearner, d, { n_estimators: 6, max_depth: 8, max_bin: 4000, random_state: 3 }, w)],
  ];
  for (const [kind, run] of runs) {
    const l = { kind };
    const a = await run(1);
    const b = await run(2);
    const ja = JSON.stringify(a.toJSON());
    assert.equal(ja, JSON.stringify(b.toJSON()), `${l.kind}: workers change nothing`);
    const distinct = new Set<number>();
    for (const t of a.trees) for (let i = 0; i < t.nNodes; i++) if (t.left[i]! >= 0 && t.feature[i] === 0) distinct.add(t.threshold[i]!);
    assert.ok(distinct.size > 0);
    const m = parseModel(ja) as TreeEnsembleModel;
    const P = d.features.length, n = 700;
    const data = new Float64Array(n * P);
    for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) data[i * P + j] = d.columns[j]![i]!;
    const out = m.predictProba({ nRows: n, nFeatures: P, data });
    const K = m.classes.length;
    for (let i = 0; i < n; i++) {
      const ref = referenceProba(m, data, i * P);
      for (let k = 0; k < K; k++) assert.equal(out[i * K + k], ref[k], `${l.kind} row ${i}`);
    }
  }
});
