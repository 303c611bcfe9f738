import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';
import { chiSquareSf, kolmogorovSf } from './special.js';
import { binCounts, CategoricalWindow, NumericWindow, type NumericReference, type CategoricalReference } from './drift-test.js';
import { driftTests } from './drift-tests.js';
import { ksPValue, ksStatistic } from './ks.js';
import { wassersteinDistance, wassersteinToSample } from './wasserstein.js';
import { referenceEdges } from '../baseline-math.js';

// Values computed by scripts/drift-fixtures.py with scipy; this test needs no Python.
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(resolve(here, '../../../../test/fixtures/monitoring/drift-scipy.json'), 'utf8')) as {
  numeric: Array<{ name: string; reference: number[]; current: number[]; edges: number[]; referenceCounts: number[]; currentCounts: number[]; psi: number; jensenShannon: number; ksStatistic: number; ksPValueScipyExact: number; ksPValueStephens: number; wasserstein: number; wassersteinNormed: number; referenceStd: number }>;
  categorical: Array<{ name: string; referenceCounts: Record<string, number>; currentCounts: Record<string, number>; chiSquare: number; chiSquarePValue: number; jensenShannon: number; psi: number }>;
  chi2Sf: Array<{ x: number; df: number; sf: number }>;
  kolmogorovSf: Array<{ x: number; sf: number }>;
};

function close(actual: number, expected: number, rel: number, what: string): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs scipy ${expected} (tolerance ${tol})`);
}

function numericReference(values: number[]): NumericReference {
  const sorted = Float64Array.from(values).sort();
  const edges = referenceEdges(sorted);
  const counts = binCounts(sorted, edges);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { kind: 'numeric', sorted, edges, shares: counts.map((c) => c / values.length), std };
}

test('χ² and Kolmogorov survival functions match scipy', () => {
  for (const c of fx.chi2Sf) close(chiSquareSf(c.x, c.df), c.sf, 1e-9, `chi2.sf(${c.x}, ${c.df})`);
  for (const c of fx.kolmogorovSf) close(kolmogorovSf(c.x), c.sf, 1e-9, `kstwobign.sf(${c.x})`);
});

for (const c of fx.numeric) {
  test(`numeric fixture ${c.name}: edges, bins and every statistic match scipy/numpy`, () => {
    const ref = numericReference(c.reference);
    assert.deepEqual(ref.edges.length, c.edges.length, 'number of decile edges');
    ref.edges.forEach((e, i) => close(e, c.edges[i]!, 1e-12, `edge ${i}`));
    const win = new NumericWindow(Float64Array.from(c.current));
    assert.deepEqual(binCounts(c.reference, ref.edges), c.referenceCounts);
    assert.deepEqual(win.binCounts(ref.edges), c.currentCounts);
    close(ref.std, c.referenceStd, 1e-12, 'std');
    close(driftTests.get('psi').compute(ref, win).statistic, c.psi, 1e-9, 'psi');
    close(driftTests.get('jensen_shannon').compute(ref, win).statistic, c.jensenShannon, 1e-9, 'jensen-shannon');
    close(wassersteinDistance(ref.sorted, win.sorted), c.wasserstein, 1e-9, 'wasserstein');
    close(wassersteinToSample(ref.sorted, win.values), c.wasserstein, 1e-9, 'wasserstein without sorting the window');
    close(wassersteinToSample(Float64Array.from(c.current).sort(), Float64Array.from(c.reference)), c.wasserstein, 1e-9, 'wasserstein, roles swapped');
    close(driftTests.get('wasserstein').compute(ref, win).statistic, c.wassersteinNormed, 1e-9, 'normed wasserstein');
    const ks = driftTests.get('ks').compute(ref, win);
    close(ks.statistic, c.ksStatistic, 1e-12, 'ks statistic');
    close(ksStatistic(win.sorted, ref.sorted), c.ksStatistic, 1e-12, 'ks statistic, arguments swapped');
    close(ks.pValue!, c.ksPValueStephens, 1e-9, 'ks p-value (Stephens-corrected limit distribution)');
    assert.ok(Math.abs(ks.pValue! - c.ksPValueScipyExact) <= 0.02, `ks p ${ks.pValue} vs scipy exact ${c.ksPValueScipyExact}`);
    assert.equal(ksPValue(0, 10, 10), 1);
  });
}

for (const c of fx.categorical) {
  test(`categorical fixture ${c.name}: χ², Jensen–Shannon and PSI match scipy`, () => {
    const ref: CategoricalReference = { kind: 'categorical', counts: c.referenceCounts };
    const win = new CategoricalWindow(new Map(Object.entries(c.currentCounts)));
    const chi = driftTests.get('chi_square').compute(ref, win);
    close(chi.statistic, c.chiSquare, 1e-9, 'chi-square statistic');
    close(chi.pValue!, c.chiSquarePValue, 1e-9, 'chi-square p-value');
    close(driftTests.get('jensen_shannon').compute(ref, win).statistic, c.jensenShannon, 1e-9, 'jensen-shannon');
    close(driftTests.get('psi').compute(ref, win).statistic, c.psi, 1e-9, 'psi');
  });
}

test('a category never seen in training makes χ² infinite (p = 0)', () => {
  const ref: CategoricalReference = { kind: 'categorical', counts: { a: 10, b: 10 } };
  const r = driftTests.get('chi_square').compute(ref, new CategoricalWindow(new Map([['a', 5], ['c', 1]])));
  assert.equal(r.statistic, Infinity);
  assert.equal(r.pValue, 0);
});

test('the registry refuses a duplicate and lists the known tests on a miss', () => {
  assert.throws(() => driftTests.register(driftTests.get('psi')), /registered twice/);
  assert.throws(() => driftTests.get('kl'), (e: Error & { code?: string }) => e.code === 'FW_ERR_MONITOR_UNKNOWN_TEST' && /chi_square, jensen_shannon, ks, psi, wasserstein/.test(e.message));
});

test('Wasserstein without sorting the window equals the merge over both sorted samples (large, with ties and outliers)', () => {
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const [n, m, shift] of [[2000, 50_000, 0], [2000, 50_000, 0.3], [500, 20_000, -1], [37, 5_000, 2]] as const) {
    const ref = Float64Array.from({ length: n }, () => Math.round((rnd() + rnd() + rnd()) * 50) / 10).sort();
    const win = Float64Array.from({ length: m }, (_, i) => (i % 997 === 0 ? 1e3 * (rnd() - 0.5) : Math.round((rnd() + rnd() + rnd() + shift) * 50) / 10));
    const exact = wassersteinDistance(ref, Float64Array.from(win).sort());
    close(wassersteinToSample(ref, win), exact, 1e-9, `n=${n} m=${m} shift=${shift}`);
  }
});
