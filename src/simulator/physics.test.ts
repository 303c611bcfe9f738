import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateFleet } from './index.js';
import { SENSOR_NOISE_SD, WEAR_EFFECTS, COMPONENTS, COMPONENT_ERRORS } from './machine-models.js';

// 30 machines × 120 days: ~75 failures, enough for stable averages, well under a second to simulate.
const fleet = simulateFleet({ machines: 30, days: 120, seed: 2024 });
const hours = 120 * 24;
const { telemetry } = fleet.tables;
const sensors = [telemetry.volt, telemetry.rotate, telemetry.pressure, telemetry.vibration];
const hourOf = (dt: string) => Math.round((Date.parse(dt.replace(' ', 'T') + 'Z') - Date.UTC(2015, 0, 1, 6)) / 3_600_000);

function meanOver(machineID: number, sensor: number, from: number, to: number): number {
  const base = (machineID - 1) * hours;
  let s = 0, n = 0;
  for (let h = Math.max(0, from); h < Math.min(hours, to); h++, n++) s += sensors[sensor]![base + h]!;
  return n ? s / n : NaN;
}

test('failures are preceded by a shift of the failing component\'s own sensor, in its direction, starting about 2 days before', () => {
  assert.ok(fleet.tables.failures.length >= 40, `enough failures to test (${fleet.tables.failures.length})`);
  for (const comp of COMPONENTS) {
    const fx = WEAR_EFFECTS[comp];
    const shifts = [0, 0, 0, 0];
    const early = [0, 0, 0, 0];
    let n = 0;
    for (const f of fleet.tables.failures) {
      if (f.failure !== comp) continue;
      const h = hourOf(f.datetime);
      if (h < 24 * 12) continue; // need a clean reference week
      n++;
      for (let s = 0; s < 4; s++) {
        const ref = meanOver(f.machineID, s, h - 24 * 12, h - 24 * 9);
        shifts[s] += (meanOver(f.machineID, s, h - 12, h) - ref) / SENSOR_NOISE_SD[s]!;
        early[s] += (meanOver(f.machineID, s, h - 72, h - 48) - ref) / SENSOR_NOISE_SD[s]!;
      }
    }
    if (n < 5) continue;
    const own = (fx.direction * shifts[fx.sensor]!) / n;
    assert.ok(own > 0.5, `${comp}: mean shift of its sensor in the last 12 h is ${own.toFixed(2)} sd`);
    // As on the real Azure PdM subset, the shift starts ~2 days before the failure: 2–3 days before it is not there
    // yet (only the odd excursion with no failure after it, which every sensor has a few times a year).
    const before = (fx.direction * early[fx.sensor]!) / n;
    assert.ok(before < own * 0.4, `${comp}: shift 2–3 days before ${before.toFixed(2)} sd vs ${own.toFixed(2)} in the last 12 h`);
    for (let s = 0; s < 4; s++) {
      if (s === fx.sensor || s === fx.secondary?.sensor) continue;
      assert.ok(Math.abs(shifts[s]! / n) < own / 2.5, `${comp}: unrelated sensor ${s} shifts ${(shifts[s]! / n).toFixed(2)} sd`);
    }
  }
});

test('errors of the failing component\'s codes are far more frequent in the 2 days before a failure', () => {
  const errs = new Map<string, number[]>();
  for (const e of fleet.tables.errors) {
    const k = `${e.machineID}/${e.errorID}`;
    if (!errs.has(k)) errs.set(k, []);
    errs.get(k)!.push(hourOf(e.datetime));
  }
  let before = 0, beforeHours = 0;
  for (const f of fleet.tables.failures) {
    const h = hourOf(f.datetime);
    for (const code of COMPONENT_ERRORS[f.failure]) {
      const list = errs.get(`${f.machineID}/${code}`) ?? [];
      before += list.filter((t) => t >= h - 48 && t < h).length;
      beforeHours += Math.min(48, h);
    }
  }
  const overall = fleet.tables.errors.length / (5 * 30 * hours); // per code per machine-hour
  const pre = before / beforeHours;
  assert.ok(pre > 10 * overall, `error rate before failures ${pre.toExponential(2)} vs overall ${overall.toExponential(2)}`);
});

test('every failure gets reactive maintenance at the same timestamp, which resets the drift', () => {
  const maint = new Set(fleet.tables.maint.map((m) => `${m.datetime}/${m.machineID}/${m.comp}`));
  let reset = 0, n = 0;
  for (const f of fleet.tables.failures) {
    assert.ok(maint.has(`${f.datetime}/${f.machineID}/${f.failure}`), `failure ${f.datetime} machine ${f.machineID} ${f.failure} has maintenance`);
    const h = hourOf(f.datetime);
    if (h + 24 > hours || h < 24) continue;
    const fx = WEAR_EFFECTS[f.failure];
    reset += (fx.direction * (meanOver(f.machineID, fx.sensor, h - 12, h) - meanOver(f.machineID, fx.sensor, h, h + 24))) / SENSOR_NOISE_SD[fx.sensor]!;
    n++;
  }
  assert.ok(reset / n > 0.5, `sensor falls back after replacement by ${(reset / n).toFixed(2)} sd on average`);
});

test('component episodes are contiguous and end in a failure or a scheduled maintenance', () => {
  const failures = new Set(fleet.tables.failures.map((f) => `${f.datetime}/${f.machineID}/${f.failure}`));
  const maint = new Set(fleet.tables.maint.map((m) => `${m.datetime}/${m.machineID}/${m.comp}`));
  const byKey = new Map<string, typeof fleet.truth>();
  for (const e of fleet.truth) {
    const k = `${e.machineID}/${e.comp}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(e);
  }
  assert.equal(byKey.size, 30 * 4);
  for (const list of byKey.values()) {
    for (let i = 1; i < list.length; i++) assert.equal(list[i]!.installed, list[i - 1]!.ended);
    for (const e of list) {
      if (e.ended < '2015-01-01' || e.ended >= '2015-05-01') continue;
      assert.ok(maint.has(`${e.ended}/${e.machineID}/${e.comp}`), 'every replacement is in the maintenance log');
      assert.equal(failures.has(`${e.ended}/${e.machineID}/${e.comp}`), e.endReason === 'failure');
    }
  }
  const weak = fleet.truth.filter((e) => e.endReason === 'failure' && e.strength < 0.5).length;
  assert.ok(weak > 0, 'some failures have weak precursors');
});

test('older machines and failure-prone models fail more often', async () => {
  const { planFleet } = await import('./fleet.js');
  const fleet = planFleet({ machines: 400, days: 365, seed: 77 });
  const byAge = { young: [0, 0], old: [0, 0] };
  const byModel = new Map<string, [number, number]>();
  for (const p of fleet.plans) {
    const g = p.age <= 6 ? byAge.young : p.age >= 14 ? byAge.old : null;
    if (g) { g[0] += p.failures.length; g[1]++; }
    const m = byModel.get(p.model) ?? [0, 0];
    m[0] += p.failures.length; m[1]++;
    byModel.set(p.model, m);
  }
  const rate = (x: number[]) => x[0]! / x[1]!;
  assert.ok(rate(byAge.old) > 1.15 * rate(byAge.young), `old ${rate(byAge.old).toFixed(2)} vs young ${rate(byAge.young).toFixed(2)} failures/machine-year`);
  assert.ok(rate(byModel.get('model4')!) > rate(byModel.get('model1')!), 'model4 (hazard 1.1) fails more than model1 (0.85)');
});

function rocAuc(scores: number[], labels: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const P = labels.reduce((a, b) => a + b, 0), N = labels.length - P;
  let tp = 0, area = 0;
  for (const i of idx) { if (labels[i]) tp++; else area += tp; }
  return area / (P * N);
}

test('learnable but not trivially: raw single-sensor thresholds stay weak, rolling deviations do much better', () => {
  const failuresAt = new Map<number, number[]>();
  for (const f of fleet.tables.failures) {
    if (!failuresAt.has(f.machineID)) failuresAt.set(f.machineID, []);
    failuresAt.get(f.machineID)!.push(hourOf(f.datetime));
  }
  const labels: number[] = [];
  const raw: number[][] = [[], [], [], []];
  const engineered: number[] = [];
  for (let m = 1; m <= 30; m++) {
    for (let h = 8 * 24; h < hours - 24; h += 4) {
      labels.push((failuresAt.get(m) ?? []).some((f) => f > h && f <= h + 24) ? 1 : 0);
      let best = -Infinity;
      for (let s = 0; s < 4; s++) {
        raw[s]!.push(sensors[s]![(m - 1) * hours + h]!);
        // 24 h mean against the machine's own previous week, signed by the direction wear pushes this sensor.
        const dir = Object.values(WEAR_EFFECTS).find((fx) => fx.sensor === s)!.direction;
        best = Math.max(best, (dir * (meanOver(m, s, h - 23, h + 1) - meanOver(m, s, h - 191, h - 23))) / SENSOR_NOISE_SD[s]!);
      }
      engineered.push(best);
    }
  }
  const rawAucs = raw.flatMap((col) => [rocAuc(col, labels), rocAuc(col.map((v) => -v), labels)]);
  const bestRaw = Math.max(...rawAucs);
  const eng = rocAuc(engineered, labels);
  assert.ok(bestRaw < 0.7, `best raw single-sensor AUC ${bestRaw.toFixed(3)}`);
  assert.ok(eng > bestRaw + 0.1, `rolling-deviation AUC ${eng.toFixed(3)} vs raw ${bestRaw.toFixed(3)}`);
  // The same statistic on the real Azure PdM subset (20 machines, Q1 2015) is 0.959, and on simulated fleets of that
  // size 0.95–0.98: strong precursors are what the real data has, yet rows 1–2 days before a failure (shifted, but
  // labelled "no failure within 24 h") keep it from being perfect.
  assert.ok(eng < 0.995, `not trivially separable (${eng.toFixed(3)})`);
});
