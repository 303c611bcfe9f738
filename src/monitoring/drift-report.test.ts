import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../core/random.js';
import { buildBaseline, parseBaseline } from './baseline.js';
import { computeDrift, type DriftWindow } from './drift-report.js';

function normals(rng: Rng, n: number, mean: number, sd: number, gain = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (mean + sd * rng.normal()) * gain;
  return out;
}

const rng = new Rng(7);
const N = 20_000;
const models = ['model1', 'model2', 'model3', 'model4'];
const train = {
  volt: normals(rng, N, 170, 15),
  rotate: normals(rng, N, 446, 52),
  pressure: normals(rng, N, 100, 11),
  model: Array.from({ length: N }, () => models[rng.int(4)]!),
};
const baseline = parseBaseline(JSON.parse(JSON.stringify(buildBaseline([
  { name: 'volt', kind: 'numeric', values: train.volt },
  { name: 'rotate', kind: 'numeric', values: train.rotate },
  { name: 'pressure', kind: 'numeric', values: train.pressure },
  { name: 'model', kind: 'categorical', values: train.model },
], { scores: normals(rng, N, 0.1, 0.02), labels: Array.from({ length: N }, () => 'none') }))), 'test');

function window(n: number, voltGain: number, modelPick: () => string = () => models[rng.int(4)]!): DriftWindow {
  return {
    rows: n,
    columns: new Map<string, Float64Array | (string | null)[]>([
      ['volt', normals(rng, n, 170, 15, voltGain)],
      ['rotate', normals(rng, n, 446, 52)],
      ['pressure', normals(rng, n, 100, 11)],
      ['model', Array.from({ length: n }, modelPick)],
    ]),
  };
}

test('a window from the training distribution does not drift; +8 % volt drifts on volt only', () => {
  for (const n of [300, 2400]) {
    const same = computeDrift(baseline, window(n, 1));
    assert.equal(same.driftedFeatures, 0, JSON.stringify(same.features.filter((f) => f.drifted)));
    assert.equal(same.datasetDrift, false);
    const shifted = computeDrift(baseline, window(n, 1.08));
    const drifted = shifted.features.filter((f) => f.drifted).map((f) => f.feature);
    assert.deepEqual(drifted, ['volt']);
    assert.equal(shifted.datasetDrift, false, '1 of 4 features is under the 50 % share');
    const volt = shifted.features.find((f) => f.feature === 'volt')!;
    assert.equal(volt.test, n <= 1000 ? 'ks' : 'wasserstein', 'Evidently-style default by window size');
    assert.equal(shifted.features.find((f) => f.feature === 'model')!.test, n <= 1000 ? 'chi_square' : 'jensen_shannon');
    assert.equal(volt.psiBand, 'significant');
  }
});

test('dataset drift follows the configured share; configured tests and thresholds are used', () => {
  const w = window(2400, 1.08, () => 'model1');
  const r = computeDrift(baseline, w, { share: 0.5 });
  assert.deepEqual(r.features.filter((f) => f.drifted).map((f) => f.feature).sort(), ['model', 'volt']);
  assert.equal(r.datasetDrift, true);
  assert.equal(computeDrift(baseline, w, { share: 0.75 }).datasetDrift, false);
  const psiOnly = computeDrift(baseline, w, { tests: { numeric: 'psi' }, thresholds: { psi: 1e9 } });
  assert.ok(psiOnly.features.filter((f) => f.kind === 'numeric').every((f) => f.test === 'psi' && !f.drifted));
});

test('bad options are refused with the field named', () => {
  assert.throws(() => computeDrift(baseline, window(10, 1), { share: 0 }), /share/);
  assert.throws(() => computeDrift(baseline, window(10, 1), { tests: { volt: 'nope' } }), /tests\.volt.*known: chi_square/);
  assert.throws(() => computeDrift(baseline, window(10, 1), { tests: { model: 'ks' } }), /does not apply to categorical/);
  assert.throws(() => parseBaseline({ formatVersion: 99, features: [] }, 'b.json'), /newer/);
  assert.throws(() => parseBaseline({ formatVersion: 1, features: [{ name: 'x', kind: 'numeric' }] }, 'b.json'), /features\[0\]/);
});

test('prediction drift: the score and the labels are compared too; missing values are counted, not compared', () => {
  const w = window(2400, 1);
  w.scores = normals(rng, 2400, 0.3, 0.05);
  w.labels = Array.from({ length: 2400 }, (_, i) => (i % 3 ? 'none' : 'comp1'));
  (w.columns.get('volt') as Float64Array).fill(NaN, 0, 240);
  const r = computeDrift(baseline, w);
  assert.deepEqual(r.prediction.map((p) => [p.feature, p.drifted]), [['prediction_score', true], ['predicted_label', true]]);
  const volt = r.features.find((f) => f.feature === 'volt')!;
  assert.equal(volt.missingRate.window, 0.1);
  assert.equal(volt.drifted, false);
});
