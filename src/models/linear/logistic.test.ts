import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logisticLearner, fitLogistic, LogisticModel } from './logistic.js';
import { parseLogisticParams } from './params.js';
import type { Dataset, FeatureSpec } from '../dataset.js';
import { toRowMatrix } from '../dataset.js';
import { Rng } from '../../core/random.js';
import { isFwError } from '../../core/errors.js';

/** Two-feature binary problem with a known direction plus noise. */
function binaryData(seed: number, n: number, shift = 0): Dataset {
  const rng = new Rng(seed);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal() * 3 + 10; b[i] = rng.normal() * 0.1; c[i] = rng.normal();
    const z = 0.8 * (a[i]! - 10) - 15 * b[i]! + 0.3 * c[i]! + shift + rng.normal();
    y[i] = z > 0 ? 1 : 0;
  }
  const features: FeatureSpec[] = [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }, { name: 'c', type: 'numeric' }];
  return { features, nRows: n, columns: [a, b, c], y, classes: ['ok', 'fail'] };
}

/** Independent check: Newton's method on sklearn's objective C·Σℓ + ½‖w‖² over our own standardisation. */
function newtonBinary(data: Dataset, C: number): { coef: number[]; intercept: number } {
  const n = data.nRows, p = data.columns.length;
  const Z = data.columns.map((col) => {
    const m = col.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / n);
    return Array.from(col, (v) => (v - m) / sd);
  });
  const th = new Array(p + 1).fill(0); // last = intercept
  for (let it = 0; it < 50; it++) {
    const g = new Array(p + 1).fill(0);
    const H = Array.from({ length: p + 1 }, () => new Array(p + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const x = [...Z.map((z) => z[i]!), 1];
      const zi = x.reduce((s, v, j) => s + v * th[j], 0);
      const pr = 1 / (1 + Math.exp(-zi));
      for (let j = 0; j <= p; j++) {
        g[j] += C * (pr - data.y[i]!) * x[j]!;
        for (let k = 0; k <= p; k++) H[j]![k] += C * pr * (1 - pr) * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j < p; j++) { g[j] += th[j]; H[j]![j] += 1; }
    // Solve H Δ = g by Gaussian elimination.
    const A = H.map((r, j) => [...r, g[j]]);
    for (let c = 0; c <= p; c++) {
      let piv = c;
      for (let r = c + 1; r <= p; r++) if (Math.abs(A[r]![c]) > Math.abs(A[piv]![c])) piv = r;
      [A[c], A[piv]] = [A[piv]!, A[c]!];
      for (let r = 0; r <= p; r++) {
        if (r === c) continue;
        const f = A[r]![c] / A[c]![c];
        for (let k = c; k <= p + 1; k++) A[r]![k] -= f * A[c]![k];
      }
    }
    for (let j = 0; j <= p; j++) th[j] -= A[j]![p + 1] / A[j]![j];
  }
  return { coef: th.slice(0, p), intercept: th[p] };
}

test('binary fit matches an independent Newton solve of the sklearn objective (1e-6)', async () => {
  const data = binaryData(1, 400);
  for (const C of [1, 0.05]) {
    const m = await fitLogistic(data, parseLogisticParams({ C }));
    const ref = newtonBinary(data, C);
    const json = m.toJSON();
    const body = json.body as { coefficients: number[][]; intercepts: number[] };
    assert.equal(json.info?.converged, true);
    ref.coef.forEach((v, j) => assert.ok(Math.abs(body.coefficients[0]![j]! - v) < 1e-6, `C=${C} coef ${j}: ${body.coefficients[0]![j]} vs ${v}`));
    assert.ok(Math.abs(body.intercepts[0]! - ref.intercept) < 1e-6, `C=${C} intercept`);
  }
});

test('multinomial fit: zero gradient at the solution, sensible accuracy, probabilities sum to 1', async () => {
  const rng = new Rng(7);
  const n = 300;
  const cols = [new Float64Array(n), new Float64Array(n)];
  const y = new Int32Array(n);
  const centres = [[0, 0], [3, 0], [0, 3]];
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    cols[0]![i] = centres[y[i]!]![0]! + rng.normal();
    cols[1]![i] = centres[y[i]!]![1]! + rng.normal();
  }
  const data: Dataset = { features: [{ name: 'u', type: 'numeric' }, { name: 'v', type: 'numeric' }], nRows: n, columns: cols, y, classes: ['a', 'b', 'c'] };
  const m = await fitLogistic(data, parseLogisticParams({ C: 10 }));
  const P = m.predictProba(toRowMatrix(data));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = [P[i * 3]!, P[i * 3 + 1]!, P[i * 3 + 2]!];
    assert.ok(Math.abs(row[0]! + row[1]! + row[2]! - 1) < 1e-12);
    if (row.indexOf(Math.max(...row)) === y[i]) correct++;
  }
  assert.ok(correct / n > 0.85, `accuracy ${correct / n}`);
  // Independent gradient of C·Σℓ + ½‖W‖² at the fitted coefficients (standardised space).
  const s = m.state;
  const g = new Float64Array(3 * 3);
  for (let i = 0; i < n; i++) {
    const z = [0, 1].map((c) => (cols[c]![i]! - s.means[c]!) / s.stds[c]!);
    for (let k = 0; k < 3; k++) {
      const pk = P[i * 3 + k]! - (y[i] === k ? 1 : 0);
      g[k * 3] += 10 * pk * z[0]!; g[k * 3 + 1] += 10 * pk * z[1]!; g[k * 3 + 2] += 10 * pk;
    }
  }
  for (let k = 0; k < 3; k++) { g[k * 3] += s.coefficients[k * 2]!; g[k * 3 + 1] += s.coefficients[k * 2 + 1]!; }
  for (const v of g) assert.ok(Math.abs(v) < 1e-3, `gradient ${v}`); // objective scaled by C·n = 3000 vs tol 1e-7
});

test('contributions + intercept = logit; missing values equal the training mean; categorical one-hot', async () => {
  const rng = new Rng(3);
  const n = 200;
  const x = new Float64Array(n), c = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = i % 3;
    x[i] = rng.normal();
    y[i] = x[i]! + (c[i] === 2 ? 1.5 : 0) + 0.5 * rng.normal() > 0.5 ? 1 : 0;
  }
  x[5] = NaN; c[7] = NaN; // missing in training is ignored by mean/std
  const features: FeatureSpec[] = [{ name: 'x', type: 'numeric' }, { name: 'kind', type: 'categorical', categories: ['p', 'q', 'r'] }];
  const m = await fitLogistic({ features, nRows: n, columns: [x, c], y, classes: ['no', 'yes'] }, parseLogisticParams({}));
  const mean = m.state.means[0]!;
  for (const row of [Float64Array.of(0.3, 2), Float64Array.of(NaN, 0), Float64Array.of(-1, NaN), Float64Array.of(2, 9)]) {
    const con = m.contributions(row);
    assert.equal(con.space, 'logit');
    assert.equal(con.nOutputs, 1);
    const logit = con.expected[0]! + con.values[0]! + con.values[1]!;
    const p = m.predictOne(row);
    assert.ok(Math.abs(1 / (1 + Math.exp(-logit)) - p[1]!) < 1e-12);
    assert.ok(Math.abs(p[0]! + p[1]! - 1) < 1e-15);
  }
  assert.deepEqual(m.predictOne(Float64Array.of(NaN, 1)), m.predictOne(Float64Array.of(mean, 1)));
  // unseen category (9) and missing category contribute nothing
  assert.equal(m.contributions(Float64Array.of(0, 9)).values[1], 0);
  assert.equal(m.contributions(Float64Array.of(0, NaN)).values[1], 0);
  const imp = m.featureImportance();
  assert.deepEqual(imp.map((f) => f.name), ['x', 'kind']);
  assert.ok(Math.abs(imp[0]!.gain + imp[1]!.gain - 1) < 1e-12);
  assert.throws(() => m.predictOne(Float64Array.of(Infinity, 1)), (e) => isFwError(e) && /feature x/.test(e.message));
});

test('class_weight balanced: the intercept optimality condition holds with n/(K·n_k) weights', async () => {
  // With an unpenalised intercept the optimum has Σ wᵢ(pᵢ − yᵢ) = 0: plain weights → mean p1 = positive rate;
  // balanced weights → the class-weighted mean of p1 is exactly 1/2. Both are properties of the exact optimum.
  const data = binaryData(5, 400, -3); // few positives
  const rows = toRowMatrix(data);
  const pos = data.y.reduce((s, v) => s + v, 0);
  assert.ok(pos > 5 && pos < 120, `positives ${pos}`);
  const plain = (await fitLogistic(data, parseLogisticParams({}))).predictProba(rows);
  const bal = (await fitLogistic(data, parseLogisticParams({ class_weight: 'balanced' }))).predictProba(rows);
  let mPlain = 0, wSum = 0, wP = 0, mBal = 0;
  for (let i = 0; i < data.nRows; i++) {
    const w = data.nRows / (2 * (data.y[i] === 1 ? pos : data.nRows - pos));
    mPlain += plain[i * 2 + 1]! / data.nRows;
    mBal += bal[i * 2 + 1]! / data.nRows;
    wSum += w; wP += w * bal[i * 2 + 1]!;
  }
  assert.ok(Math.abs(mPlain - pos / data.nRows) < 1e-6, `${mPlain} vs ${pos / data.nRows}`);
  assert.ok(Math.abs(wP / wSum - 0.5) < 1e-6, `${wP / wSum}`);
  assert.ok(mBal > mPlain);
});

test('a tolerance below float64 resolution stops at float precision instead of running to max_iter', async () => {
  const m = await fitLogistic(binaryData(8, 300), parseLogisticParams({ tol: 1e-15, max_iter: 5000 }));
  const info = m.toJSON().info!;
  assert.ok((info.iterations as number) < 500, `iterations ${info.iterations}`);
  assert.ok(info.stop_reason === 'float_precision' || info.stop_reason === 'gradient', String(info.stop_reason));
  assert.equal(info.converged, true);
  assert.ok((info.gradient_max_abs as number) < 1e-8);
});

test('deterministic and JSON round trip: identical bytes, identical predictions', async () => {
  const data = binaryData(2, 150);
  const a = await logisticLearner.fit(data, logisticLearner.parseParams({ C: 0.5 }), { seed: 1 });
  const b = await logisticLearner.fit(data, logisticLearner.parseParams({ C: 0.5 }), { seed: 99 });
  const ja = JSON.stringify(a.toJSON());
  assert.equal(ja, JSON.stringify(b.toJSON()));
  const back = logisticLearner.fromJSON(JSON.parse(ja));
  assert.ok(back instanceof LogisticModel);
  assert.deepEqual(back.predictProba(toRowMatrix(data)), a.predictProba(toRowMatrix(data)));
  assert.equal(JSON.stringify(back.toJSON()), ja);
});

test('fromJSON names the broken field', async () => {
  const good = (await fitLogistic(binaryData(4, 60), parseLogisticParams({}))).toJSON();
  const mutate = (f: (j: any) => void): unknown => { const j = JSON.parse(JSON.stringify(good)); f(j); return j; };
  const cases: [unknown, RegExp][] = [
    [mutate((j) => { j.body.coefficients[0][1] = 'x'; }), /body\.coefficients\[0\]\[1\]/],
    [mutate((j) => { j.body.stds[2] = 0; }), /body\.stds\[2\].*> 0/],
    [mutate((j) => { j.body.means = [1]; }), /body\.means must have 3 values/],
    [mutate((j) => { delete j.body.intercepts; }), /body\.intercepts/],
    [mutate((j) => { j.features[1].type = 'text'; }), /features\[1\]\.type/],
    [mutate((j) => { j.classes = ['only']; }), /classes/],
    [mutate((j) => { j.formatVersion = 7; }), /formatVersion/],
    [mutate((j) => { j.params.C = -1; }), /params.*C must be/],
  ];
  for (const [json, re] of cases) {
    assert.throws(() => logisticLearner.fromJSON(json as never), (e) => isFwError(e) && e.code === 'FW_ERR_LINEAR_BAD_MODEL' && re.test(e.message), String(re));
  }
});

test('bad params and bad data are refused with FwErrors naming the problem', async () => {
  assert.throws(() => parseLogisticParams({ C: 0 }), /C must be a finite number > 0/);
  assert.throws(() => parseLogisticParams({ C: 1, lambda: 0.1 }), /either C or lambda/);
  assert.throws(() => parseLogisticParams({ max_iter: 1.5 }), /max_iter/);
  assert.throws(() => parseLogisticParams({ penalty: 'l1' }), /unknown logistic parameter penalty; known: C, lambda/);
  assert.throws(() => parseLogisticParams({ class_weight: 'auto' }), /class_weight/);
  assert.deepEqual(parseLogisticParams({ lambda: 0.01 }).lambda, 0.01);
  const d = binaryData(1, 20);
  d.columns[1]![3] = Infinity;
  await assert.rejects(fitLogistic(d, parseLogisticParams({})), (e) => isFwError(e) && /feature b, row 3/.test(e.message));
  const one = binaryData(1, 20);
  one.y.fill(0);
  await assert.rejects(fitLogistic(one, parseLogisticParams({})), /class fail has no training rows/);
  const zw = binaryData(1, 20);
  await assert.rejects(fitLogistic({ ...zw, weights: Float64Array.from(zw.y, (v) => (v === 1 ? 0 : 1)) }, parseLogisticParams({})), /zero total sample weight/);
  await assert.rejects(fitLogistic({ ...one, nRows: 0, columns: one.columns.map(() => new Float64Array(0)), y: new Int32Array(0) }, parseLogisticParams({})), /no rows/);
});
