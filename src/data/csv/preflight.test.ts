import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { preflightCsv, lineOfRecord } from './preflight.js';
import { isFwError } from '../../core/errors.js';
import { tempDir } from '../test-support.js';

const tmp = tempDir('fw-preflight-');
after(() => tmp.cleanup());

/** Assert the scan fails with `code`, and that the message names the file and the line. */
async function rejects(name: string, content: string | Uint8Array, code: string, line: number, rule: RegExp, opts: Parameters<typeof preflightCsv>[1] = {}): Promise<void> {
  const file = tmp.file(name, content);
  await assert.rejects(preflightCsv(file, opts), (e: unknown) => {
    assert.ok(isFwError(e), `expected an FwError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.ok(e.message.includes(file), `message names the file: ${e.message}`);
    assert.ok(e.message.includes(`line ${line}`), `message names line ${line}: ${e.message}`);
    assert.match(e.message, rule);
    return true;
  });
}

test('a ragged row names its physical line and both field counts', async () => {
  await rejects('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n', 'FW_ERR_DATA_MALFORMED_CSV', 3, /2 fields but the header has 3/);
});

test('an unbalanced quote names the line where the quoted value opened', async () => {
  await rejects('quote.csv', 'a,b\n1,"x\n2,y\n3,z\n', 'FW_ERR_DATA_MALFORMED_CSV', 2, /unbalanced quote/);
});

test('a stray quote inside an unquoted value and text after a closing quote are refused', async () => {
  await rejects('stray.csv', 'a,b\n1,ab"c\n', 'FW_ERR_DATA_MALFORMED_CSV', 2, /inside an unquoted value/);
  await rejects('after.csv', 'a,b\n1,2\n1,"ab"c\n', 'FW_ERR_DATA_MALFORMED_CSV', 3, /after a closing quote/);
});

test('an empty file and a header-only file are refused', async () => {
  await rejects('empty.csv', '', 'FW_ERR_DATA_EMPTY_FILE', 1, /empty/);
  await rejects('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]), 'FW_ERR_DATA_EMPTY_FILE', 1, /empty/);
  await rejects('header.csv', 'a,b,c\r\n', 'FW_ERR_DATA_EMPTY_FILE', 2, /header but no data rows/);
});

test('duplicate column names are refused, case-insensitively', async () => {
  await rejects('dup.csv', 'a,b,A\n1,2,3\n', 'FW_ERR_DATA_MALFORMED_CSV', 1, /duplicate column name "A" \(columns 1 and 3/);
});

test('a semicolon file read with a comma contract is recognised as the wrong delimiter', async () => {
  await rejects('semi.csv', 'a;b;c\n1;2;3\n', 'FW_ERR_DATA_MALFORMED_CSV', 1, /looks ";"-delimited/, { expectedColumns: 3 });
});

test('invalid UTF-8 names the line and the byte offset', async () => {
  const bytes = Buffer.concat([Buffer.from('a,b\n1,x\n2,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
  await rejects('latin.csv', bytes, 'FW_ERR_DATA_ENCODING', 3, /invalid UTF-8 at byte offset 11/);
  await rejects('utf16.csv', Buffer.from([0xff, 0xfe, 0x61, 0x00]), 'FW_ERR_DATA_ENCODING', 1, /UTF-16/);
});

test('a line longer than the limit is refused with its line number', async () => {
  await rejects('long.csv', `a,b\n1,2\n3,${'x'.repeat(5000)}\n`, 'FW_ERR_DATA_MALFORMED_CSV', 3, /longer than 2048 bytes/, { maxLineBytes: 2048 });
  await rejects('long-last.csv', `a,b\n1,${'x'.repeat(5000)}`, 'FW_ERR_DATA_MALFORMED_CSV', 2, /longer than 2048 bytes/, { maxLineBytes: 2048 });
});

test('a missing file is a not-found error naming the path', async () => {
  await assert.rejects(preflightCsv(`${tmp.dir}/nope.csv`), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_FILE_NOT_FOUND' && e.message.includes('nope.csv'));
});

test('BOM, quoted header, CRLF and mixed CRLF/LF line endings are accepted', async () => {
  const file = tmp.file('mixed.csv', '\ufeff"datetime","machineID"\r\n2015-01-01 06:00:00,1\n2015-01-01 07:00:00,1\r\n2015-01-01 08:00:00,1');
  const p = await preflightCsv(file);
  assert.deepEqual(p.header, ['datetime', 'machineID']);
  assert.equal(p.records, 3);
  assert.equal(p.bom, true);
  assert.equal(p.crlf, 2);
  assert.equal(p.lf, 1);
  assert.equal(p.simple, true);
  assert.equal(p.sha256.length, 64);
});

test('records spanning lines and blank lines map back to their physical lines', async () => {
  // line 1 header; 2 row0; 3-4 row1 (quoted newline); 5 blank; 6 row2; 7 escaped quotes row3
  const file = tmp.file('multi.csv', 'a,b\n1,x\n2,"two\nlines"\n\n3,z\n4,"say ""hi"""\n');
  const p = await preflightCsv(file);
  assert.equal(p.records, 4);
  assert.equal(p.blankLines, 1);
  assert.equal(p.simple, false);
  assert.deepEqual([0, 1, 2, 3].map((r) => lineOfRecord(p, r)), [2, 3, 6, 7]);
});

test('a chunk boundary inside a quoted field or a CRLF does not change the result', async () => {
  const text = 'a,b\r\n1,"q ""x"" y"\r\n2,"multi\r\nline"\r\n3,z\r\n';
  const file = tmp.file('chunks.csv', text);
  const whole = await preflightCsv(file);
  for (const chunkBytes of [1, 2, 3, 7]) {
    const p = await preflightCsv(file, { chunkBytes });
    assert.equal(p.records, whole.records);
    assert.equal(p.crlf, whole.crlf);
    assert.deepEqual(p.breakOffsets, whole.breakOffsets);
  }
  assert.equal(whole.records, 3);
  assert.equal(whole.crlf, 4); // record endings; the CRLF inside the quoted value is data
});

test('binary files and folders are named for what they are', async () => {
  await rejects('book.xlsx.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'FW_ERR_DATA_MALFORMED_CSV', 1, /ZIP archive \(an Excel \.xlsx workbook\?\)/);
  await rejects('data.parquet.csv', Buffer.from('PAR1\x15\x04'), 'FW_ERR_DATA_MALFORMED_CSV', 1, /Parquet file/);
  await rejects('t.csv.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'FW_ERR_DATA_MALFORMED_CSV', 1, /gzip/);
  await assert.rejects(preflightCsv(tmp.dir), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_FILE_NOT_FOUND' && /is a folder/.test(e.message));
});

test('a NUL byte (UTF-16 without a BOM, binary data) names its line', async () => {
  await rejects('nul.csv', Buffer.from('a,b\n1,2\n3,\u0000x\n'), 'FW_ERR_DATA_MALFORMED_CSV', 3, /NUL byte in field 2/);
  await rejects('nulq.csv', Buffer.from('a,b\n1,"x\u0000"\n'), 'FW_ERR_DATA_MALFORMED_CSV', 2, /NUL byte in a quoted value/);
});
