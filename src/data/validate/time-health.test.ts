import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openDuck, type Duck } from '../duckdb.js';
import { parseContract } from '../contracts/schema.js';
import { validateTable } from './validate-table.js';
import { tempDir } from '../test-support.js';

const tmp = tempDir('fw-health-');
let duck: Duck;
before(async () => { duck = await openDuck(':memory:', 1); });
after(() => { duck.close(); tmp.cleanup(); });

test('gaps, missing intervals, off-grid steps, duplicate (entity, time) pairs and out-of-order rows are counted', async () => {
  const c = parseContract({ columns: [{ name: 'datetime', type: 'timestamp' }, { name: 'machineID', type: 'integer' }, { name: 'v', type: 'number' }], time: 'datetime', entity: 'machineID', frequency: '1h' }, 't');
  const rows = [
    '2015-01-01 00:00:00,1,1', '2015-01-01 01:00:00,1,1', '2015-01-01 03:00:00,1,1', '2015-01-01 06:00:00,1,1', // m1: gaps 01→03 (1 missing), 03→06 (2 missing)
    '2015-01-01 01:00:00,2,1', '2015-01-01 00:00:00,2,1', '2015-01-01 00:00:00,2,1', '2015-01-01 01:30:00,2,1', // m2: 1 out of order, 1 duplicate, 1 off-grid
  ];
  const file = tmp.file('ts.csv', `datetime,machineID,v\n${rows.join('\n')}\n`);
  const v = await validateTable(duck, 'ts', file, c);
  const h = v.health!;
  assert.equal(h.entities, 2);
  assert.equal(h.gaps, 2);
  assert.equal(h.missingIntervals, 3);
  assert.equal(h.offGrid, 1);
  assert.equal(h.duplicates, 1);
  assert.equal(h.outOfOrder, 1);
  assert.equal(h.first, '2015-01-01 00:00:00');
  assert.equal(h.last, '2015-01-01 06:00:00');
  assert.deepEqual(h.gapExamples.map((g) => [g.entity, g.after, g.before, g.missing]), [
    ['1', '2015-01-01 01:00:00', '2015-01-01 03:00:00', 1],
    ['1', '2015-01-01 03:00:00', '2015-01-01 06:00:00', 2],
  ]);
  assert.equal(v.quarantined, 0, 'health problems are reported, not quarantined');
});

test('without an entity column the whole table is one series; without a time column there is no health section', async () => {
  const c = parseContract({ columns: [{ name: 't', type: 'timestamp', format: '%d-%m-%Y' }, { name: 'v', type: 'number' }], time: 't', frequency: '1d' }, 't');
  const file = tmp.file('daily.csv', 't,v\n01-01-2022,1\n02-01-2022,2\n05-01-2022,3\n');
  const v = await validateTable(duck, 'daily', file, c);
  assert.equal(v.health!.entities, 1);
  assert.equal(v.health!.gaps, 1);
  assert.equal(v.health!.missingIntervals, 2);
  const c2 = parseContract({ columns: [{ name: 'v', type: 'number' }] }, 't');
  const v2 = await validateTable(duck, 'plain', tmp.file('plain.csv', 'v\n1\n'), c2);
  assert.equal(v2.health, undefined);
});
