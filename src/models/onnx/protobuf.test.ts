import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoWriter, readFields, fieldInt, fieldInts, fieldFloats, fieldString, ProtoDecodeError } from './protobuf.js';
import { float32AtMost, nextDown32 } from './float32.js';

test('varints, strings, packed ints / floats and nested messages round-trip', () => {
  const inner = new ProtoWriter().string(1, 'Spindle_Bearing_Temperature(?C) °').int(2, 300);
  const w = new ProtoWriter()
    .int(1, 0).int(2, 127).int(3, 128).int(4, 2 ** 40).int(5, -1).int(6, -(2n ** 63n))
    .packedInts(7, [0, 1, 300, 2 ** 33]).packedFloats(8, [1.5, -0.1, NaN, Infinity]).message(9, inner);
  const fs = readFields(w.finish());
  assert.deepEqual(fs.slice(0, 6).map(fieldInt), [0, 127, 128, 2 ** 40, -1, -(2 ** 63)]);
  assert.deepEqual(fieldInts(fs[6]!), [0, 1, 300, 2 ** 33]);
  const f = fieldFloats(fs[7]!);
  assert.equal(f[0], 1.5);
  assert.equal(f[1], Math.fround(-0.1));
  assert.ok(Number.isNaN(f[2]));
  assert.equal(f[3], Infinity);
  const sub = readFields(fs[8]!.bytes!);
  assert.equal(fieldString(sub[0]!), 'Spindle_Bearing_Temperature(?C) °');
  assert.equal(fieldInt(sub[1]!), 300);
  // -1 as int64 takes the full 10 bytes, as protobuf requires.
  assert.equal(new ProtoWriter().int(1, -1).finish().length, 11);
});

test('malformed bytes raise ProtoDecodeError instead of reading past the end', () => {
  const good = new ProtoWriter().string(1, 'hello').finish();
  assert.throws(() => readFields(good.subarray(0, good.length - 2)), ProtoDecodeError);
  assert.throws(() => readFields(Uint8Array.of(0x80)), ProtoDecodeError); // unterminated varint
  assert.throws(() => readFields(Uint8Array.of(0x0b)), ProtoDecodeError); // wire type 3 (groups)
  assert.throws(() => readFields(Uint8Array.of(0x00)), ProtoDecodeError); // field number 0
});

test('float32AtMost returns the largest float32 ≤ t', () => {
  for (const t of [0.1, -0.1, 1 / 3, 1e-40, -1e-40, 123456.789, 1e300, -1e300, 0, 2.5]) {
    const r = float32AtMost(t);
    assert.equal(Math.fround(r), r, `${t}: result is float32`);
    assert.ok(r <= t, `${t}: ${r} <= t`);
    const up = -nextDown32(-r); // next float32 above r
    assert.ok(up > t || (t > 3.4028234663852886e38 && up === Infinity), `${t}: next float32 above ${r} is ${up}, must exceed t`);
  }
  assert.equal(float32AtMost(Infinity), Infinity);
  assert.equal(float32AtMost(-Infinity), -Infinity);
});
