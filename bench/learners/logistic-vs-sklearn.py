#!/usr/bin/env python3
"""Fit scikit-learn's LogisticRegression on Iris (3 classes) and a binary synthetic set, write data + coefficients
as JSON for bench/learners/logistic-vs-sklearn.ts to compare against forewarn's logistic learner.

Usage (python3 with scikit-learn, e.g. Debian's python3-sklearn at /usr/bin/python3):
  /usr/bin/python3 bench/learners/logistic-vs-sklearn.py /tmp/logistic-sklearn.json
  npx tsc -p tsconfig.json && node dist/bench/learners/logistic-vs-sklearn.js /tmp/logistic-sklearn.json

Both sides standardise with the population standard deviation (StandardScaler), so coefficients are comparable
in standardised space. Tight tolerances on the sklearn side make the comparison about the optimum, not the solver.
"""
import json
import sys

import numpy as np
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/logistic-sklearn.json"
cases = []
iris = load_iris()
X_bin, y_bin = make_classification(n_samples=2000, n_features=8, n_informative=4, weights=[0.9, 0.1], random_state=0)
for name, X, y, C, cw in [
    ("iris", iris.data, iris.target, 1.0, None),
    ("iris C=0.1", iris.data, iris.target, 0.1, None),
    ("synthetic binary", X_bin, y_bin, 1.0, None),
    ("synthetic binary balanced", X_bin, y_bin, 0.5, "balanced"),
]:
    Z = StandardScaler().fit_transform(X)
    m = LogisticRegression(C=C, class_weight=cw, solver="lbfgs", tol=1e-12, max_iter=100000).fit(Z, y)
    cases.append({
        "name": name, "C": C, "class_weight": cw,
        "X": X.tolist(), "y": y.tolist(),
        "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
        "proba": m.predict_proba(Z).tolist(),
    })
with open(out, "w") as f:
    json.dump({"sklearn": __import__("sklearn").__version__, "cases": cases}, f)
print(f"wrote {out} ({len(cases)} cases, scikit-learn {__import__('sklearn').__version__})")
