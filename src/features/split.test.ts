import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRows, type SplitInput } from './split.js';
import { crossValidationFolds } from './split-cv.js';
import { splitSection } from './config.js';
import type { FwError } from '../core/errors.js';

const H = 3_600_000;

/** 4 entities × 100 hourly rows; class 1 on every 10th row. */
function series(): SplitInput {
  const n = 400;
  const time = new Float64Array(n);
  const entity = new Int32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    entity[i] = i % 4;
    time[i] = Math.floor(i / 4) * H;
    y[i] = Math.floor(i / 4) % 10 === 0 ? 1 : 0;
  }
  return { y, classes: ['none', 'failure'], time, entity };
}

test('time split: train before the cutoff, test from cutoff + gap (default = horizon); no train label window reaches the test period', () => {
  const input = series();
  const horizon = 24 * H;
  const r = splitRows(input, splitSection.parse({ kind: 'time', testFraction: 0.25 }), { labelKind: 'event', horizonMs: horizon, seed: 1 });
  const testStart = Math.min(...Array.from(r.test, (i) => input.time![i]!));
  for (const i of r.train) assert.ok(input.time![i]! + horizon < testStart + 1, `train row ${i} label window (t, t+H] reaches the test period`);
  assert.equal(Date.parse(r.boundaries!.testStart), 75 * H);
  assert.equal(r.boundaries!.gapMs, horizon);
  assert.equal(testStart, 75 * H + horizon);
  assert.equal(r.train.length, 75 * 4);
  assert.equal(r.test.length, (100 - 75 - 24) * 4);
  assert.equal(r.dropped, 24 * 4);
  assert.deepEqual(r.counts.test, { none: 4, failure: 0 });
  assert.equal(r.counts.train.failure! + r.counts.train.none!, 300);
});

test('time split with a validation slice carved from the end of train, with its own gap', () => {
  const input = series();
  const r = splitRows(input, splitSection.parse({ kind: 'time', cutoff: '1970-01-04T04:00:00Z', gap: '2h', validation: { fraction: 0.2, gap: '5h' } }), { labelKind: 'event', horizonMs: 2 * H, seed: 1 });
  const maxT = (idx: Int32Array) => Math.max(...Array.from(idx, (i) => input.time![i]!));
  const minT = (idx: Int32Array) => Math.min(...Array.from(idx, (i) => input.time![i]!));
  assert.equal(minT(r.test), 76 * H + 2 * H);
  assert.ok(maxT(r.validation!) < 76 * H);
  assert.ok(minT(r.validation!) >= maxT(r.train) + 5 * H);
  assert.ok(r.counts.validation!.none! > 0);
});

test('a gap shorter than the label horizon is refused', () => {
  assert.throws(() => splitRows(series(), splitSection.parse({ kind: 'time', gap: '1h' }), { labelKind: 'event', horizonMs: 24 * H, seed: 1 }), (e: FwError) => e.code === 'FW_ERR_FEATURES_INVALID_SPEC' && /split\.gap/.test(e.message));
});

test('random and stratified splits of event-labelled series are refused unless forced', () => {
  for (const kind of ['random', 'stratified'] as const) {
    assert.throws(() => splitRows(series(), splitSection.parse({ kind }), { labelKind: 'event', seed: 1 }), (e: FwError) => e.code === 'FW_ERR_FEATURES_SPLIT_REFUSED' && /kind: time/.test(e.message));
    assert.throws(() => crossValidationFolds(series(), splitSection.parse({ kind, cv: { folds: 3 } }), { labelKind: 'event', seed: 1 }), (e: FwError) => e.code === 'FW_ERR_FEATURES_SPLIT_REFUSED');
    const forced = splitRows(series(), splitSection.parse({ kind, force: true }), { labelKind: 'event', seed: 1 });
    assert.equal(forced.train.length + forced.test.length, 400);
  }
});

test('stratified split keeps class proportions in every part and is deterministic by seed', () => {
  const input = series();
  const cfg = splitSection.parse({ kind: 'stratified', testFraction: 0.25, validation: { fraction: 0.2 } });
  const a = splitRows(input, cfg, { labelKind: 'column', seed: 7 });
  assert.deepEqual(a.counts.test, { none: 90, failure: 10 });
  assert.deepEqual(a.counts.validation, { none: 54, failure: 6 });
  assert.deepEqual(a.counts.train, { none: 216, failure: 24 });
  const b = splitRows(input, cfg, { labelKind: 'column', seed: 7 });
  assert.deepEqual([...a.test], [...b.test]);
  const c = splitRows(input, cfg, { labelKind: 'column', seed: 8 });
  assert.notDeepEqual([...a.test], [...c.test]);
  const all = new Set([...a.train, ...a.validation!, ...a.test]);
  assert.equal(all.size, 400);
});

test('group split never puts one entity on both sides', () => {
  const input = series();
  const r = splitRows(input, splitSection.parse({ kind: 'group', testFraction: 0.25 }), { labelKind: 'event', seed: 3 });
  const tr = new Set(Array.from(r.train, (i) => input.entity![i]));
  const te = new Set(Array.from(r.test, (i) => input.entity![i]));
  assert.equal(te.size, 1);
  assert.equal(tr.size, 3);
  for (const g of te) assert.ok(!tr.has(g));
});

test('cross-validation: expanding-window time folds respect the gap; GroupKFold and StratifiedKFold partition the rows', () => {
  const input = series();
  const tf = crossValidationFolds(input, splitSection.parse({ kind: 'time', cv: { folds: 4 } }), { labelKind: 'event', horizonMs: 3 * H, seed: 1 });
  assert.equal(tf.length, 4);
  for (let k = 0; k < 4; k++) {
    const f = tf[k]!;
    const trainMax = Math.max(...Array.from(f.train, (i) => input.time![i]!));
    const testMin = Math.min(...Array.from(f.test, (i) => input.time![i]!));
    assert.ok(trainMax + 3 * H < testMin, `fold ${k}: train label windows reach the test block`);
    if (k > 0) assert.ok(f.train.length > tf[k - 1]!.train.length, 'train window expands');
  }
  const gf = crossValidationFolds(input, splitSection.parse({ kind: 'group', cv: { folds: 4 } }), { seed: 1 });
  const seen = new Set<number>();
  for (const f of gf) {
    const groups = new Set(Array.from(f.test, (i) => input.entity![i]));
    assert.equal(groups.size, 1);
    for (const i of f.train) assert.ok(!groups.has(input.entity![i]!));
    f.test.forEach((i) => seen.add(i));
  }
  assert.equal(seen.size, 400);
  const sf = crossValidationFolds(input, splitSection.parse({ kind: 'stratified', cv: { folds: 5 } }), { labelKind: 'column', seed: 1 });
  for (const f of sf) assert.deepEqual(f.counts.test, { none: 72, failure: 8 });
});

test('empty parts are named errors, not empty arrays', () => {
  assert.throws(() => splitRows(series(), splitSection.parse({ kind: 'time', cutoff: '1960-01-01' }), { seed: 1 }), (e: FwError) => e.code === 'FW_ERR_FEATURES_SPLIT_EMPTY' && /train part is empty/.test(e.message));
  assert.throws(() => splitRows(series(), splitSection.parse({ kind: 'time', cutoff: 'not a date' }), { seed: 1 }), (e: FwError) => /split\.cutoff/.test(e.message));
});
