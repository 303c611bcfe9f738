import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuck, type Duck } from '../../data/duckdb.js';
import { featuresSection, labelSection } from '../config.js';
import { resolveFeatureSpec } from '../resolve.js';
import { buildFeatureTable } from './build.js';
import { toDataset } from '../dataset.js';
import { createTable, at } from '../test-support.js';
import type { FwError } from '../../core/errors.js';

/** m1 reports hourly 0..30h. Failures: comp2@5, comp1@6 (two in one horizon), comp3@12 & comp1@12 (same instant). */
async function fixture(): Promise<Duck> {
  const duck = await openDuck(':memory:', 1);
  await createTable(duck, 'tel', { id: 'INTEGER', ts: 'TIMESTAMP', x: 'DOUBLE', y: 'VARCHAR' }, Array.from({ length: 31 }, (_, h) => [1, at(h), h, h % 2 ? 'odd' : 'even']));
  await createTable(duck, 'fail', { id: 'BIGINT', ts: 'TIMESTAMP', failure: 'VARCHAR' }, [[1, at(5), 'comp2'], [1, at(6), 'comp1'], [1, at(12), 'comp3'], [1, at(12), 'comp1']]);
  return duck;
}

async function labels(duck: Duck, label: unknown): Promise<(string | null)[]> {
  const spec = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'tel', entity: 'id', time: 'ts' }, columns: ['x'] }), labelSection.parse(label));
  await buildFeatureTable(duck, spec, 'feat');
  const rows = await duck.all<{ l: string | null }>(`select __label as l from feat order by __time_ms`);
  return rows.map((r) => r.l);
}

test('multiclass event label over (t, t+H]: earliest failure wins, ties at one instant go to the first category, failure at t is past, at t+H is in', async () => {
  const duck = await fixture();
  try {
    const l = await labels(duck, { kind: 'event', table: 'fail', category: 'failure', horizon: '3h' });
    // t=2: window (2,5] holds comp2@5 (exactly t+H). t=3,4: comp2@5 earlier than comp1@6. t=5: (5,8] → comp1@6 (comp2@5 is at t: excluded).
    assert.deepEqual(l.slice(0, 8), ['none', 'none', 'comp2', 'comp2', 'comp2', 'comp1', 'none', 'none']);
    // t=9..11: comp1 and comp3 both at 12 → comp1 (first in the sorted list). t=12: nothing after.
    assert.deepEqual(l.slice(8, 14), ['none', 'comp1', 'comp1', 'comp1', 'none', 'none']);
    // Rows whose horizon runs past the end of the data (30h) are unlabelled by default; t=27 ends exactly at 30h.
    assert.deepEqual(l.slice(27), ['none', null, null, null]);
    assert.equal(l.filter((x) => x === null).length, 3);
  } finally {
    duck.close();
  }
});

test('binary event label, endOfData keep, and the class list in the dataset', async () => {
  const duck = await fixture();
  try {
    const l = await labels(duck, { kind: 'event', table: 'fail', horizon: '1h', mode: 'binary', endOfData: 'keep', none: 'ok', positive: 'fails' });
    assert.deepEqual(l.slice(3, 13), ['ok', 'fails', 'fails', 'ok', 'ok', 'ok', 'ok', 'ok', 'fails', 'ok']);
    assert.equal(l.filter((x) => x === null).length, 0);
    const spec = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'tel', entity: 'id', time: 'ts' }, columns: ['x'] }), labelSection.parse({ kind: 'event', table: 'fail', horizon: '1h', mode: 'binary', none: 'ok', positive: 'fails' }));
    await buildFeatureTable(duck, spec, 'feat');
    const ds = await toDataset(duck, 'feat', spec);
    assert.deepEqual(ds.classes, ['ok', 'fails']);
    assert.equal(ds.unlabelled, 1);
    assert.equal(ds.dataset.nRows, 30);
    assert.deepEqual([...ds.dataset.y.slice(3, 7)], [0, 1, 1, 0]);
  } finally {
    duck.close();
  }
});

test('column label: classes in declared order; an undeclared value is a named error', async () => {
  const duck = await fixture();
  try {
    const spec = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'tel' }, columns: ['x'] }), labelSection.parse({ kind: 'column', column: 'y', classes: ['odd', 'even'] }));
    await buildFeatureTable(duck, spec, 'feat');
    const ds = await toDataset(duck, 'feat', spec);
    assert.deepEqual(ds.classes, ['odd', 'even']);
    assert.deepEqual([...ds.dataset.y.slice(0, 4)], [1, 0, 1, 0]);
    const bad = await resolveFeatureSpec(duck, featuresSection.parse({ base: { table: 'tel' }, columns: ['x'] }), labelSection.parse({ kind: 'column', column: 'y', classes: ['odd', 'other'] }));
    await buildFeatureTable(duck, bad, 'feat2');
    await assert.rejects(toDataset(duck, 'feat2', bad), (e: FwError) => e.code === 'FW_ERR_FEATURES_BAD_LABEL' && /"even" \(16 rows\)/.test(e.message));
  } finally {
    duck.close();
  }
});
