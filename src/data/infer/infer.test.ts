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

test('a plain table (AI4I-like): unique row ids found, the 0/1 "Machine failure" is the label (not the entity), no time → no entity', async () => {
  const rows: string[] = [];
  for (let i = 0; i < 60; i++) {
    const fail = i % 7 === 3 ? 1 : 0;
    rows.push(`${i + 1},M${14860 + i * 3},${'LMH'[i % 3]},${(298 + (i % 10) / 10).toFixed(1)},${1400 + (i * 37) % 300},${(40 + (i % 13)).toFixed(1)},${fail},${fail && i % 2 ? 1 : 0}`);
  }
  const file = tmp.file('ai4i.csv', `UDI,Product ID,Type,Air temperature [K],Rotational speed [rpm],Torque [Nm],Machine failure,TWF\n${rows.join('\n')}\n`);
  const r = await inferContract(file);
  assert.equal(r.contract.label, 'Machine failure');
  assert.equal(r.contract.entity, undefined, 'no entity without time (and never the label)');
  assert.equal(r.contract.time, undefined);
  assert.deepEqual(r.contract.unique, ['UDI']);
  assert.ok(r.notes.some((n) => /^id UDI: unique integers running 1…60 without gaps/.test(n)), r.notes.join('\n'));
  assert.ok(r.notes.some((n) => /^id Product ID: 60 distinct text values/.test(n)), r.notes.join('\n'));
  assert.ok(r.notes.some((n) => /^label Machine failure: 2 distinct values, named like a target/.test(n)), r.notes.join('\n'));
  assert.match(r.yaml, /# guessed: Machine failure: 2 distinct values/);
});

test('entity from the data: repeated over time and identifier-like; a mode column or an integer measurement is never the entity', async () => {
  // one unit, logged every minute: Mode switches, Volt takes a few integer levels; neither is an entity
  const one: string[] = [];
  for (let i = 0; i < 40; i++) one.push(`2024-01-01 00:${String(i).padStart(2, '0')}:00,${['Idle', 'Active'][Math.floor(i / 5) % 2]},${220 + (i % 4)},${(i * 1.37).toFixed(2)},${i % 9 === 0 ? 'fail' : 'ok'}`);
  const r1 = await inferContract(tmp.file('one-unit.csv', `ts,Mode,Volt,Load,Result\n${one.join('\n')}\n`));
  assert.equal(r1.contract.time, 'ts');
  assert.equal(r1.contract.entity, undefined);
  assert.ok(r1.notes.some((n) => /^entity: no column repeats/.test(n)));
  // an unnamed last text column with few values is still the label candidate, and says why
  assert.equal(r1.contract.label, 'Result');
  assert.ok(r1.notes.some((n) => n === 'label Result: 2 distinct values, the last column'), r1.notes.join('\n'));
  // several pumps, free-text codes, no entity-like name: (code, time) unique → the entity
  const many: string[] = [];
  for (let h = 0; h < 12; h++) for (const p of ['P-101', 'P-102', 'P-205', 'P-310']) many.push(`2024-01-01T${String(h).padStart(2, '0')}:00:00,${p},${(50 + h + p.length).toFixed(1)}`);
  const r2 = await inferContract(tmp.file('pumps.csv', `time,tag,flow\n${many.join('\n')}\n`));
  assert.equal(r2.contract.entity, 'tag');
  assert.deepEqual(r2.contract.unique, ['tag', 'time']);
  assert.equal(r2.contract.frequency, '1h');
  assert.ok(r2.notes.some((n) => /^entity tag: 4 values repeated over time .*unique in 100 % of rows/.test(n)), r2.notes.join('\n'));
});
