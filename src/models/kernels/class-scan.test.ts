import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN_STRIDE } from './binning.js';
import { ClassScratch, OCC_WORDS, collectBins, nodeScore, scanClassFeature } from './class-histogram.js';
import { SplitInfo } from './split.js';
import { Rng } from '../../core/random.js';

// Brute-force reference for a numeric feature: every "bins ≤ b" cut with the missing bin on either side, gain =
// nodeScore(left) + nodeScore(right) − nodeScore(parent), first best kept (strictly better by the same tolerance).
function reference(hist: Float64Array, S: number, f: number, nb: number, P: Float64Array, msl: number): { gain: number; last: number; missLeft: boolean } {
  const K = S - 1;
  const parent = nodeScore(P, K, 'gini');
  const tol = 1e-12 * Math.abs(parent);
  const mo = (f * BIN_STRIDE + nb) * S;
  const mC = hist[mo + K]!;
  let best = { gain: 0, last: -1, missLeft: false };
  for (let d = 0; d < (mC > 0 ? 2 : 1); d++) {
    const L = new Float64Array(S);
    if (d === 1) for (let k = 0; k <= K; k++) L[k] = hist[mo + k]!;
    for (let b = 0; b < nb; b++) {
      const o = (f * BIN_STRIDE + b) * S;
      if (hist[o + K] === 0) continue;
      for (let k = 0; k <= K; k++) L[k] += hist[o + k]!;
      if (L[K]! < msl) continue;
      if (P[K]! - L[K]! < msl) break;
      const R = Float64Array.from(P, (x, k) => x - L[k]!);
      const gain = nodeScore(L, K, 'gini') + nodeScore(R, K, 'gini') - parent;
      if (gain > best.gain + tol) best = { gain, last: b, missLeft: d === 1 };
    }
  }
  return best;
}

test('multiclass gini scan (fused) finds the brute-force best split, gain bit-identical', () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 200; trial++) {
    const K = 3 + rng.int(8), S = K + 1, F = 2, f = 1; // 3..10 classes: the unrolled (≤ 8) and loop scans
    const nb = 2 + rng.int(40);
    const hist = new Float64Array(F * BIN_STRIDE * S);
    const P = new Float64Array(S);
    for (let b = 0; b <= nb; b++) {
      if (rng.next() < 0.3) continue; // empty bin
      if (b === nb && rng.next() < 0.5) continue; // no missing values
      const o = (f * BIN_STRIDE + b) * S;
      const c = 1 + rng.int(5);
      for (let i = 0; i < c; i++) { const k = rng.int(K); const wt = rng.next() < 0.5 ? 1 : 0.5 + rng.next(); hist[o + k] += wt; P[k] += wt; }
      hist[o + K] = c; P[K] += c;
    }
    const msl = 1 + rng.int(3);
    const cs = new ClassScratch(K);
    const occ = new Int32Array(F * OCC_WORDS);
    for (let b = 0; b <= nb; b++) if (hist[(f * BIN_STRIDE + b) * S + K]! > 0) occ[f * OCC_WORDS + (b >>> 5)] |= 1 << (b & 31);
    const m = collectBins(hist, S, occ, true, f, nb, cs);
    assert.equal(collectBins(hist, S, occ, false, f, nb, cs), m, 'count-slot and bitmap listings agree');
    collectBins(hist, S, occ, true, f, nb, cs);
    for (let i = 1; i < m; i++) assert.ok(cs.order[i - 1]! < cs.order[i]! && cs.order[i]! < nb, 'bins ascending, missing bin excluded');
    const best = new SplitInfo(S);
    best.reset();
    scanClassFeature(hist, S, f, nb, false, P, nodeScore(P, K, 'gini'), 'gini', msl, 0, best, cs, m);
    const ref = reference(hist, S, f, nb, P, msl);
    if (ref.last < 0) { assert.equal(best.feature, -1, `trial ${trial}`); continue; }
    assert.equal(best.feature, f, `trial ${trial}`);
    assert.equal(best.gain, ref.gain, `trial ${trial}`);
    assert.equal(best.lastLeftBin, ref.last, `trial ${trial}`);
    if (hist[(f * BIN_STRIDE + nb) * S + K]! > 0) assert.equal(best.missingLeft, ref.missLeft, `trial ${trial}`);
  }
});
