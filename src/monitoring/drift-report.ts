/**
 * Drift of one window of logged predictions against a version's baseline: a test per feature (chosen by column kind
 * and window size unless configured), dataset drift when at least `share` of the features drift (Evidently's
 * DatasetDriftMetric, default 50 %), and prediction drift (the alert score and the predicted labels).
 */
import { driftTests } from './drift/drift-tests.js';
import { CategoricalWindow, NumericWindow, type Window } from './drift/drift-test.js';
import { defaultTestName, LARGE_WINDOW } from './drift/select.js';
import { psiBand } from './drift/psi.js';
import { referenceOf, type Baseline, type FeatureProfile } from './baseline.js';
import { MonitorErrors } from './errors.js';

export interface DriftOptions {
  /** Share of features that must drift for dataset drift (0 < share ≤ 1). Default 0.5. */
  share?: number;
  /** Window size above which distances replace hypothesis tests. Default 1000. */
  largeWindow?: number;
  /** Test per feature name, or per kind ('numeric' / 'categorical'); default chosen by select.ts. */
  tests?: Record<string, string>;
  /** Threshold per test name; default each test's own. */
  thresholds?: Record<string, number>;
}

/** One window, columnar: numeric features as numbers (NaN = missing), categoricals as strings (null = missing). */
export interface DriftWindow {
  rows: number;
  columns: Map<string, Float64Array | (string | null)[]>;
  scores?: Float64Array;
  labels?: (string | null)[];
}

export interface ColumnDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  test: string;
  statistic: number;
  pValue?: number;
  threshold: number;
  drifted: boolean;
  /** PSI on the same bins, always reported (with its band) so tables compare across windows. */
  psi: number;
  psiBand: 'stable' | 'moderate' | 'significant';
  windowRows: number;
  missingRate: { reference: number; window: number };
}

export interface DriftResult {
  rows: number;
  share: number;
  driftedFeatures: number;
  totalFeatures: number;
  datasetDrift: boolean;
  features: ColumnDrift[];
  prediction: ColumnDrift[];
}

export function resolveDriftOptions(o: DriftOptions = {}): Required<DriftOptions> {
  const share = o.share ?? 0.5;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`drift share: expected a number in (0, 1], got ${String(share)}`);
  const largeWindow = o.largeWindow ?? LARGE_WINDOW;
  if (!Number.isInteger(largeWindow) || largeWindow < 1) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`drift largeWindow: expected an integer ≥ 1, got ${String(largeWindow)}`);
  for (const [k, t] of Object.entries(o.tests ?? {})) {
    try {
      driftTests.get(t);
    } catch (e) {
      throw MonitorErrors.FW_ERR_MONITOR_UNKNOWN_TEST(`drift tests.${k}: ${(e as Error).message}`);
    }
  }
  for (const [t, v] of Object.entries(o.thresholds ?? {})) {
    driftTests.get(t);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`drift thresholds.${t}: expected a finite number ≥ 0, got ${String(v)}`);
  }
  return { share, largeWindow, tests: o.tests ?? {}, thresholds: o.thresholds ?? {} };
}

function windowOf(profile: FeatureProfile, values: Float64Array | (string | null)[], refKind: 'numeric' | 'categorical'): { window: Window; missing: number } {
  let missing = 0;
  if (refKind === 'numeric') {
    const v = values as Float64Array;
    let k = 0;
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (Number.isFinite(x)) out[k++] = x;
      else missing++;
    }
    return { window: new NumericWindow(out.subarray(0, k)), missing };
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === null || x === undefined || (typeof x === 'number' && !Number.isFinite(x))) {
      missing++;
      continue;
    }
    const key = String(x);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  void profile;
  return { window: new CategoricalWindow(counts), missing };
}

function columnDrift(profile: FeatureProfile, values: Float64Array | (string | null)[], o: Required<DriftOptions>): ColumnDrift {
  const reference = referenceOf(profile);
  const { window, missing } = windowOf(profile, values, reference.kind);
  const name = o.tests[profile.name] ?? o.tests[reference.kind] ?? defaultTestName(reference.kind, window.size, o.largeWindow);
  const test = driftTests.get(name);
  const threshold = o.thresholds[name] ?? test.defaultThreshold;
  const psi = driftTests.get('psi').compute(reference, window).statistic;
  const base = {
    feature: profile.name,
    kind: reference.kind,
    test: name,
    threshold,
    psi,
    psiBand: psiBand(psi),
    windowRows: values.length,
    missingRate: { reference: profile.count ? profile.missing / profile.count : 0, window: values.length ? missing / values.length : 0 },
  };
  if (window.size === 0) return { ...base, statistic: NaN, drifted: false };
  if (!test.columnKinds.includes(reference.kind)) {
    throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`drift test ${name} does not apply to ${reference.kind} feature ${profile.name} (it takes ${test.columnKinds.join(', ')})`);
  }
  const r = test.compute(reference, window);
  const drifted = test.kind === 'p_value' ? r.pValue! < threshold : r.statistic >= threshold;
  return { ...base, statistic: r.statistic, ...(r.pValue !== undefined ? { pValue: r.pValue } : {}), drifted };
}

export function computeDrift(baseline: Baseline, window: DriftWindow, options: DriftOptions = {}): DriftResult {
  const o = resolveDriftOptions(options);
  const features: ColumnDrift[] = [];
  for (const p of baseline.features) {
    const values = window.columns.get(p.name);
    if (!values) continue; // a feature the window does not carry is reported as not compared, below
    features.push(columnDrift(p, values, o));
  }
  const prediction: ColumnDrift[] = [];
  if (baseline.predictions?.score && window.scores) prediction.push(columnDrift(baseline.predictions.score, window.scores, o));
  if (baseline.predictions && window.labels) prediction.push(columnDrift(baseline.predictions.labels, window.labels, o));
  const drifted = features.filter((f) => f.drifted).length;
  const total = features.length;
  return { rows: window.rows, share: o.share, driftedFeatures: drifted, totalFeatures: total, datasetDrift: total > 0 && drifted >= o.share * total, features, prediction };
}
