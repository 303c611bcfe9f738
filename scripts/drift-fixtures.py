#!/usr/bin/env python3
"""Reference values for forewarn's drift statistics (src/monitoring/drift/*), computed with scipy.

Writes test/fixtures/monitoring/drift-scipy.json. The TypeScript tests read that file and need no Python.
Rerun after changing a fixture:  python3 scripts/drift-fixtures.py

Conventions shared with the TypeScript code (keep them in step):
- numeric bins for PSI and Jensen-Shannon: interior edges = the reference's deciles (numpy's default "linear"
  quantile, Hyndman-Fan type 7), duplicates removed; a value v falls in bin searchsorted(edges, v, side='left'),
  i.e. the number of edges strictly below v;
- empty bins / categories are floored at 1e-4 of the share (Evidently's convention) before PSI and JS;
- PSI = sum((cur - ref) * ln(cur / ref)) over the floored shares (= KL(cur||ref) + KL(ref||cur));
- Jensen-Shannon = scipy.spatial.distance.jensenshannon (natural log): the distance, not the divergence;
- normalised Wasserstein = scipy.stats.wasserstein_distance(ref, cur) / numpy.std(ref) (ddof 0), as Evidently;
- chi-square = scipy.stats.chisquare(cur counts, ref shares * n_cur) over the union of categories;
- KS p-value = Kolmogorov's limit distribution with Stephens' small-sample correction,
  kstwobign.sf((sqrt(en) + 0.12 + 0.11/sqrt(en)) * D), en = n*m/(n+m); scipy's own (exact) ks_2samp p-value is
  recorded too and the test bounds the difference.
"""
import json, os
import numpy as np
from scipy import stats, special
from scipy.spatial.distance import jensenshannon

FLOOR = 1e-4
rng = np.random.default_rng(20261207)


def floored(shares):
    s = np.asarray(shares, dtype=float)
    return np.where(s == 0, FLOOR, s)


def numeric_case(name, ref, cur):
    ref = np.round(ref, 4); cur = np.round(cur, 4)
    edges = np.unique(np.quantile(ref, np.linspace(0.1, 0.9, 9)))
    nb = len(edges) + 1
    rc = np.bincount(np.searchsorted(edges, ref, side='left'), minlength=nb)
    cc = np.bincount(np.searchsorted(edges, cur, side='left'), minlength=nb)
    rp = floored(rc / len(ref)); cp = floored(cc / len(cur))
    psi = float(np.sum((cp - rp) * np.log(cp / rp)))
    psi_kl = float(np.sum(special.rel_entr(cp, rp)) + np.sum(special.rel_entr(rp, cp)))
    assert abs(psi - psi_kl) < 1e-9
    ks = stats.ks_2samp(ref, cur)
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    lam = (np.sqrt(en) + 0.12 + 0.11 / np.sqrt(en)) * ks.statistic
    return {
        'name': name, 'reference': ref.tolist(), 'current': cur.tolist(),
        'edges': edges.tolist(), 'referenceCounts': rc.tolist(), 'currentCounts': cc.tolist(),
        'psi': psi,
        'jensenShannon': float(jensenshannon(rp, cp)),
        'ksStatistic': float(ks.statistic), 'ksPValueScipyExact': float(ks.pvalue),
        'ksPValueStephens': float(stats.kstwobign.sf(lam)),
        'wasserstein': float(stats.wasserstein_distance(ref, cur)),
        'wassersteinNormed': float(stats.wasserstein_distance(ref, cur) / np.std(ref)),
        'referenceStd': float(np.std(ref)),
    }


def categorical_case(name, ref_counts, cur_counts):
    keys = sorted(set(ref_counts) | set(cur_counts))
    r = np.array([ref_counts.get(k, 0) for k in keys], dtype=float)
    c = np.array([cur_counts.get(k, 0) for k in keys], dtype=float)
    exp = r / r.sum() * c.sum()
    chi = stats.chisquare(c, exp)
    rp = floored(r / r.sum()); cp = floored(c / c.sum())
    return {
        'name': name, 'referenceCounts': ref_counts, 'currentCounts': cur_counts,
        'chiSquare': float(chi.statistic), 'chiSquarePValue': float(chi.pvalue),
        'jensenShannon': float(jensenshannon(rp, cp)),
        'psi': float(np.sum((cp - rp) * np.log(cp / rp))),
    }


numeric = [
    numeric_case('same-normal', rng.normal(170, 15, 400), rng.normal(170, 15, 300)),
    numeric_case('shift-8pct', rng.normal(170, 15, 500), rng.normal(170 * 1.08, 15 * 1.08, 250)),
    numeric_case('small-n', rng.normal(0, 1, 40), rng.normal(0.4, 1, 35)),
    numeric_case('skewed-gamma', rng.gamma(2.0, 3.0, 800), rng.gamma(2.3, 3.0, 600)),
    numeric_case('ties-integers', rng.integers(0, 12, 300).astype(float), rng.integers(1, 13, 200).astype(float)),
    numeric_case('empty-bins', rng.normal(0, 1, 300), rng.normal(3, 0.2, 100)),
]
categorical = [
    categorical_case('models-same', {'model1': 300, 'model2': 250, 'model3': 280, 'model4': 170},
                     {'model1': 31, 'model2': 24, 'model3': 27, 'model4': 18}),
    categorical_case('models-shifted', {'model1': 300, 'model2': 250, 'model3': 280, 'model4': 170},
                     {'model1': 10, 'model2': 40, 'model3': 30, 'model4': 20}),
    categorical_case('binary', {'no': 900, 'yes': 100}, {'no': 170, 'yes': 30}),
    categorical_case('missing-in-current', {'a': 50, 'b': 30, 'c': 20}, {'a': 60, 'b': 40}),
]
chi2_sf = [{'x': x, 'df': df, 'sf': float(stats.chi2.sf(x, df))}
           for x, df in [(0.5, 1), (3.84, 1), (10, 3), (7.8, 3), (0.01, 2), (50, 10), (120, 99), (300, 250), (2.0, 7)]]
kolmogorov_sf = [{'x': x, 'sf': float(stats.kstwobign.sf(x))} for x in [0.2, 0.5, 0.8, 1.0, 1.36, 1.63, 2.0, 3.0]]

out = {
    'generatedBy': 'scripts/drift-fixtures.py',
    'scipy': __import__('scipy').__version__, 'numpy': np.__version__,
    'numeric': numeric, 'categorical': categorical, 'chi2Sf': chi2_sf, 'kolmogorovSf': kolmogorov_sf,
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'monitoring', 'drift-scipy.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(f'wrote {path}: {len(numeric)} numeric, {len(categorical)} categorical cases (scipy {out["scipy"]})')
