import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRecordValidator, type InputFieldError } from '../inference/record-validator.js';
import { signatureFromFeatures } from '../entities/signature.js';
import { TEST_FEATURES, TEST_SIGNATURE, GOOD_RECORD, TEST_LABELS } from './test-fixtures.js';
import { FwError } from '../core/errors.js';

const v = compileRecordValidator(TEST_FEATURES, TEST_SIGNATURE);

test('a good record is encoded in model feature order, categories as model indices', () => {
  const row = new Float64Array(5);
  const errors: InputFieldError[] = [];
  v.fill(GOOD_RECORD, row, 0, errors);
  assert.deepEqual(errors, []);
  assert.deepEqual(Array.from(row), [0.4, 0.2, -0.3, 3, 1]);
});

test('null is NaN (missing) only for nullable fields; missing fields are always errors', () => {
  const row = new Float64Array(5);
  const errors: InputFieldError[] = [];
  v.fill({ ...GOOD_RECORD, 'Packet_Loss_%': null }, row, 0, errors);
  assert.equal(errors.length, 0);
  assert.ok(Number.isNaN(row[1]));
  const { ['Vibration RMS']: _, ...missing } = GOOD_RECORD;
  v.fill(missing, row, 0, errors, '[2].');
  assert.deepEqual(errors.map((e) => e.field), ['[2].Vibration RMS']);
});

test('each rule is named: integer, range, category list, booleans, non-objects', () => {
  const errors: InputFieldError[] = [];
  v.fill({ ...GOOD_RECORD, Error_Count: 1.5, 'Spindle_Bearing_Temperature(?C)': 250, Machine_Type: 'Mill' }, new Float64Array(5), 0, errors);
  assert.deepEqual(errors, [
    { field: 'Spindle_Bearing_Temperature(?C)', expected: 'a finite number in [-50, 200]', got: 'number 250' },
    { field: 'Error_Count', expected: 'an integer in [0, 10000]', got: 'number 1.5' },
    { field: 'Machine_Type', expected: 'one of "lathe", "mill", "press"', got: 'string "Mill"' },
  ]);
  const e2: InputFieldError[] = [];
  v.fill([1, 2], new Float64Array(5), 0, e2, '[0].');
  assert.equal(e2.length, 1);
  assert.match(e2[0]!.expected, /an object with fields/);
  const bool = compileRecordValidator([{ name: 'b', type: 'numeric' }], { inputs: [{ name: 'b', type: 'boolean', nullable: false }], labels: [] });
  const row = new Float64Array(1);
  const e3: InputFieldError[] = [];
  bool.fill({ b: true }, row, 0, e3);
  assert.equal(row[0], 1);
  bool.fill({ b: 'true' }, row, 0, e3);
  assert.equal(e3[0]!.expected, 'true or false');
});

test('a signature that does not cover the model features is refused at load', () => {
  assert.throws(() => compileRecordValidator(TEST_FEATURES, { inputs: TEST_SIGNATURE.inputs.slice(1), labels: TEST_LABELS }), (e: FwError) => e.code === 'FW_ERR_SERVE_MODEL_LOAD' && /Spindle_Bearing_Temperature/.test(e.message));
});

test('a derived signature accepts any finite number, null, and the model categories', () => {
  const sig = signatureFromFeatures(TEST_FEATURES, TEST_LABELS);
  assert.equal(sig.inputs[4]!.type, 'category');
  const d = compileRecordValidator(TEST_FEATURES, sig);
  const errors: InputFieldError[] = [];
  d.fill({ ...GOOD_RECORD, Error_Count: 1e300, 'Packet_Loss_%': null }, new Float64Array(5), 0, errors);
  assert.deepEqual(errors, []);
});
