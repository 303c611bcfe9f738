/**
 * The subset of the ONNX protobuf schema (onnx/onnx.proto) forewarn writes and reads: ModelProto, GraphProto,
 * NodeProto, AttributeProto, ValueInfoProto / TypeProto.Tensor / TensorShapeProto, OperatorSetIdProto and
 * StringStringEntryProto. Field numbers are the ones in onnx.proto; only what tree/linear classifiers need is here.
 */
import { ProtoWriter, readFields, fieldString, fieldInt, fieldInts, fieldFloats } from './protobuf.js';
import type { ProtoField } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const ElemType = { FLOAT: 1, INT32: 6, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
export const ELEM_TYPE_NAMES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'double',
};

export type AttrValue =
  | { f: number }
  | { i: number }
  | { s: string }
  | { floats: ArrayLike<number> }
  | { ints: ArrayLike<number> }
  | { strings: readonly string[] };

export interface NodeSpec {
  opType: string;
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttrValue>;
}

export interface ValueInfoSpec {
  name: string;
  elemType: number;
  /** Numbers are fixed sizes, strings are symbolic (batch) dimensions. */
  dims: (number | string)[];
}

/** A constant tensor (graph initializer). */
export interface TensorSpec {
  name: string;
  dims: number[];
  elemType: typeof ElemType.FLOAT | typeof ElemType.INT64;
  data: ArrayLike<number>;
}

export interface ModelSpec {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata: Record<string, string>;
  graph: { name: string; nodes: NodeSpec[]; inputs: ValueInfoSpec[]; outputs: ValueInfoSpec[]; initializers?: TensorSpec[] };
}

// AttributeProto.AttributeType
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function encodeAttribute(name: string, v: AttrValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('f' in v) w.float(2, v.f).int(20, ATTR.FLOAT);
  else if ('i' in v) w.int(3, v.i).int(20, ATTR.INT);
  else if ('s' in v) w.string(4, v.s).int(20, ATTR.STRING);
  else if ('floats' in v) w.packedFloats(7, v.floats).int(20, ATTR.FLOATS);
  else if ('ints' in v) w.packedInts(8, v.ints).int(20, ATTR.INTS);
  else {
    for (const s of v.strings) w.string(9, s);
    w.int(20, ATTR.STRINGS);
  }
  return w;
}

function encodeNode(n: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function encodeValueInfo(v: ValueInfoSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensor = new ProtoWriter().int(1, v.elemType).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensor));
}

function encodeTensor(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, t.dims).int(2, t.elemType);
  if (t.elemType === ElemType.FLOAT) w.packedFloats(4, t.data);
  else w.packedInts(7, t.data);
  return w.string(8, t.name);
}

export function encodeModel(m: ModelSpec): Uint8Array {
  const g = new ProtoWriter();
  for (const n of m.graph.nodes) g.message(1, encodeNode(n));
  g.string(2, m.graph.name);
  for (const t of m.graph.initializers ?? []) g.message(5, encodeTensor(t));
  for (const i of m.graph.inputs) g.message(11, encodeValueInfo(i));
  for (const o of m.graph.outputs) g.message(12, encodeValueInfo(o));
  const w = new ProtoWriter().int(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, g);
  for (const o of m.opsets) w.message(8, new ProtoWriter().string(1, o.domain).int(2, o.version));
  for (const [k, v] of Object.entries(m.metadata)) w.message(14, new ProtoWriter().string(1, k).string(2, v));
  return w.finish();
}

// ---- reading -------------------------------------------------------------------------------------------------

export interface ValueInfo {
  name: string;
  /** 'tensor(float)', 'seq(map(int64,tensor(float)))'... as onnxruntime prints them. */
  type: string;
  elemType?: number;
  /** Fixed sizes as numbers, symbolic as strings, unknown as null. Undefined for non-tensors. */
  dims?: (number | string | null)[];
}

export interface NodeInfo {
  opType: string;
  domain: string;
  attributes: Map<string, { i?: number; f?: number; s?: string; ints?: number[]; floats?: number[]; strings?: string[] }>;
}

export interface ModelInfo {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsets: { domain: string; version: number }[];
  metadata: Record<string, string>;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeInfo[];
}

const first = (fs: ProtoField[], n: number): ProtoField | undefined => fs.find((f) => f.field === n);

function decodeType(b: Uint8Array): Omit<ValueInfo, 'name'> {
  const fs = readFields(b);
  const tensor = first(fs, 1);
  if (tensor) {
    const tf = readFields(tensor.bytes!);
    const et = first(tf, 1);
    const elemType = et ? fieldInt(et) : 0;
    const shape = first(tf, 2);
    const dims = shape
      ? readFields(shape.bytes!).filter((f) => f.field === 1).map((d) => {
        const df = readFields(d.bytes!);
        const v = first(df, 1);
        const p = first(df, 2);
        return v ? fieldInt(v) : p ? fieldString(p) : null;
      })
      : undefined;
    return { type: `tensor(${ELEM_TYPE_NAMES[elemType] ?? `type${elemType}`})`, elemType, dims };
  }
  const seq = first(fs, 4);
  if (seq) {
    const inner = first(readFields(seq.bytes!), 1);
    return { type: `seq(${inner ? decodeType(inner.bytes!).type : '?'})` };
  }
  const map = first(fs, 5);
  if (map) {
    const mf = readFields(map.bytes!);
    const k = first(mf, 1);
    const v = first(mf, 2);
    return { type: `map(${k ? ELEM_TYPE_NAMES[fieldInt(k)] : '?'},${v ? decodeType(v.bytes!).type : '?'})` };
  }
  return { type: 'unknown' };
}

function decodeValueInfo(b: Uint8Array): ValueInfo {
  const fs = readFields(b);
  const name = first(fs, 1);
  const type = first(fs, 2);
  return { name: name ? fieldString(name) : '', ...(type ? decodeType(type.bytes!) : { type: 'unknown' }) };
}

function decodeNode(b: Uint8Array): NodeInfo {
  const fs = readFields(b);
  const attributes: NodeInfo['attributes'] = new Map();
  for (const a of fs.filter((f) => f.field === 5)) {
    const af = readFields(a.bytes!);
    const nm = first(af, 1);
    const v: NonNullable<ReturnType<NodeInfo['attributes']['get']>> = {};
    for (const f of af) {
      if (f.field === 2) v.f = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, 4).getFloat32(0, true);
      else if (f.field === 3) v.i = fieldInt(f);
      else if (f.field === 4) v.s = fieldString(f);
      else if (f.field === 7) (v.floats ??= []).push(...fieldFloats(f));
      else if (f.field === 8) (v.ints ??= []).push(...fieldInts(f));
      else if (f.field === 9) (v.strings ??= []).push(fieldString(f));
    }
    if (nm) attributes.set(fieldString(nm), v);
  }
  const op = first(fs, 4);
  const dom = first(fs, 7);
  return { opType: op ? fieldString(op) : '', domain: dom ? fieldString(dom) : '', attributes };
}

/** Decode the parts of a ModelProto that describe its interface. Throws ProtoDecodeError on malformed bytes. */
export function decodeModelInfo(bytes: Uint8Array): ModelInfo {
  const fs = readFields(bytes);
  const str = (n: number): string => { const f = first(fs, n); return f ? fieldString(f) : ''; };
  const ir = first(fs, 1);
  const graph = first(fs, 7);
  const gf = graph ? readFields(graph.bytes!) : [];
  const metadata: Record<string, string> = {};
  for (const m of fs.filter((f) => f.field === 14)) {
    const mf = readFields(m.bytes!);
    const k = first(mf, 1);
    const v = first(mf, 2);
    if (k) metadata[fieldString(k)] = v ? fieldString(v) : '';
  }
  const initNames = new Set(gf.filter((f) => f.field === 5).map((t) => {
    const n = first(readFields(t.bytes!), 8);
    return n ? fieldString(n) : '';
  }));
  return {
    irVersion: ir ? fieldInt(ir) : 0,
    producerName: str(2),
    producerVersion: str(3),
    opsets: fs.filter((f) => f.field === 8).map((o) => {
      const of = readFields(o.bytes!);
      const d = first(of, 1);
      const v = first(of, 2);
      return { domain: d ? fieldString(d) : '', version: v ? fieldInt(v) : 0 };
    }),
    metadata,
    // Old exporters list initializers among the inputs; they are not things a caller feeds.
    inputs: gf.filter((f) => f.field === 11).map((f) => decodeValueInfo(f.bytes!)).filter((v) => !initNames.has(v.name)),
    outputs: gf.filter((f) => f.field === 12).map((f) => decodeValueInfo(f.bytes!)),
    nodes: gf.filter((f) => f.field === 1).map((f) => decodeNode(f.bytes!)),
  };
}
