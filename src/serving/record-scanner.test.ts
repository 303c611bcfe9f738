import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRecordValidator, type InputFieldError } from '../inference/record-validator.js';
import { TEST_FEATURES, TEST_SIGNATURE, GOOD_RECORD } from './test-fixtures.js';
import { Rng } from '../core/random.js';

const makeRng = (seed: number): (() => number) => {
  const r = new Rng(seed);
  return () => r.next();
};

const v = compileRecordValidator(TEST_FEATURES, TEST_SIGNATURE);
const P = TEST_FEATURES.length;
const scanner = v.scanner!;

/** What the generic path makes of a batch body: rows when it is valid, undefined when it is any kind of error. */
function generic(text: string): Float64Array | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const b = body as { records?: unknown };
  if (b === null || typeof b !== 'object' || Array.isArray(b) || Object.keys(b).length !== 1 || !Array.isArray(b.records)) return undefined;
  const rows = new Float64Array(b.records.length * P);
  const errors: InputFieldError[] = [];
  b.records.forEach((r, i) => v.fill(r, rows, i * P, errors));
  return errors.length ? undefined : rows;
}

function sameRows(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** A one-feature numeric model: the scanner's number conversion against JSON.parse. */
const num = compileRecordValidator([{ name: 'x', type: 'numeric' }], { inputs: [{ name: 'x', type: 'number', nullable: true }], labels: [] }).scanner!;
function scanNumber(text: string): number | undefined {
  const row = new Float64Array(1);
  return num.scanRecord(Buffer.from(`{"x":${text}}`), row) ? row[0] : undefined;
}

test('numbers convert to exactly the double JSON.parse gives (fast paths, 16–19 digits, exponents, hard cases)', () => {
  const rng = makeRng(7);
  const texts = [
    '0', '-0', '0.0', '-0.0e5', '1', '-1', '0.1', '0.3', '1e23', '1E-7', '5e-324', '1.7976931348623157e308', '2.2250738585072014e-308',
    '9007199254740993', '9007199254740992.5', '123456789012345678', '1234567890123456789', '12345678901234567890123',
    '0.30000000000000004', '0.1000000000000000055511151231257827', '8.98846567431158e307', '4.35', '1e400', '-1e400',
    '0.000000000000000000000000000001', '100000000000000000000000', '1.5e22', '1.5e-22', '7.2057594037927933e16',
  ];
  for (let i = 0; i < 20_000; i++) {
    // a double printed in full (what JSON.stringify sends), at magnitudes from 1e-30 to 1e30
    const d = (rng() - 0.5) * 10 ** Math.floor(rng() * 60 - 30);
    texts.push(JSON.stringify(d));
  }
  for (let i = 0; i < 20_000; i++) {
    // random digit strings: 1–22 digits, a decimal point somewhere, an exponent sometimes
    const n = 1 + Math.floor(rng() * 22);
    let digits = String(1 + Math.floor(rng() * 9));
    for (let k = 1; k < n; k++) digits += String(Math.floor(rng() * 10));
    const dot = Math.floor(rng() * (n + 1));
    let t = dot > 0 && dot < n ? `${digits.slice(0, dot)}.${digits.slice(dot)}` : digits;
    if (rng() < 0.2) t = `0.${'0'.repeat(Math.floor(rng() * 8))}${digits}`;
    if (rng() < 0.4) t += `${rng() < 0.5 ? 'e' : 'E'}${rng() < 0.5 ? '-' : rng() < 0.5 ? '+' : ''}${Math.floor(rng() * 30)}`;
    texts.push(rng() < 0.5 ? `-${t}` : t);
  }
  let checked = 0;
  for (const t of texts) {
    const want = JSON.parse(t) as number;
    const got = scanNumber(t);
    if (!Number.isFinite(want)) {
      assert.equal(got, undefined, `${t}: a non-finite number is refused by the check`);
      continue;
    }
    assert.ok(Object.is(got, want), `${t}: scanned ${got}, JSON.parse ${want}`);
    checked++;
  }
  assert.ok(checked > 40_000);
});

test('text that is not a JSON number is never scanned as one', () => {
  for (const t of ['01', '-', '1.', '.5', '+1', '1e', '1e+', '0x10', '1.2.3', '--1', 'NaN', 'Infinity', '1_000', '١']) {
    assert.equal(scanNumber(t), undefined, t);
  }
});

test('a valid batch gives the rows of JSON.parse + fill: nulls, categories, integers, whitespace, any key order', () => {
  const records = [
    GOOD_RECORD,
    { ...GOOD_RECORD, 'Packet_Loss_%': null, 'Vibration RMS': null, Machine_Type: 'press' },
    { Machine_Type: 'lathe', Error_Count: 0, 'Vibration RMS': 1e-9, 'Packet_Loss_%': 100, 'Spindle_Bearing_Temperature(?C)': -50 },
  ];
  for (const text of [JSON.stringify({ records }), JSON.stringify({ records }, null, 2), ` \r\n\t${JSON.stringify({ records })}\n`, '{"records":[]}', '{ "records" : [ ] }']) {
    const r = scanner.scanBatch(Buffer.from(text), 10_000);
    assert.ok(r, text);
    const want = generic(text)!;
    assert.equal(r.n * P, want.length);
    assert.ok(sameRows(r.rows, want), text);
  }
  // more records than the initial guess: the row buffer grows
  const many = Array.from({ length: 3000 }, (_, i) => ({ ...GOOD_RECORD, Error_Count: i }));
  const text = JSON.stringify({ records: many });
  const r = scanner.scanBatch(Buffer.from(text), 10_000)!;
  assert.equal(r.n, 3000);
  assert.ok(sameRows(r.rows, generic(text)!));
  // over the limit: not scanned (the generic path answers 413)
  assert.equal(scanner.scanBatch(Buffer.from(text), 2999), undefined);
});

test('bad or unusual bodies are left to the generic path; whatever is scanned matches it exactly (mutation fuzz)', () => {
  const base = JSON.stringify({ records: [GOOD_RECORD, { ...GOOD_RECORD, 'Packet_Loss_%': null, Machine_Type: 'press' }] });
  const fixed = [
    '', ' ', '{}', '[]', 'null', '{"records":{}}', '{"records":[1]}', '{"records":[[]]}', '{"records":[{}]}', '{"records":[null]}',
    `\uFEFF${base}`, `${base}x`, `${base},`, base.replace('"records"', '"records","x":1,"records"'), base.replace('"records"', '"Records"'),
    base.replace('"mill"', '"Mill"'), base.replace('"mill"', '"m\\u0069ll"'), base.replace('"Error_Count"', '"Error\\u005fCount"'),
    base.replace('"Error_Count":3', '"Error_Count":3.5'), base.replace('"Error_Count":3', '"Error_Count":3,"Error_Count":4'),
    base.replace('"Error_Count":3', '"Error_Count":3,"extra":1'), base.replace('"Error_Count":3', '"Vibration RMS":1'),
    base.replace('"Error_Count":3,', ''), base.replace('0.4', '"0.4"'),
    base.replace('0.4', 'true'), base.replace('0.4', 'null'), base.replace('0.4', '[0.4]'), base.replace('0.4', '1e999'), base.replace('0.4', '250'),
    base.replace('"Machine_Type":"mill"', '"Machine_Type":null'), base.replace('{"records"', '{"records":[],"records"'),
    base.replace('{"Spindle', '{"__proto__":{"x":1},"Spindle'), base.replace('{"Spindle', '{"constructor":{"prototype":{}},"Spindle'),
  ];
  const rng = makeRng(11);
  const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '1', '-', '.', 'e', 'n', 'x', '\u0001', 'é'];
  const mutants: string[] = [...fixed];
  for (let i = 0; i < 5000; i++) {
    const at = Math.floor(rng() * base.length);
    const op = rng();
    const ch = alphabet[Math.floor(rng() * alphabet.length)]!;
    mutants.push(op < 0.33 ? base.slice(0, at) + base.slice(at + 1) : op < 0.66 ? base.slice(0, at) + ch + base.slice(at) : base.slice(0, at) + ch + base.slice(at + 1));
  }
  let scanned = 0;
  let refused = 0;
  for (const text of mutants) {
    const want = generic(text);
    const got = scanner.scanBatch(Buffer.from(text), 10_000);
    if (got) {
      scanned++;
      assert.ok(want, `scanned a body the generic path refuses: ${JSON.stringify(text)}`);
      assert.ok(sameRows(got.rows, want), `rows differ for ${JSON.stringify(text)}`);
    } else {
      refused++;
    }
    // the single-record scanner on each record-shaped mutant, same property
    const rec = text.startsWith('{"records":[') ? text.slice('{"records":['.length, text.lastIndexOf(']')) : text;
    const row = new Float64Array(P);
    if (scanner.scanRecord(Buffer.from(rec), row)) {
      const w = generic(`{"records":[${rec}]}`);
      assert.ok(w && w.length === P && sameRows(row, w), `scanned record ${JSON.stringify(rec)}`);
    }
  }
  for (const text of fixed.slice(0, fixed.length)) if (generic(text) === undefined) assert.equal(scanner.scanBatch(Buffer.from(text), 10_000), undefined, text);
  assert.ok(scanned > 0 && refused > 0);
});

test('models whose feature names could be read differently from raw bytes get no scanner', () => {
  const one = (name: string) => compileRecordValidator([{ name, type: 'numeric' }], { inputs: [{ name, type: 'number', nullable: true }], labels: [] }).scanner;
  assert.ok(one('Packet_Loss_% (é)'));
  for (const name of ['__proto__', 'constructor', 'a"b', 'a\\b', 'tab\there', 'lone\uD800']) assert.equal(one(name), undefined, name);
});
