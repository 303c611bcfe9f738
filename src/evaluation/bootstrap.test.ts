import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapPrimary } from './bootstrap.js';
import { detectionView } from './threshold/detection.js';

const classes = ['none', 'failure'];
const view = detectionView(classes, 'none');
// 8 machines × 10 rows; the model is right everywhere, the "baseline" predicts none everywhere.
const n = 80;
const y = Int32Array.from({ length: n }, (_, i) => (i % 10 >= 7 ? 1 : 0));
const entity = Array.from({ length: n }, (_, i) => `m${Math.floor(i / 10)}`);
const good = { name: 'model', proba: Float64Array.from(Array.from(y).flatMap((v) => (v ? [0.1, 0.9] : [0.9, 0.1]))), pred: Int32Array.from(y) };
const flat = { name: 'majority', proba: Float64Array.from(Array.from(y).flatMap(() => [0.7, 0.3])), pred: new Int32Array(n) };

test('paired cluster bootstrap: clear winner has a positive difference interval, deterministic per seed', () => {
  const run = (seed: number) => bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model: good, baselines: [flat], entity, samples: 50, seed });
  const a = run(1)!;
  assert.equal(a.unit, 'entity');
  assert.equal(a.validSamples, 50);
  assert.deepEqual(a.model, { low: 1, high: 1 });
  assert.ok(a.vsBaselines[0]!.diffLow > 0);
  assert.equal(a.vsBaselines[0]!.probModelBetter, 1);
  assert.deepEqual(run(1), a, 'same seed → same result');
  // Lower-is-better metric: the difference is still "positive = model better".
  const ll = bootstrapPrimary({ metric: 'log_loss', y, classes, view, model: good, baselines: [flat], samples: 20, seed: 3 })!;
  assert.equal(ll.unit, 'row');
  assert.ok(ll.vsBaselines[0]!.diffLow > 0);
});

test('bootstrap is off for samples 0 and for event metrics; bad sample counts are refused', () => {
  assert.equal(bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model: good, baselines: [], samples: 0, seed: 1 }), null);
  assert.equal(bootstrapPrimary({ metric: 'cost_per_machine_month', y, classes, view, model: good, baselines: [], samples: 50, seed: 1 }), null);
  assert.throws(() => bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model: good, baselines: [], samples: 5, seed: 1 }), /bootstrap samples/);
});

test('no entity column (every row carries the same empty entity): rows are resampled, the interval has width, the note says why', () => {
  // an imperfect model: wrong on every 9th row, so resamples of rows must disagree
  const pred = Int32Array.from(y, (v, i) => (i % 9 === 0 ? 1 - v : v));
  const proba = Float64Array.from(Array.from(pred).flatMap((v) => (v ? [0.2, 0.8] : [0.8, 0.2])));
  const model = { name: 'model', proba, pred };
  const noEntity = Array.from({ length: n }, () => '');
  const b = bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model, baselines: [flat], entity: noEntity, samples: 200, seed: 4 })!;
  assert.equal(b.unit, 'row');
  assert.equal(b.units, n);
  assert.match(b.unitNote, /^rows: .*no entity column/);
  assert.ok(b.model.high - b.model.low > 0.02, `interval [${b.model.low}, ${b.model.high}] must not collapse`);
  assert.ok(b.vsBaselines[0]!.diffHigh > b.vsBaselines[0]!.diffLow);
  // one named entity: rows too, and the note names it
  const one = bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model, baselines: [flat], entity: Array.from({ length: n }, () => 'press-7'), samples: 50, seed: 4 })!;
  assert.equal(one.unit, 'row');
  assert.match(one.unitNote, /press-7/);
  // declared machines (8 here): cluster bootstrap, flagged as rough below 10 entities
  const byMachine = bootstrapPrimary({ metric: 'macro_f1', y, classes, view, model, baselines: [flat], entity, samples: 50, seed: 4 })!;
  assert.equal(byMachine.unit, 'entity');
  assert.equal(byMachine.units, 8);
  assert.match(byMachine.unitNote, /^machines: 8 entities.*rough/);
});
