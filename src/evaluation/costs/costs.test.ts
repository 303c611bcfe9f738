import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FwError } from '../../core/errors.js';
import { buildEventIndex } from './event-index.js';
import { simulateEpisodes } from './episodes.js';
import { runToFailureCost, modelCost, fixedIntervalCost } from './strategies.js';
import { leadTimeSummary } from '../lead-time.js';

const H = 3_600_000;
const costs = { missedFailure: 10_000, falseAlarm: 500, plannedMaintenance: 1_000 };

/** Three machines, rows every 12 h from 0 to 96 h, horizon 24 h (worked through by hand in the comments). */
function fixture() {
  const entity: string[] = [];
  const time: number[] = [];
  const alertAt: Record<string, number[]> = { A: [24, 36, 72, 96], B: [84], C: [12, 24, 36] };
  const alerts: number[] = [];
  for (const e of ['A', 'B', 'C']) {
    for (let h = 0; h <= 96; h += 12) {
      entity.push(e);
      time.push(h * H);
      alerts.push(alertAt[e]!.includes(h) ? 1 : 0);
    }
  }
  const failures = [{ entity: 'A', time: 50 * H }, { entity: 'B', time: 30 * H }, { entity: 'C', time: 30 * H }];
  const index = buildEventIndex({ entity, time: Float64Array.from(time), failures, horizonMs: 24 * H, machineMonths: 3 });
  return { index, alerts: Uint8Array.from(alerts) };
}

test('alert episodes: grouping within the horizon, split at failures, caught / missed / false alarms', () => {
  const { index, alerts } = fixture();
  const o = simulateEpisodes(index, alerts, true);
  // A: {24,36} catches the 50 h failure (lead 26 h); {72,96} false alarm, censored (96 + 24 > 96).
  // B: the 30 h failure had no alert → missed; {84} false alarm, censored.
  // C: {12,24} catches the 30 h failure (lead 18 h); the 36 h alert comes after the failure → new episode, false alarm.
  assert.equal(o.episodes, 5);
  // {72,96} alerts for a full horizon (24 h) → 2 visits; every other episode 1.
  assert.equal(o.visits, 6);
  assert.equal(o.alertRows, 8);
  assert.equal(o.falseAlarms, 3);
  assert.equal(o.censored, 2);
  assert.equal(o.missed, 1);
  assert.deepEqual(o.caught.map((c) => [c.entity, c.leadMs / H]), [['A', 26], ['C', 18]]);
  assert.deepEqual(o.episodeList!.map((e) => [e.entity, e.start / H, e.last / H, e.caught, e.visits]), [
    ['A', 24, 36, 1, 1], ['A', 72, 96, 0, 2], ['B', 84, 84, 0, 1], ['C', 12, 24, 1, 1], ['C', 36, 36, 0, 1],
  ]);
});

test('strategy costs: run-to-failure, model, fixed interval (1 day and 2 days)', () => {
  const { index, alerts } = fixture();
  const rtf = runToFailureCost(index, costs);
  assert.equal(rtf.totalCost, 30_000);
  assert.equal(rtf.costPerMachineMonth, 10_000);
  const m = modelCost(index, simulateEpisodes(index, alerts), costs);
  // 6 visits · 1000 + 3 false-alarm episodes · 500 + 1 missed · 10000
  assert.equal(m.totalCost, 17_500);
  assert.equal(m.maintenanceActions, 6);
  assert.equal(m.costPerMachineMonth, 17_500 / 3);
  assert.equal(m.savingsPerMachineMonth, 12_500 / 3);
  // Every 24 h, calendars staggered by 4/12/20 h: A 4,28,52,76; B 12,36,60,84; C 20,44,68,92 = 12 visits;
  // each failure has one in [f − 24 h, f): A 50 ← 28, B 30 ← 12, C 30 ← 20.
  const d1 = fixedIntervalCost(index, costs, 1, [undefined]);
  assert.deepEqual([d1.maintenanceActions, d1.failuresCaught, d1.totalCost], [12, 3, 12_000]);
  // Every 48 h, offsets 8/24/40 h: A 8,56; B 24,72; C 40,88 = 6 visits; only B (30 h ← 24 h) is prevented.
  const d2 = fixedIntervalCost(index, costs, 2, [undefined]);
  assert.deepEqual([d2.maintenanceActions, d2.failuresCaught, d2.totalCost], [6, 1, 26_000]);
  // Two components double the visits, not the failures.
  assert.equal(fixedIntervalCost(index, costs, 2, ['c1', 'c2']).maintenanceActions, 12);
});

test('lead time quantiles and histogram', () => {
  const { index, alerts } = fixture();
  const s = leadTimeSummary(simulateEpisodes(index, alerts).caught, 10);
  assert.equal(s.count, 2);
  assert.equal(s.hours!.median, 22);
  assert.ok(Math.abs(s.hours!.p10 - 18.8) < 1e-9);
  assert.deepEqual(s.histogram.map((b) => b.count), [0, 1, 1]);
  assert.deepEqual(leadTimeSummary([]), { count: 0, hours: null, histogram: [] });
});

test('event inputs are validated with the field named', () => {
  const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof FwError && re.test(e.message));
  bad(() => buildEventIndex({ entity: ['a'], time: Float64Array.from([NaN]), failures: [], horizonMs: H }), /time\[0\]/);
  bad(() => buildEventIndex({ entity: ['a', 'b'], time: Float64Array.from([0]), failures: [], horizonMs: H }), /entity has 2/);
  bad(() => buildEventIndex({ entity: ['a'], time: Float64Array.from([0]), failures: [{ entity: 'a', time: Infinity }], horizonMs: H }), /failures\[0\]\.time/);
  bad(() => buildEventIndex({ entity: ['a'], time: Float64Array.from([0]), failures: [], horizonMs: 0 }), /horizonMs/);
  bad(() => buildEventIndex({ entity: ['a'], time: Float64Array.from([0]), failures: [], horizonMs: H }), /machineMonths/);
});
