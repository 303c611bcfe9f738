/**
 * A minimal protocol-buffers wire-format writer and reader: just enough to emit and inspect ONNX ModelProto files
 * without a code generator or a runtime dependency. Wire types used: 0 (varint), 1 (64-bit), 2 (length-delimited),
 * 5 (32-bit). Messages are built bottom-up: encode the child into bytes, then write it as a length-delimited field.
 */

const enc = new TextEncoder();

export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** Unsigned varint of a non-negative integer or bigint; negative int64 values are written as 10-byte two's complement. */
  varint(v: number | bigint): void {
    let x = typeof v === 'bigint' ? v : BigInt(v);
    if (x < 0n) x = BigInt.asUintN(64, x);
    if (x < 0x80n) { this.byte(Number(x)); return; }
    while (x >= 0x80n) {
      this.byte(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.byte(Number(x));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, v: number | bigint): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, enc.encode(s));
  }

  message(field: number, m: ProtoWriter | Uint8Array): this {
    return this.bytes(field, m instanceof ProtoWriter ? m.finish() : m);
  }

  /** Packed repeated float32 (one length-delimited field). */
  packedFloats(field: number, vs: ArrayLike<number>): this {
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat32(i * 4, vs[i]!, true);
    return this.bytes(field, b);
  }

  /** Packed repeated int64 / int32 varints. */
  packedInts(field: number, vs: ArrayLike<number>): this {
    const w = new ProtoWriter();
    for (let i = 0; i < vs.length; i++) w.varint(vs[i]!);
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export interface ProtoField {
  field: number;
  wire: number;
  /** wire 0: the varint as bigint; wire 1/5: the raw bytes; wire 2: the payload bytes. */
  varint?: bigint;
  bytes?: Uint8Array;
}

/** Thrown by the reader on malformed input; callers turn it into an FwError naming the file. */
export class ProtoDecodeError extends Error {}

/** Decode one message level into its fields (in order; repeated fields appear several times). */
export function readFields(b: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let p = 0;
  const varint = (): bigint => {
    let x = 0n;
    let shift = 0n;
    for (;;) {
      if (p >= b.length) throw new ProtoDecodeError(`truncated varint at byte ${p}`);
      const c = b[p++]!;
      x |= BigInt(c & 0x7f) << shift;
      if ((c & 0x80) === 0) return x;
      shift += 7n;
      if (shift > 70n) throw new ProtoDecodeError(`varint too long at byte ${p}`);
    }
  };
  while (p < b.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtoDecodeError(`field number 0 at byte ${p}`);
    if (wire === 0) out.push({ field, wire, varint: varint() });
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (p + n > b.length) throw new ProtoDecodeError(`truncated fixed field ${field} at byte ${p}`);
      out.push({ field, wire, bytes: b.subarray(p, p + n) });
      p += n;
    } else if (wire === 2) {
      const n = Number(varint());
      if (n < 0 || p + n > b.length) throw new ProtoDecodeError(`field ${field} claims ${n} bytes at byte ${p}, only ${b.length - p} left`);
      out.push({ field, wire, bytes: b.subarray(p, p + n) });
      p += n;
    } else throw new ProtoDecodeError(`unsupported wire type ${wire} for field ${field} at byte ${p}`);
  }
  return out;
}

const dec = new TextDecoder('utf-8', { fatal: false });
export function fieldString(f: ProtoField): string {
  return f.bytes ? dec.decode(f.bytes) : '';
}

/** Signed int64 from a varint field (ONNX stores dims / ints as int64). */
export function fieldInt(f: ProtoField): number {
  return f.varint === undefined ? 0 : Number(BigInt.asIntN(64, f.varint));
}

/** Repeated int64 that may be packed (wire 2) or not (wire 0). */
export function fieldInts(f: ProtoField): number[] {
  if (f.wire === 0) return [fieldInt(f)];
  const out: number[] = [];
  const b = f.bytes!;
  let p = 0;
  while (p < b.length) {
    let x = 0n;
    let shift = 0n;
    for (;;) {
      if (p >= b.length) throw new ProtoDecodeError('truncated packed varint');
      const c = b[p++]!;
      x |= BigInt(c & 0x7f) << shift;
      if ((c & 0x80) === 0) break;
      shift += 7n;
    }
    out.push(Number(BigInt.asIntN(64, x)));
  }
  return out;
}

/** Repeated float32 that may be packed (wire 2) or not (wire 5). */
export function fieldFloats(f: ProtoField): number[] {
  const b = f.bytes!;
  if (b.length % 4 !== 0) throw new ProtoDecodeError('packed floats length is not a multiple of 4');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 4) out.push(dv.getFloat32(i, true));
  return out;
}
