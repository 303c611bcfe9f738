import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { inferContract } from './infer.js';
import { parseContract } from '../contracts/schema.js';
import { tempDir } from '../test-support.js';

const tmp = tempDir('fw-infer-');
after(() => tmp.cleanup());

test('infer drafts types, nullability, plausible ranges, categories, time/entity columns, frequency and key', async () => {
  const rows: string[] = [];
  for (let m = 1; m <= 3; m++) {
    for (let h = 0; h < 6; h++) rows.push(`0${h + 1}-01-2024 0${h}:00,M-${m},${(20 + m + h / 10).toFixed(1)},${h % 2 === 0 ? 'Idle' : 'Active'},${h === 2 && m === 1 ? '' : 100 + h}`);
  }
  const file = tmp.file('plant.csv', `\ufeffTimestamp,Machine_ID,Temp_%,Mode,Speed\r\n${rows.join('\r\n')}\r\n`);
  const r = await inferContract(file, { name: 'plant' });
  const c = r.contract;
  const col = (n: string) => c.columns.find((x) => x.name === n)!;
  assert.equal(col('Timestamp').type, 'timestamp');
  assert.equal(col('Timestamp').format, '%d-%m-%Y %H:%M');
  assert.equal(col('Machine_ID').type, 'string');
  assert.equal(col('Temp_%').type, 'number');
  assert.deepEqual(col('Temp_%').plausible, { min: 21, max: 23.5 });
  assert.equal(col('Mode').type, 'category');
  assert.deepEqual(col('Mode').categories, ['Active', 'Idle']);
  assert.equal(col('Speed').type, 'integer');
  assert.equal(col('Speed').nullable, true);
  assert.equal(col('Mode').nullable, false);
  assert.equal(c.time, 'Timestamp');
  assert.equal(c.entity, 'Machine_ID');
  assert.deepEqual(c.unique, ['Machine_ID', 'Timestamp']);
  assert.equal(r.rows, 18);
  // The YAML round-trips through the contract schema.
  const again = parseContract(parse(r.yaml), 'yaml');
  assert.deepEqual(again, c);
  assert.match(r.yaml, /^# forewarn data contract drafted from plant\.csv/);
});

test('infer detects a semicolon file and an hourly frequency', async () => {
  const rows = Array.from({ length: 10 }, (_, i) => `2015-01-01 ${String(i).padStart(2, '0')}:00:00;1;${i}.5`);
  const file = tmp.file('semi.csv', `datetime;machineID;volt\n${rows.join('\n')}\n`);
  const r = await inferContract(file);
  assert.equal(r.contract.delimiter, ';');
  assert.equal(r.contract.frequency, '1h');
  assert.equal(r.contract.columns.find((x) => x.name === 'datetime')!.format, '%Y-%m-%d %H:%M:%S');
});

test('a drafted contract accepts the file it was drafted from: ranges are rounded outward', async () => {
  const { validateTable } = await import('../validate/validate-table.js');
  const { openDuck } = await import('../duckdb.js');
  const file = tmp.file('odd.csv', 'a,b\n7.973991528,-14.32645418\n3.93,0.1\n1e-7,123456789.5\n');
  const r = await inferContract(file);
  const duck = await openDuck(':memory:', 1);
  try {
    const v = await validateTable(duck, 'odd', file, r.contract);
    assert.equal(v.accepted, 3);
    assert.deepEqual(v.counts, []);
  } finally {
    duck.close();
  }
});
