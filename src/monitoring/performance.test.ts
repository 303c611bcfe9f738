import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realisedPerformance, weekOf } from './performance.js';

const H = 3_600_000;
const t0 = Date.UTC(2015, 10, 2); // Monday 2015-11-02

test('weeks start on Monday (UTC)', () => {
  assert.equal(weekOf(t0), '2015-11-02');
  assert.equal(weekOf(t0 + 6 * 24 * H + 23 * H), '2015-11-02');
  assert.equal(weekOf(t0 + 7 * 24 * H), '2015-11-09');
});

test('labels, precision, recall, event recall and lead time follow the training label (failure in (t, t + horizon])', () => {
  // Machine a: hourly predictions for 48 h, failure at 30 h; alerts at 4 h (too early), 20 h and 25 h.
  // Machine b: failure at 40 h, never alerted. Machine c: a false alarm at 5 h, no failure.
  const preds = [];
  for (let h = 0; h < 48; h++) preds.push({ entity: 'a', time: t0 + h * H, alert: h === 4 || h === 20 || h === 25 });
  for (let h = 0; h < 48; h++) preds.push({ entity: 'b', time: t0 + h * H, alert: false });
  preds.push({ entity: 'c', time: t0 + 5 * H, alert: true });
  const r = realisedPerformance(preds, [{ entity: 'a', time: t0 + 30 * H }, { entity: 'b', time: t0 + 40 * H }, { entity: 'z', time: t0 }], 24 * H, { eventRecall: 0.9, precision: 0.5 }, 0.1);
  const o = r.overall;
  // Positives: a at 6..29 h (24 rows), b at 16..39 h (24 rows).
  assert.equal(o.positives, 48);
  assert.equal(o.alerts, 4);
  assert.equal(o.truePositives, 2, 'alerts at 20 h and 25 h are within 24 h of the failure; 4 h is not');
  assert.equal(o.precision, 0.5);
  assert.equal(o.recall, 2 / 48);
  assert.equal(o.failures, 2, 'machine z had no predictions: its failure is not ours');
  assert.equal(o.caught, 1);
  assert.equal(o.eventRecall, 0.5);
  assert.equal(o.meanLeadHours, 10, 'first alert inside [f − 24 h, f) is at 20 h, the failure at 30 h');
  assert.deepEqual(o.degraded, ['eventRecall']);
  assert.deepEqual(r.weeks.map((w) => w.week), ['2015-11-02']);
});
