"""Reference for the serving benchmark: scikit-learn RandomForestClassifier (200 trees, max_depth 10, 25 features)
behind Flask, run by gunicorn (the common Python stack forewarn users come from). Trained at import on synthetic data
(seeded), so each gunicorn worker holds its own copy. POST /predict takes one JSON record of the 25 features."""
import numpy as np
from flask import Flask, jsonify, request
from sklearn.ensemble import RandomForestClassifier

FEATURES = ["Spindle_Bearing_Temperature(?C)", "Packet_Loss_%", "Vibration RMS"] + [f"sensor_{j}" for j in range(3, 25)]
rng = np.random.default_rng(42)
X = rng.normal(size=(20000, 25))
y = (X[:, 0] + 0.5 * X[:, 1] - X[:, 2] + rng.normal(scale=0.5, size=20000) > 0).astype(int)
model = RandomForestClassifier(n_estimators=200, max_depth=10, random_state=42, n_jobs=1).fit(X, y)
LABELS = ["ok", "failure"]

app = Flask(__name__)


@app.post("/predict")
def predict():
    rec = request.get_json()
    missing = [f for f in FEATURES if f not in rec]
    if missing:
        return jsonify({"error": f"missing {missing}"}), 400
    row = np.array([[float(rec[f]) for f in FEATURES]])
    p = model.predict_proba(row)[0]
    k = int(p.argmax())
    return jsonify({"predicted_label": LABELS[k], "label_index": k, "probabilities": dict(zip(LABELS, map(float, p)))})
