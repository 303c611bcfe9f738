import { quantileCuts } from '../../models/kernels/binning.js';
import type { Dataset, RowMatrix } from '../../models/dataset.js';
import { rowMatrixColumn } from './threshold-rule.js';

/**
 * Leak detector: does one feature ALONE predict the label almost perfectly? Real maintenance signals never do; a
 * copy of the label, a code it was computed from, or a column written after the outcome does. Config load already
 * refuses the label column and its declared sources (features/config.ts labelLeakIssues); this catches the columns
 * nobody declared.
 *
 * Per feature, a one-feature lookup is fitted on TRAIN and scored on TEST: numeric features are cut into up to 255
 * equal-frequency bins (the learners' binning: a feature with few distinct values gets one bin each, so a copied
 * code maps exactly), categorical ones by category; each bin predicts its majority train class, unseen or missing
 * values the overall majority. The score is balanced accuracy (mean per-class recall) on test, so a skewed class
 * mix cannot make a constant look perfect. Scored on test, an id column cannot look perfect by memorising rows.
 */

export interface SingleFeatureLeak {
  feature: string;
  /** Balanced accuracy of the one-feature lookup on test. */
  balancedAccuracy: number;
}

/** At or above this balanced accuracy a single feature is reported as a probable leak. */
export const LEAK_BALANCED_ACCURACY = 0.99;
/**
 * A perfect score on few rows is no evidence (Iris: petal width alone classifies its 30 test rows perfectly): a
 * feature is only called a leak when, besides the balanced accuracy, (errors + 3) / rows ≤ 2 % — the "rule of three"
 * upper bound on its error rate — so at least 150 test rows without an error, or 500 with 7.
 */
const MAX_ERROR_BOUND = 0.02;
const MIN_TEST_ROWS = 3 / MAX_ERROR_BOUND;

/** Test features come as columns or as the row matrix the model scored; `testY` are the test labels. */
export function singleFeatureLeaks(train: Dataset, testX: RowMatrix | Pick<Dataset, 'columns' | 'nRows'>, testY: Int32Array, threshold = LEAK_BALANCED_ACCURACY): SingleFeatureLeak[] {
  const K = train.classes.length;
  const test = { nRows: testY.length, y: testY };
  if (K < 2 || test.nRows < MIN_TEST_ROWS || train.nRows === 0 || testX.nRows !== test.nRows) return [];
  const testCounts = new Float64Array(K);
  for (let i = 0; i < test.nRows; i++) testCounts[test.y[i]!]++;
  const present = testCounts.filter((c) => c > 0).length;
  if (present < 2) return [];
  const trainCounts = new Float64Array(K);
  for (let i = 0; i < train.nRows; i++) trainCounts[train.y[i]!]++;
  const overall = argmax(trainCounts, 0, K);
  const out: SingleFeatureLeak[] = [];
  for (let j = 0; j < train.features.length; j++) {
    const spec = train.features[j]!;
    const tr = train.columns[j]!;
    const te = 'columns' in testX ? testX.columns[j]! : rowMatrixColumn(testX, j);
    let binOf: (x: number) => number;
    let nb: number;
    if (spec.type === 'categorical') {
      nb = (spec.categories?.length ?? 0) + 1;
      binOf = (x) => (x >= 0 && x < nb - 1 && x === Math.floor(x) ? x : nb - 1);
    } else {
      const cuts = quantileCuts(tr, train.nRows, 255);
      nb = cuts.length + 2;
      binOf = (x) => {
        if (x !== x) return nb - 1;
        let lo = 0, hi = cuts.length;
        while (lo < hi) { const mid = (lo + hi) >>> 1; if (x <= cuts[mid]!) hi = mid; else lo = mid + 1; }
        return lo;
      };
    }
    const counts = new Float64Array(nb * K);
    for (let i = 0; i < train.nRows; i++) counts[binOf(tr[i]!) * K + train.y[i]!]++;
    const pred = new Int32Array(nb);
    for (let b = 0; b < nb; b++) {
      let tot = 0;
      for (let k = 0; k < K; k++) tot += counts[b * K + k]!;
      pred[b] = tot > 0 ? argmax(counts, b * K, K) : overall;
    }
    const hit = new Float64Array(K);
    let errors = 0;
    for (let i = 0; i < test.nRows; i++) if (pred[binOf(te[i]!)] === test.y[i]) hit[test.y[i]!]++; else errors++;
    let recall = 0;
    for (let k = 0; k < K; k++) if (testCounts[k]! > 0) recall += hit[k]! / testCounts[k]!;
    const ba = recall / present;
    if (ba >= threshold && (errors + 3) / test.nRows <= MAX_ERROR_BOUND) out.push({ feature: spec.name, balancedAccuracy: ba });
  }
  return out.sort((a, b) => b.balancedAccuracy - a.balancedAccuracy);
}

function argmax(a: Float64Array, off: number, K: number): number {
  let b = 0;
  for (let k = 1; k < K; k++) if (a[off + k]! > a[off + b]!) b = k;
  return b;
}

/** The loud sentence for the CLI line and the report. */
export function leakWarning(leaks: SingleFeatureLeak[]): string | null {
  if (leaks.length === 0) return null;
  const list = leaks.slice(0, 5).map((l) => `"${l.feature}" (balanced accuracy ${l.balancedAccuracy.toFixed(3)} on test)`).join(', ');
  return `WARNING: possible label leak: ${leaks.length === 1 ? 'feature' : `${leaks.length} features`} ${list}${leaks.length > 5 ? ' …' : ''} alone predict${leaks.length === 1 ? 's' : ''} the label almost perfectly; real signals rarely do. Check that ${leaks.length === 1 ? 'it is' : 'they are'} not the label, computed from it, or recorded after the outcome, and remove ${leaks.length === 1 ? 'it' : 'them'} from features (or declare the label's sources in label.derivedFrom).`;
}
