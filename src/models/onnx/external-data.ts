/**
 * ONNX tensors may keep their bytes in another file ("external data": TensorProto.external_data + data_location =
 * EXTERNAL, a path relative to the model or absolute). onnxruntime follows such paths, so a 141-byte model whose
 * initializer points at `forewarn.yaml` returned that file's bytes as "probabilities" through /invocations. forewarn
 * stores a model as one artifact, so a model that refers to any other file is refused: at registration and at every
 * load (inspectOnnx and createSession both call this).
 */
import { readFields, fieldString, ProtoDecodeError, type ProtoField } from './protobuf.js';
import { OnnxErrors } from './errors.js';

const MAX_DEPTH = 32;
type Kind = 'model' | 'graph' | 'function' | 'training' | 'node' | 'attribute' | 'tensor' | 'sparse';

/** Which fields of each message kind hold which nested kinds (field numbers from onnx.proto). */
const CHILDREN: Record<Exclude<Kind, 'tensor'>, Record<number, Kind>> = {
  model: { 7: 'graph', 20: 'training', 25: 'function' },
  training: { 1: 'graph', 2: 'graph' },
  function: { 7: 'node' },
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  sparse: { 1: 'tensor', 2: 'tensor' },
};

/** Throws FW_ERR_ONNX_EXTERNAL_DATA when any tensor anywhere in the model refers to data outside the model bytes. */
export function assertNoExternalData(bytes: Uint8Array, source: string): void {
  const found = findExternalData(bytes, source);
  if (found) {
    throw OnnxErrors.FW_ERR_ONNX_EXTERNAL_DATA(`${source}: tensor '${found.tensor}' keeps its data in an external file (${found.location ? `'${found.location.slice(0, 200)}'` : 'data_location = EXTERNAL'}); forewarn serves self-contained models only: re-export with the weights inside the model (onnx.save_model(..., save_as_external_data=False))`);
  }
}

function findExternalData(bytes: Uint8Array, source: string): { tensor: string; location?: string } | undefined {
  const walk = (b: Uint8Array, kind: Kind, depth: number): { tensor: string; location?: string } | undefined => {
    if (depth > MAX_DEPTH) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: subgraphs nested more than ${MAX_DEPTH} levels deep`);
    let fields: ProtoField[];
    try {
      fields = readFields(b);
    } catch (e) {
      if (e instanceof ProtoDecodeError) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: not an ONNX protobuf file (${e.message})`);
      throw e;
    }
    if (kind === 'tensor') {
      const external = fields.filter((f) => f.field === 13 && f.bytes);
      const location = fields.some((f) => f.field === 14 && f.varint !== undefined && f.varint !== 0n);
      if (external.length === 0 && !location) return undefined;
      const name = fields.find((f) => f.field === 8);
      let path: string | undefined;
      for (const e of external) {
        const kv = readFields(e.bytes!);
        const k = kv.find((f) => f.field === 1);
        if (k && fieldString(k) === 'location') path = fieldString(kv.find((f) => f.field === 2) ?? { field: 2, wire: 2, bytes: new Uint8Array() });
      }
      return { tensor: name ? fieldString(name) : '(unnamed)', location: path };
    }
    const children = CHILDREN[kind];
    for (const f of fields) {
      const child = children[f.field];
      if (child && f.wire === 2 && f.bytes) {
        const hit = walk(f.bytes, child, depth + 1);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(bytes, 'model', 0);
}
