import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuck, ident } from './duckdb.js';

test('odd column names survive quoting; bigints become numbers; NULL becomes NaN in float columns', async () => {
  const db = await openDuck(':memory:', 1);
  try {
    await db.run(`create table t (${ident('Packet_Loss_%')} double, ${ident('Temp(?C) "x"')} double, n bigint)`);
    await db.run(`insert into t values (1.5, null, 3), (2.5, 4, 5)`);
    const rows = await db.all<{ n: number }>(`select n from t order by n`);
    assert.deepEqual(rows.map((r) => r.n), [3, 5]);
    const { names, columns } = await db.float64Columns(`select ${ident('Packet_Loss_%')}, ${ident('Temp(?C) "x"')} from t order by n`);
    assert.deepEqual(names, ['Packet_Loss_%', 'Temp(?C) "x"']);
    assert.deepEqual([...columns[0]!], [1.5, 2.5]);
    assert.ok(Number.isNaN(columns[1]![0]!));
    const bound = await db.all<{ x: number }>(`select $1::double * 2 as x`, [21]);
    assert.equal(bound[0]!.x, 42);
  } finally {
    db.close();
  }
});
