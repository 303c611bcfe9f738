import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuck, type Duck } from '../data/duckdb.js';
import { Rng } from '../core/random.js';
import { featuresSection } from './config.js';
import { resolveFeatureSpec } from './resolve.js';
import { checkParity } from './parity.js';
import { OnlineFeatureEngine } from './online/engine.js';
import { createTable, at, type Cell } from './test-support.js';
import type { FwError } from '../core/errors.js';

/**
 * A random Azure-shaped stream: 4 machines over 4 days, telemetry roughly hourly with dropped hours, odd minutes,
 * duplicated instants, NULL / NaN / Infinity readings; errors and maintenance at random instants, some exactly on
 * telemetry times and some simultaneous.
 */
async function stream(seed: number): Promise<Duck> {
  const rng = new Rng(seed);
  const duck = await openDuck(':memory:', 1);
  const tel: Cell[][] = [];
  const err: Cell[][] = [];
  const mnt: Cell[][] = [];
  const oil: Cell[][] = [];
  for (let m = 1; m <= 4; m++) {
    for (let h = 0; h < 96; h++) {
      if (rng.next() < 0.15) continue; // gap
      const t = rng.next() < 0.1 ? h + rng.int(60) / 60 : h;
      const reps = rng.next() < 0.05 ? 2 : 1; // duplicated instant
      for (let r = 0; r < reps; r++) {
        const val = (mu: number, sd: number): number | null => {
          const u = rng.next();
          return u < 0.04 ? null : u < 0.06 ? NaN : u < 0.07 ? Infinity : mu + sd * rng.normal();
        };
        tel.push([m, at(t), val(170, 15), val(450, 50), val(100, 10), val(40, 5)]);
      }
      if (rng.next() < 0.12) err.push([m, at(h), `error${1 + rng.int(3)}`]);
      if (rng.next() < 0.05) err.push([m, at(h + rng.int(60) / 60), `error${1 + rng.int(3)}`]);
      if (rng.next() < 0.2) oil.push([m, at(h + rng.int(120) / 60), rng.next() < 0.1 ? null : 30 + 3 * rng.normal()]);
      if (rng.next() < 0.03) mnt.push([m, at(h), `comp${1 + rng.int(2)}`], [m, at(h), 'comp3']);
    }
  }
  await createTable(duck, 'telemetry', { machineID: 'INTEGER', datetime: 'TIMESTAMP', volt: 'DOUBLE', rotate: 'DOUBLE', pressure: 'DOUBLE', vibration: 'DOUBLE' }, tel);
  await createTable(duck, 'errors', { machineID: 'INTEGER', datetime: 'TIMESTAMP', errorID: 'VARCHAR' }, err);
  await createTable(duck, 'maint', { machineID: 'INTEGER', datetime: 'TIMESTAMP', comp: 'VARCHAR' }, mnt);
  await createTable(duck, 'oil', { machineID: 'INTEGER', datetime: 'TIMESTAMP', viscosity: 'DOUBLE' }, oil);
  await createTable(duck, 'machines', { machineID: 'INTEGER', model: 'VARCHAR', age: 'INTEGER' }, [[1, 'model1', 3], [2, 'model2', 7], [3, 'model1', 12]]);
  return duck;
}

const cfg = (every?: string) => ({
  base: { table: 'telemetry', entity: 'machineID', time: 'datetime', ...(every ? { every } : {}) },
  columns: ['volt'],
  rolling: [
    { columns: ['volt', 'rotate', 'pressure', 'vibration'], windows: ['3h', '24h'], aggregates: ['mean', 'std', 'min', 'max', 'slope', 'last', 'count'] },
    // A source other than the base table: irregular oil samples, windows evaluated at telemetry times.
    { table: 'oil', columns: ['viscosity'], windows: ['12h'], aggregates: ['mean', 'std', 'min', 'max', 'slope', 'last', 'count'] },
  ],
  lags: [
    { columns: ['volt', 'vibration'], lags: ['1h', '6h', { rows: 1 }, { rows: 3 }] },
    { table: 'oil', columns: ['viscosity'], lags: ['2h', { rows: 1 }] },
  ],
  counts: [{ table: 'errors', category: 'errorID', windows: ['3h', '24h'] }],
  since: [{ table: 'maint', category: 'comp', unit: 'hours' }],
  static: [{ table: 'machines', columns: [{ column: 'model', type: 'categorical' }, 'age', { column: 'model', type: 'categorical', encoding: 'onehot' }] }],
});

for (const [seed, every] of [[11, undefined], [12, '3h']] as const) {
  test(`parity: offline SQL = online engine within 1e-9 on every feature of every row (seed ${seed}, every ${every ?? 'row'})`, async () => {
    const duck = await stream(seed);
    try {
      const spec = await resolveFeatureSpec(duck, featuresSection.parse(cfg(every)));
      const report = await checkParity(duck, spec);
      assert.deepEqual(report.mismatches, []);
      assert.equal(report.ok, true);
      assert.ok(report.rows > (every ? 80 : 250), `only ${report.rows} rows compared`);
      assert.equal(report.features, spec.features.length);
      assert.equal(report.features, 1 + 4 * 2 * 7 + 7 + 2 * 4 + 2 + 3 * 2 + 3 + 4);
      assert.ok(report.maxRelDiff <= 1e-9);
    } finally {
      duck.close();
    }
  });
}

test('the parity harness does catch a difference (a tampered spec on the online side)', async () => {
  const duck = await stream(13);
  try {
    const spec = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'telemetry', entity: 'machineID', time: 'datetime' }, rolling: [{ columns: ['volt'], windows: ['3h'], aggregates: ['mean'] }] }));
    const tampered = structuredClone(spec);
    const f = tampered.features[0]!;
    if (f.kind === 'rolling') f.windowMs += 3_600_000;
    const report = await checkParity(duck, spec, { onlineSpec: tampered });
    assert.equal(report.ok, false);
    assert.equal(report.mismatches[0]!.feature, 'volt_mean_3h');
    assert.ok(report.maxAbsDiff > 1e-6);
  } finally {
    duck.close();
  }
});

test('the online engine refuses events that go back in time for one entity', () => {
  const engine = new OnlineFeatureEngine({
    version: 1,
    base: { table: 't', entity: 'id', time: 'ts', everyMs: null },
    features: [{ kind: 'rolling', name: 'x_mean_1h', source: { table: 't', entity: 'id', time: 'ts' }, column: 'x', window: '1h', windowMs: 3_600_000, aggregate: 'mean' }],
  });
  engine.ingest('t', { id: 1, ts: '2024-01-01 02:00:00', x: 1 });
  engine.ingest('t', { id: 2, ts: '2024-01-01 01:00:00', x: 1 }); // another entity may be behind
  assert.throws(() => engine.ingest('t', { id: 1, ts: '2024-01-01 01:00:00', x: 2 }), (e: FwError) => e.code === 'FW_ERR_FEATURES_BAD_EVENT' && /id=1/.test(e.message));
  assert.equal(engine.features({ id: 1, ts: '2024-01-01 02:30:00' })[0], 1);
});
