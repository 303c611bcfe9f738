/**
 * Seeded synthetic classification data for tests and benches, in the spirit of scikit-learn's
 * make_classification: each class is a few Gaussian clusters at hypercube vertices in the informative dimensions,
 * plus redundant features (linear mixes of the informative ones), pure-noise features and a small share of flipped
 * labels. Class proportions follow `weights` (e.g. [0.97, 0.03] for a rare failure class).
 */
import { Rng } from '../core/random.js';
import type { Dataset, FeatureSpec } from './dataset.js';

export interface SyntheticSpec {
  nRows: number;
  nFeatures: number;
  nInformative?: number;
  nRedundant?: number;
  nClasses?: number;
  weights?: number[];
  classSep?: number;
  flipY?: number;
  clustersPerClass?: number;
  seed: number;
}

export function makeClassification(s: SyntheticSpec): Dataset {
  const rng = new Rng(s.seed);
  const K = s.nClasses ?? 2;
  const F = s.nFeatures;
  const inf = Math.min(F, s.nInformative ?? Math.min(5, F));
  const red = Math.min(F - inf, s.nRedundant ?? Math.min(2, F - inf));
  const sep = s.classSep ?? 1;
  const cpc = s.clustersPerClass ?? 2;
  const weights = s.weights ?? Array.from({ length: K }, () => 1 / K);
  const columns = Array.from({ length: F }, () => new Float64Array(s.nRows));
  const y = new Int32Array(s.nRows);
  // centroids: random distinct-ish hypercube vertices
  const cent: number[][] = [];
  for (let c = 0; c < K * cpc; c++) cent.push(Array.from({ length: inf }, () => (rng.next() < 0.5 ? -sep : sep)));
  // per-cluster random linear transform (gives clusters covariance, as make_classification does)
  const mix: number[][][] = cent.map(() => Array.from({ length: inf }, () => Array.from({ length: inf }, () => rng.next() * 2 - 1)));
  const redW = Array.from({ length: red }, () => Array.from({ length: inf }, () => rng.next() * 2 - 1));
  const cum: number[] = [];
  let acc = 0;
  for (const w of weights) { acc += w; cum.push(acc); }
  const z = new Float64Array(inf);
  for (let i = 0; i < s.nRows; i++) {
    const u = rng.next() * acc;
    let k = 0;
    while (k < K - 1 && u >= cum[k]!) k++;
    const cl = k * cpc + rng.int(cpc);
    for (let d = 0; d < inf; d++) z[d] = rng.normal();
    for (let d = 0; d < inf; d++) {
      let v = cent[cl]![d]!;
      for (let e = 0; e < inf; e++) v += mix[cl]![d]![e]! * z[e]!;
      columns[d]![i] = v;
    }
    for (let r = 0; r < red; r++) {
      let v = 0;
      for (let d = 0; d < inf; d++) v += redW[r]![d]! * columns[d]![i]!;
      columns[inf + r]![i] = v;
    }
    for (let j = inf + red; j < F; j++) columns[j]![i] = rng.normal();
    y[i] = rng.next() < (s.flipY ?? 0.01) ? rng.int(K) : k;
  }
  const features: FeatureSpec[] = Array.from({ length: F }, (_, j) => ({ name: `f${j}`, type: 'numeric' }));
  const classes = K === 2 ? ['neg', 'pos'] : Array.from({ length: K }, (_, k) => `class${k}`);
  return { features, nRows: s.nRows, columns, y, classes };
}

/** Split rows into train / test by a seeded shuffle. */
export function splitIndices(n: number, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  new Rng(seed).shuffle(idx);
  const nt = Math.round(n * testFraction);
  return { test: idx.slice(0, nt).sort(), train: idx.slice(nt).sort() };
}
