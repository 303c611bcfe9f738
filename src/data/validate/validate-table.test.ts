import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDuck, type Duck } from '../duckdb.js';
import { parseContract } from '../contracts/schema.js';
import { validateTable } from './validate-table.js';
import { writeTableReportFiles } from './report-files.js';
import { isFwError } from '../../core/errors.js';
import { tempDir } from '../test-support.js';

const tmp = tempDir('fw-validate-');
let duck: Duck;
before(async () => { duck = await openDuck(':memory:', 1); });
after(() => { duck.close(); tmp.cleanup(); });

const contract = parseContract(
  {
    name: 'rules',
    columns: [
      { name: 'ts', type: 'timestamp', format: '%Y-%m-%d %H:%M:%S' },
      { name: 'machine', type: 'integer', min: 1 },
      { name: 'Temp(?C)', type: 'number', unit: '°C', min: -273.15, plausible: { max: 100 } },
      { name: 'count', type: 'integer' },
      { name: 'state', type: 'category', categories: ['on', 'off'] },
      { name: 'flag', type: 'boolean' },
    ],
    unique: ['machine', 'ts'],
    time: 'ts',
    entity: 'machine',
  },
  'test',
);

const CSV = [
  'ts,machine,Temp(?C),count,state,flag',
  '2024-01-01 00:00:00,1,20.5,3,on,true', // 2 ok
  '2024-01-01 01:00:00,1,,3,on,true', // 3 required
  '2024-01-01 02:00:00,1,abc,3,on,true', // 4 type
  '2024-01-01 03:00:00,1,NaN,3,on,true', // 5 finite
  '2024-01-01 04:00:00,1,Infinity,3,on,true', // 6 finite
  '2024-01-01 05:00:00,1,20,3.5,on,true', // 7 integer
  '2024-01-01 06:00:00,1,-300,3,on,true', // 8 min
  '2024-01-01 07:00:00,1,20,3,maybe,true', // 9 category
  '2024-01-01 07:00:00,1,21,3,on,true', // 10 unique (same machine + ts as line 9)
  '2024-01-01 08:00:00,1,150,3,on,true', // 11 plausible_max: warning, kept
  '"2024-01-01 09:00:00",1,"20",3,"on",yes', // 12 ok (quoted)
  '2024-01-01 10:00:00,1,20,3,on,perhaps', // 13 boolean type
  '13/01/2024,1,20,3,on,true', // 14 timestamp type
].join('\n') + '\n';

test('each rule is reported with its physical line; error rows are quarantined, warnings kept; accepted + quarantined = rows', async () => {
  const file = tmp.file('rules.csv', CSV);
  const v = await validateTable(duck, 'rules', file, contract);
  assert.equal(v.rows, 13);
  assert.equal(v.quarantined, 10);
  assert.equal(v.accepted, 3);
  assert.equal(v.accepted + v.quarantined, v.rows);
  assert.equal(v.warnedRows, 1);
  const counts = Object.fromEntries(v.counts.map((c) => [`${c.column}:${c.rule}`, c.count]));
  assert.deepEqual(counts, {
    'ts:type': 1,
    'Temp(?C):required': 1,
    'Temp(?C):type': 1,
    'Temp(?C):finite': 2,
    'Temp(?C):min': 1,
    'Temp(?C):plausible_max': 1,
    'count:integer': 1,
    'state:category': 1,
    'flag:type': 1,
    'machine, ts:unique': 1,
  });
  const byLine = Object.fromEntries(v.examples.map((e) => [e.line, `${e.column}:${e.rule}:${e.value}`]));
  assert.equal(byLine[3], 'Temp(?C):required:null');
  assert.equal(byLine[4], 'Temp(?C):type:abc');
  assert.equal(byLine[8], 'Temp(?C):min:-300');
  assert.equal(byLine[10], 'machine, ts:unique:1, 2024-01-01 07:00:00');
  assert.equal(byLine[11], 'Temp(?C):plausible_max:150');
  assert.equal(byLine[14], 'ts:type:13/01/2024');
  assert.equal(v.examples.find((e) => e.line === 11)!.severity, 'warning');

  const accepted = await duck.all<{ ts: Date; machine: number; t: number; flag: boolean }>(`select ts, machine, "Temp(?C)" as t, flag from ${v.duckTables.accepted} order by _row`);
  assert.deepEqual(accepted.map((r) => r.t), [20.5, 150, 20]);
  assert.deepEqual(accepted.map((r) => r.flag), [true, true, true]);
  assert.equal(typeof accepted[0]!.machine, 'number');
});

test('the quarantine file keeps the original text of every failing row with _line and _reason; the violations file has them all', async () => {
  const file = tmp.file('rules2.csv', CSV);
  const v = await validateTable(duck, 'rules2', file, contract);
  const files = await writeTableReportFiles(duck, v, join(tmp.dir, 'report'));
  const q = await duck.all<Record<string, string | number>>(`select * from read_csv(${`'${files.quarantine}'`}, all_varchar = true)`);
  assert.equal(q.length, v.quarantined);
  assert.deepEqual(Object.keys(q[0]!), ['ts', 'machine', 'Temp(?C)', 'count', 'state', 'flag', '_line', '_reason']);
  assert.deepEqual(q.map((r) => Number(r._line)), [3, 4, 5, 6, 7, 8, 9, 10, 13, 14]);
  assert.equal(q[2]!['Temp(?C)'], 'NaN');
  assert.match(String(q[1]!._reason), /Temp\(\?C\): type \(value "abc"\)/);
  const lines = readFileSync(files.violations, 'utf8').trim().split('\n');
  assert.equal(lines.length - 1, v.errorCount + v.warningCount);
  assert.equal(v.errorCount + v.warningCount, 11);
});

test('physical lines stay right after multi-line quoted values and blank lines', async () => {
  const c = parseContract({ columns: [{ name: 'note', type: 'string', nullable: true }, { name: 'v', type: 'number', max: 10 }] }, 't');
  const file = tmp.file('multi.csv', 'note,v\r\n"a\r\nb\r\nc",1\r\n\r\nplain,99\r\n"x",2\r\n');
  const v = await validateTable(duck, 'multi', file, c);
  assert.equal(v.rows, 3);
  assert.equal(v.quarantined, 1);
  assert.equal(v.examples[0]!.line, 6);
  assert.equal(v.examples[0]!.rule, 'max');
});

test('a header that does not match the contract names the file, the line and the missing columns', async () => {
  const file = tmp.file('hdr.csv', 'ts,machine,temp,count,state,flag\n2024-01-01 00:00:00,1,2,3,on,true\n');
  await assert.rejects(validateTable(duck, 'hdr', file, contract), (e: unknown) => {
    assert.ok(isFwError(e));
    assert.equal(e.code, 'FW_ERR_DATA_HEADER_MISMATCH');
    assert.ok(e.message.includes(file) && e.message.includes('line 1'));
    assert.match(e.message, /missing column\(s\) "Temp\(\?C\)"/);
    assert.match(e.message, /not in the contract "temp"/);
    return true;
  });
});

test('extra columns are dropped when the contract says extraColumns: ignore', async () => {
  const c = parseContract({ columns: [{ name: 'a', type: 'integer' }], extraColumns: 'ignore' }, 't');
  const file = tmp.file('extra.csv', 'a,b\n1,x\n2,y\n');
  const v = await validateTable(duck, 'extra', file, c);
  assert.deepEqual(v.droppedColumns, ['b']);
  assert.equal(v.accepted, 2);
  const cols = await duck.all<{ column_name: string }>(`select column_name from (describe ${v.duckTables.accepted})`);
  assert.deepEqual(cols.map((r) => r.column_name), ['_row', 'a']);
});

test('a semicolon file for a comma contract is a malformed-file error, not a crash', async () => {
  const file = tmp.file('semi.csv', 'ts;machine;Temp(?C);count;state;flag\n2024-01-01 00:00:00;1;2;3;on;true\n');
  await assert.rejects(validateTable(duck, 'semi', file, contract), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_MALFORMED_CSV' && e.message.includes('line 1') && e.message.includes('";"-delimited'));
});

test('a file with a BOM, a quoted header and mixed CRLF/LF line endings loads every row correctly', async () => {
  const c = parseContract({ columns: [{ name: 'datetime', type: 'timestamp' }, { name: 'machineID', type: 'integer' }, { name: 'comp', type: 'category', categories: ['comp1', 'comp2'] }] }, 't');
  const file = tmp.file('mixed.csv', '\ufeff"datetime","machineID","comp"\r\n2015-01-01 06:00:00,1,"comp1"\n2015-01-01 07:00:00,2,comp2\r\n2015-01-01 08:00:00,3,"comp2"');
  const v = await validateTable(duck, 'mixed', file, c);
  assert.equal(v.rows, 3);
  assert.equal(v.accepted, 3);
  assert.deepEqual(v.counts, []);
  assert.deepEqual(v.format, { ...v.format, bom: true, crlf: 2, lf: 1 });
  const rows = await duck.all<{ m: number; comp: string }>(`select machineID as m, comp from ${v.duckTables.accepted} order by _row`);
  assert.deepEqual(rows, [{ m: 1, comp: 'comp1' }, { m: 2, comp: 'comp2' }, { m: 3, comp: 'comp2' }]);
});

test('a pure-CRLF file and a file whose last line has no newline both load every row', async () => {
  const c = parseContract({ columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'string' }] }, 't');
  const v1 = await validateTable(duck, 'crlf', tmp.file('crlf.csv', 'a,b\r\n1,x\r\n2,"y, z"\r\n'), c);
  assert.equal(v1.accepted, 2);
  const rows = await duck.all<{ b: string }>(`select b from ${v1.duckTables.accepted} order by _row`);
  assert.deepEqual(rows.map((r) => r.b), ['x', 'y, z']);
  const v2 = await validateTable(duck, 'nolf', tmp.file('nolf.csv', 'a,b\n1,x\n2,y'), c);
  assert.equal(v2.accepted, 2);
});

test('ISO timestamps with a zone are converted to UTC; without a zone they are kept as written', async () => {
  const c = parseContract({ columns: [{ name: 't', type: 'timestamp' }] }, 't');
  const file = tmp.file('tz.csv', 't\n2015-01-01T06:00:00Z\n2015-01-01T06:00:00+02:00\n2015-01-01 06:00:00-0130\n2015-01-01 06:00\n2015-01-01\n');
  const v = await validateTable(duck, 'tz', file, c);
  assert.equal(v.accepted, 5);
  const rows = await duck.all<{ t: string }>(`select t::varchar as t from ${v.duckTables.accepted} order by _row`);
  assert.deepEqual(rows.map((r) => r.t), ['2015-01-01 06:00:00', '2015-01-01 04:00:00', '2015-01-01 07:30:00', '2015-01-01 06:00:00', '2015-01-01 00:00:00']);
});

test('semicolon and tab delimited files load when the contract says so', async () => {
  for (const [name, d] of [['semi', ';'], ['tab', '\t']] as const) {
    const c = parseContract({ delimiter: d, columns: [{ name: 'Packet_Loss_%', type: 'number', min: 0, max: 100 }, { name: 'note', type: 'string', nullable: true }] }, name);
    const file = tmp.file(`${name}-ok.csv`, `Packet_Loss_%${d}note\n1.5${d}"a${d}b"\n101${d}\n`);
    const v = await validateTable(duck, `${name}ok`, file, c);
    assert.equal(v.rows, 2);
    assert.equal(v.quarantined, 1);
    assert.equal(v.examples[0]!.line, 3);
    const rows = await duck.all<{ note: string }>(`select note from ${v.duckTables.accepted}`);
    assert.deepEqual(rows, [{ note: `a${d}b` }]);
  }
});

test('blank lines before the header are skipped and lines still map', async () => {
  const c = parseContract({ columns: [{ name: 'a', type: 'integer', max: 1 }, { name: 'b', type: 'string' }] }, 't');
  const v = await validateTable(duck, 'lead', tmp.file('lead.csv', '\n\na,b\n1,x\n\n2,y\n'), c);
  assert.equal(v.rows, 2);
  assert.equal(v.accepted, 1);
  assert.deepEqual(v.examples.map((e) => e.line), [6]);
});
