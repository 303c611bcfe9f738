import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, parseModel } from './model-json.js';
import { getLearner, knownKinds, registerLearner } from '../learner-registry.js';
import { makeClassification } from '../synthetic.js';
import { toRowMatrix } from '../dataset.js';
import type { ModelJson } from '../learner.js';

async function fitted(kind: string, nClasses = 2): Promise<{ json: ModelJson; rows: ReturnType<typeof toRowMatrix>; proba: Float64Array }> {
  const d = makeClassification({ nRows: 300, nFeatures: 5, nClasses, seed: 21 });
  d.columns[1]![3] = NaN;
  const L = getLearner(kind);
  const m = await L.fit(d, L.parseParams({ n_estimators: 8 }), { seed: 1, workers: 1 });
  const rows = toRowMatrix(d);
  return { json: m.toJSON(), rows, proba: m.predictProba(rows) };
}

for (const [kind, K] of [['gbdt', 2], ['gbdt', 3], ['random_forest', 2], ['random_forest', 3]] as const) {
  test(`${kind} (${K} classes): JSON round trip predicts identically`, async () => {
    const { json, rows, proba } = await fitted(kind, K);
    const text = JSON.stringify(json);
    const back = parseModel(text);
    assert.deepEqual(back.predictProba(rows), proba);
    assert.equal(JSON.stringify(back.toJSON()), text);
    assert.equal(back.kind, kind);
  });
}

test('loadModel rejects foreign, newer, unknown and malformed payloads naming the field', async () => {
  const { json } = await fitted('gbdt');
  const clone = (): any => JSON.parse(JSON.stringify(json)); // eslint-disable-line @typescript-eslint/no-explicit-any
  const rejects = (payload: unknown, re: RegExp, code = 'FW_ERR_MODEL_BAD_FORMAT'): void =>
    assert.throws(() => loadModel(payload), (e: Error & { code?: string }) => e.code === code && re.test(e.message), String(re));
  rejects(null, /\(root\)/);
  rejects({ ...clone(), format: 'sklearn-pickle' }, /^format: must be 'forewarn-model'/);
  rejects({ ...clone(), formatVersion: 2 }, /formatVersion: is 2, newer/);
  rejects({ ...clone(), kind: 'svm' }, /unknown learner kind 'svm'; known: gbdt, logistic, random_forest/, 'FW_ERR_MODEL_UNKNOWN_KIND');
  let j = clone(); j.body.trees[0].left = 'nope'; rejects(j, /body\.trees\[0\]\.left: must be an array/);
  j = clone(); j.body.trees[0].left[0] = 9999; rejects(j, /body\.trees\[0\]\.left\[0\]: must be a node index/);
  j = clone(); j.body.trees[0].right[0] = 0; rejects(j, /body\.trees\[0\]\.right\[0\]/);
  j = clone(); j.body.trees[0].threshold[0] = null; rejects(j, /threshold\[0\]: must be a finite number/);
  j = clone(); j.body.trees[0].feature[0] = 17; rejects(j, /feature\[0\]: must be -1 \(leaf\) or a feature index/);
  j = clone(); j.body.trees[1].value.pop(); rejects(j, /body\.trees\[1\]\.value: must have/);
  j = clone(); j.body.treeClass = [0]; rejects(j, /body\.treeClass/);
  j = clone(); j.body.link = 'mean'; rejects(j, /body\.link/);
  j = clone(); j.features = []; rejects(j, /^features:/);
  j = clone(); j.classes = ['only']; rejects(j, /^classes:/);
  j = clone(); j.params.learning_rate = -1; assert.throws(() => loadModel(j), /learning_rate/);
  assert.throws(() => parseModel('{"format":', 'm.json'), /m\.json: not valid JSON/);
});

test('registry: duplicate kinds throw, misses list the known kinds', () => {
  assert.deepEqual(knownKinds(), ['gbdt', 'logistic', 'random_forest']);
  assert.throws(() => registerLearner(getLearner('gbdt')), (e: Error & { code?: string }) => e.code === 'FW_ERR_MODEL_DUPLICATE_KIND');
  assert.throws(() => getLearner('xgb'), /known: gbdt, logistic, random_forest/);
});

test('predict input errors are FwErrors, not crashes', async () => {
  const { json } = await fitted('random_forest');
  const m = loadModel(json);
  assert.throws(() => m.predictOne(Float64Array.from([1, 2])), /row must be a Float64Array of 5 feature values/);
  assert.throws(() => m.predictProba({ nRows: 2, nFeatures: 5, data: new Float64Array(3) }), /predictProba/);
  // Contributions are wired to TreeSHAP: they plus the expected value reproduce the raw output.
  const row = Float64Array.from([0.5, -1, 2, 0, 1]);
  const c = m.contributions(row);
  const p = m.predictOne(row);
  for (let k = 0; k < c.nOutputs; k++) {
    let raw = c.expected[k]!;
    for (let j = 0; j < 5; j++) raw += c.values[k * 5 + j]!;
    if (c.space === 'logit' && c.nOutputs === 1) assert.ok(Math.abs(1 / (1 + Math.exp(-raw)) - p[1]!) < 1e-9);
    else if (c.space === 'probability') assert.ok(Math.abs(raw - p[k]!) < 1e-9);
  }
});
