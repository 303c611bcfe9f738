"""Reference learners for bench/learners/run.ts: scikit-learn RandomForestClassifier and XGBoost (hist), 2 threads,
on the exact CSV files the TypeScript bench trains on. Prints one JSON object per learner on stdout.

usage: /usr/bin/python3 reference.py TRAIN.csv TEST.csv N_CLASSES WHICH(rf,xgb,xgb_exact) [N_JOBS=2]
CSV: header row, feature columns, last column = integer class index; empty cell = missing.
"""
import json
import sys
import time

import numpy as np


def load(path):
    a = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    return a[:, :-1], a[:, -1].astype(np.int64)


def score(proba, y, k):
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
    pred = proba.argmax(axis=1)
    labels = list(range(k))
    out = {"accuracy": float(accuracy_score(y, pred)),
           "macro_f1": float(f1_score(y, pred, labels=labels, average="macro", zero_division=0))}
    if k == 2:
        out["auc"] = float(roc_auc_score(y, proba[:, 1]))
    elif len(np.unique(y)) == k:  # one-vs-rest macro AUC is undefined when a class is absent from y
        out["auc"] = float(roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels))
    return out


def timing(model, xte, predict):
    one = xte[:1]
    for _ in range(20):
        predict(one)
    reps = 200
    t = time.perf_counter()
    for _ in range(reps):
        predict(one)
    single_us = (time.perf_counter() - t) / reps * 1e6
    t = time.perf_counter()
    proba = predict(xte)
    batch = len(xte) / (time.perf_counter() - t)
    return single_us, batch, proba


def main():
    train, test, k, which = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
    jobs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    xtr, ytr = load(train)
    xte, yte = load(test)
    if "rf" in which:
        from sklearn.ensemble import RandomForestClassifier
        # sklearn's RF does not accept NaN in every version: impute with the training median for the reference only.
        med = np.nanmedian(xtr, axis=0)
        xtr_i = np.where(np.isnan(xtr), med, xtr)
        xte_i = np.where(np.isnan(xte), med, xte)
        m = RandomForestClassifier(n_estimators=200, max_depth=10, min_samples_split=2, min_samples_leaf=1,
                                   max_features="sqrt", class_weight="balanced", random_state=42, n_jobs=jobs)
        t, c = time.perf_counter(), time.process_time()
        m.fit(xtr_i, ytr)
        fit_s, fit_cpu_s = time.perf_counter() - t, time.process_time() - c
        single_us, batch, proba = timing(m, xte_i, m.predict_proba)
        print(json.dumps({"learner": "sklearn_rf", "fit_s": fit_s, "fit_cpu_s": fit_cpu_s, "single_us": single_us, "batch_rows_s": batch, **score(proba, yte, k)}), flush=True)
    if "xgb" in which or "xgb_hist" in which:
        import xgboost as xgb
        params = dict(n_estimators=200, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=jobs, max_bin=255,
                      reg_lambda=1.0, min_child_weight=1.0, random_state=42)
        m = xgb.XGBClassifier(**params)
        t, c = time.perf_counter(), time.process_time()
        m.fit(xtr, ytr)
        fit_s, fit_cpu_s = time.perf_counter() - t, time.process_time() - c
        single_us, batch, proba = timing(m, xte, m.predict_proba)
        print(json.dumps({"learner": "xgboost_hist", "fit_s": fit_s, "fit_cpu_s": fit_cpu_s, "single_us": single_us, "batch_rows_s": batch, **score(proba, yte, k)}), flush=True)
    if "xgb_exact" in which:
        import xgboost as xgb
        # XGBoost's exact greedy method: every distinct value a candidate (what forewarn's small-data default does)
        params = dict(n_estimators=200, max_depth=6, learning_rate=0.1, tree_method="exact", n_jobs=jobs,
                      reg_lambda=1.0, min_child_weight=1.0, random_state=42)
        m = xgb.XGBClassifier(**params)
        t, c = time.perf_counter(), time.process_time()
        m.fit(xtr, ytr)
        fit_s, fit_cpu_s = time.perf_counter() - t, time.process_time() - c
        single_us, batch, proba = timing(m, xte, m.predict_proba)
        print(json.dumps({"learner": "xgboost_exact", "fit_s": fit_s, "fit_cpu_s": fit_cpu_s, "single_us": single_us, "batch_rows_s": batch, **score(proba, yte, k)}), flush=True)


if __name__ == "__main__":
    main()
