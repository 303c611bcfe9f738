import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRecords } from './csv-body.js';
import { FwError } from '../core/errors.js';

test('header + rows become records; quotes, CRLF, empty cells, numbers, booleans', () => {
  const recs = parseCsvRecords('"a,b",c,"d ""q"""\r\n1.5,"x, y",\r\n-2e3,true,"z"\n', 10);
  assert.deepEqual(recs, [{ 'a,b': 1.5, c: 'x, y', 'd "q"': null }, { 'a,b': -2000, c: true, 'd "q"': 'z' }]);
});

test('NaN / inf / 1e999 cells arrive as non-finite numbers (the validator refuses them)', () => {
  const [r] = parseCsvRecords('a,b,c,d\nNaN,inf,-Infinity,1e999\n', 10);
  assert.ok(Number.isNaN(r!.a));
  assert.equal(r!.b, Infinity);
  assert.equal(r!.c, -Infinity);
  assert.equal(r!.d, Infinity);
});

test('malformed CSV names the line', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseCsvRecords(text, 10), (e: FwError) => re.test(e.message));
  bad('', /empty/);
  bad('a,,c\n1,2,3\n', /line 1, column 2: empty column name/);
  bad('a,a\n1,2\n', /'a' appears twice/);
  bad('a,b\n1\n', /line 2: 1 values/);
  bad('a,b\n"1,2\n', /line 2: a quoted field is never closed/);
  bad('a,b\n"1"x,2\n', /line 2: unexpected character/);
  assert.throws(() => parseCsvRecords('a\n1\n2\n3\n', 2), (e: FwError) => e.code === 'FW_ERR_SERVE_BODY_TOO_LARGE');
});
