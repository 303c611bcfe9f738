import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuck, type Duck } from '../../data/duckdb.js';
import { featuresSection } from '../config.js';
import { resolveFeatureSpec } from '../resolve.js';
import { buildFeatureTable } from './build.js';
import { toDataset } from '../dataset.js';
import { createTable, at, T0, HOUR } from '../test-support.js';
import { FwError } from '../../core/errors.js';

/**
 * Hand-checkable series, machine m1 (hours from T0): x = 1@0, 3@1, NULL@2, NaN@3, 5@4, (gap at 5), 7@6.
 * m2 has one row at hour 1 so partitions are visibly separate.
 */
async function fixture(): Promise<Duck> {
  const duck = await openDuck(':memory:', 1);
  await createTable(duck, 'tel', { id: 'VARCHAR', ts: 'TIMESTAMP', x: 'DOUBLE', 'Temp (°C) "raw"': 'DOUBLE' }, [
    ['m1', at(0), 1, 10], ['m1', at(1), 3, 10], ['m1', at(2), null, 10], ['m1', at(3), NaN, 10],
    ['m1', at(4), 5, 10], ['m1', at(6), 7, 10], ['m2', at(1), 100, 20],
  ]);
  await createTable(duck, 'err', { id: 'VARCHAR', ts: 'TIMESTAMP', kind: 'VARCHAR' }, [
    ['m1', at(1), 'e1'], ['m1', at(1), 'e1'], ['m1', at(3), 'e2'], ['m1', at(4), 'e1'], ['m2', at(0), 'e2'],
  ]);
  await createTable(duck, 'mnt', { id: 'VARCHAR', ts: 'TIMESTAMP', comp: 'VARCHAR' }, [['m1', at(2), 'c1'], ['m2', at(-48), 'c2']]);
  await createTable(duck, 'mach', { id: 'VARCHAR', model: 'VARCHAR', age: 'INTEGER' }, [['m1', 'A', 5], ['m2', 'B', 9]]);
  return duck;
}

async function features(duck: Duck, cfg: unknown): Promise<{ rows: Record<string, number[]>; ds: Awaited<ReturnType<typeof toDataset>> }> {
  const spec = await resolveFeatureSpec(duck, featuresSection.parse(cfg));
  await buildFeatureTable(duck, spec, 'feat');
  const ds = await toDataset(duck, 'feat', spec, { labelled: false });
  // m1's rows only (entities sort m1, m2), keyed by feature name.
  const m1 = [...ds.entity.keys()].filter((i) => ds.entityNames[ds.entity[i]!] === 'm1');
  const rows: Record<string, number[]> = {};
  ds.dataset.features.forEach((f, j) => (rows[f.name] = m1.map((i) => ds.dataset.columns[j]![i]!)));
  rows.hour = m1.map((i) => (ds.time[i]! - T0) / HOUR);
  return { rows, ds };
}

const close = (a: number[], b: number[]) => {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => (Number.isNaN(b[i]!) ? assert.ok(Number.isNaN(v), `row ${i}: expected NaN, got ${v}`) : assert.ok(Math.abs(v - b[i]!) < 1e-12, `row ${i}: expected ${b[i]}, got ${v}`)));
};

const base = { table: 'tel', entity: 'id', time: 'ts' };

test('rolling aggregates over a 3h window (t-3h, t]: gaps, NULL and NaN are missing, left end open, right end closed', async () => {
  const duck = await fixture();
  try {
    const { rows } = await features(duck, { base, rolling: [{ columns: ['x'], windows: ['3h'], aggregates: ['mean', 'std', 'min', 'max', 'slope', 'last', 'count'] }] });
    assert.deepEqual(rows.hour, [0, 1, 2, 3, 4, 6]);
    close(rows.x_count_3h!, [1, 2, 2, 1, 1, 2]); // at 4h the value at 1h sits exactly on the open left edge
    close(rows.x_mean_3h!, [1, 2, 2, 3, 5, 6]);
    close(rows.x_std_3h!, [NaN, Math.SQRT2, Math.SQRT2, NaN, NaN, Math.SQRT2]);
    close(rows.x_min_3h!, [1, 1, 1, 3, 5, 5]);
    close(rows.x_max_3h!, [1, 3, 3, 3, 5, 7]);
    close(rows.x_slope_3h!, [NaN, 2, 2, NaN, NaN, 1]); // per hour: (3-1)/1h, (7-5)/2h
    close(rows.x_last_3h!, [1, 3, 3, 3, 5, 7]);
  } finally {
    duck.close();
  }
});

test('lags: value 1h ago is the latest non-missing value at or before t-1h; 1 row ago may be missing', async () => {
  const duck = await fixture();
  try {
    const { rows } = await features(duck, { base, lags: [{ columns: ['x'], lags: ['1h', { rows: 1 }, { rows: 2 }] }] });
    close(rows.x_lag_1h!, [NaN, 1, 3, 3, 3, 5]);
    close(rows.x_lag_1row!, [NaN, 1, 3, NaN, NaN, 5]);
    close(rows.x_lag_2rows!, [NaN, NaN, 1, 3, NaN, NaN]);
  } finally {
    duck.close();
  }
});

test('event counts per category in (t-w, t] include simultaneous events and events stamped exactly t', async () => {
  const duck = await fixture();
  try {
    const { rows } = await features(duck, { base, counts: [{ table: 'err', category: 'kind', windows: ['3h'] }] });
    close(rows.e1_count_3h!, [0, 2, 2, 2, 1, 1]);
    close(rows.e2_count_3h!, [0, 0, 0, 1, 1, 0]);
  } finally {
    duck.close();
  }
});

test('time since the last event per category: 0 at the event, NaN before the first, per entity', async () => {
  const duck = await fixture();
  try {
    const { rows, ds } = await features(duck, { base, since: [{ table: 'mnt', category: 'comp', unit: 'hours' }] });
    close(rows.c1_hours_since!, [NaN, NaN, 0, 1, 2, 4]);
    close(rows.c2_hours_since!, [NaN, NaN, NaN, NaN, NaN, NaN]);
    const m2 = ds.entity.indexOf(1);
    assert.equal(ds.dataset.columns[1]![m2], 49); // m2's c2 was replaced 48h before T0; its row is at 1h
  } finally {
    duck.close();
  }
});

test('static joins and encodings: categorical with frozen categories, one-hot, numeric; odd column names kept', async () => {
  const duck = await fixture();
  try {
    const cfg = {
      base: { ...base, every: '2h' },
      columns: ['Temp (°C) "raw"'],
      static: [{ table: 'mach', columns: [{ column: 'model', type: 'categorical', categories: ['B', 'A'] }, 'age', { column: 'model', type: 'categorical', encoding: 'onehot' }] }],
    };
    const { rows, ds } = await features(duck, cfg);
    assert.deepEqual(ds.dataset.features.map((f) => f.name), ['Temp (°C) "raw"', 'model', 'age', 'model_A', 'model_B']);
    assert.deepEqual(ds.dataset.features[1], { name: 'model', type: 'categorical', categories: ['B', 'A'] });
    assert.deepEqual(rows.hour, [0, 2, 4, 6]); // every 2h, aligned to the epoch
    close(rows.model!, [1, 1, 1, 1]);
    close(rows.model_A!, [1, 1, 1, 1]);
    close(rows.model_B!, [0, 0, 0, 0]);
    close(rows.age!, [5, 5, 5, 5]);
    close(rows['Temp (°C) "raw"']!, [10, 10, 10, 10]);
  } finally {
    duck.close();
  }
});

test('unknown tables and columns are named with what exists; duplicate output names are refused', async () => {
  const duck = await fixture();
  try {
    await assert.rejects(resolveFeatureSpec(duck, featuresSection.parse({ base: { ...base, table: 'telemetry' } })), (e: FwError) => e.code === 'FW_ERR_FEATURES_UNKNOWN_TABLE' && /"tel"/.test(e.message));
    await assert.rejects(
      resolveFeatureSpec(duck, featuresSection.parse({ base, rolling: [{ columns: ['volt'], windows: ['3h'], aggregates: ['mean'] }] })),
      (e: FwError) => e.code === 'FW_ERR_FEATURES_UNKNOWN_COLUMN' && /features\.rolling\[0\]\.columns/.test(e.message) && /"x"/.test(e.message),
    );
    await assert.rejects(
      resolveFeatureSpec(duck, featuresSection.parse({ base, rolling: [{ columns: ['x'], windows: ['3h'], aggregates: ['mean'] }, { columns: ['x'], windows: ['3h'], aggregates: ['mean'] }] })),
      (e: FwError) => e.code === 'FW_ERR_FEATURES_INVALID_SPEC' && /x_mean_3h/.test(e.message),
    );
    await assert.rejects(resolveFeatureSpec(duck, featuresSection.parse({ base, columns: ['id'] })), (e: FwError) => /not numeric/.test(e.message));
    await assert.rejects(
      resolveFeatureSpec(duck, featuresSection.parse({ base, rolling: [{ table: 'err', columns: ['kind'], windows: ['3h'], aggregates: ['max'] }] })),
      (e: FwError) => e.code === 'FW_ERR_FEATURES_INVALID_SPEC' && /features\.rolling\[0\]\.columns: column "kind" of "err" is VARCHAR/.test(e.message),
    );
    const many = Array.from({ length: 200 }, (_, i) => `${i + 1}m`);
    await assert.rejects(
      resolveFeatureSpec(duck, featuresSection.parse({ base, rolling: [{ columns: ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'], windows: many, aggregates: ['mean', 'std', 'min', 'max', 'slope', 'last', 'count'] }] })),
      (e: FwError) => /expands to 11200 columns/.test(e.message),
    );
    await duck.run(`insert into tel values ('m3', timestamp '2024-01-01 00:00:00', 1e308, 1), ('m3', timestamp '2024-01-01 01:00:00', 1e308, 1), ('m3', timestamp '2024-01-01 02:00:00', -1e308, 1)`);
    const huge = await resolveFeatureSpec(duck, featuresSection.parse({ base, rolling: [{ columns: ['x'], windows: ['3h'], aggregates: ['std'] }] }));
    await assert.rejects(buildFeatureTable(duck, huge, 'f_huge'), (e: FwError) => e.code === 'FW_ERR_FEATURES_OUT_OF_RANGE');
    await assert.rejects(resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'tel', every: '1h' } })), (e: FwError) => /features\.base\.every/.test(e.message));
  } finally {
    duck.close();
  }
});

test('time columns: TIMESTAMPTZ and ISO text with offsets give the same instants as naive UTC timestamps, whatever the session zone', async () => {
  const duck = await openDuck(':memory:', 1);
  try {
    await duck.run(`set TimeZone = 'America/New_York'`);
    await createTable(duck, 'a', { id: 'VARCHAR', ts: 'TIMESTAMP', x: 'DOUBLE' }, [['m', at(0), 1], ['m', at(1), 2]]);
    await duck.run(`create table b as select id, cast(ts as varchar) || 'Z' as ts, x from a`);
    await duck.run(`create table c as select id, replace(cast(ts + interval 2 hour as varchar), ' ', 'T') || '+02:00' as ts, x from a`);
    await duck.run(`create table d as select id, cast(strftime(ts, '%Y-%m-%d %H:%M:%S') || '+00' as timestamptz) as ts, x from a`);
    for (const table of ['a', 'b', 'c', 'd']) {
      const spec = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table, entity: 'id', time: 'ts' }, rolling: [{ columns: ['x'], windows: ['2h'], aggregates: ['mean'] }] }));
      await buildFeatureTable(duck, spec, `f_${table}`);
      const rows = await duck.all<{ t: number; m: number }>(`select __time_ms as t, x_mean_2h as m from f_${table} order by t`);
      assert.deepEqual(rows, [{ t: T0, m: 1 }, { t: T0 + HOUR, m: 1.5 }], table);
    }
  } finally {
    duck.close();
  }
});
