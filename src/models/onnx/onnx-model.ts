/**
 * An arbitrary ONNX classifier (ours, or scikit-learn's via skl2onnx with zipmap=False) behind a Predictor-like
 * interface for serving: named features, class labels, async predictProba over row-major rows.
 *
 * Introspection, in order of trust:
 *   - features: our metadata_props `forewarn.features`; else the single float input's [N, F] shape → f0..f{F-1}.
 *   - classes: `forewarn.classes`; else the classifier node's classlabels_strings / classlabels_int64s
 *     (TreeEnsembleClassifier, LinearClassifier, SVMClassifier...); else 0..K-1 from the probability shape.
 *   - probability output: named `probabilities` / `output_probability` / `probability(ies)`; else the only float
 *     output of rank 2. A ZipMap output (sequence of maps) is refused with a message saying to export without it.
 */
import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import type { FeatureSpec, RowMatrix } from '../dataset.js';
import { decodeModelInfo, ElemType } from './onnx-proto.js';
import type { ModelInfo, ValueInfo } from './onnx-proto.js';
import { ProtoDecodeError } from './protobuf.js';
import { META_KEYS } from './metadata.js';
import { createSession, floatTensor, run } from './runtime.js';
import { OnnxErrors } from './errors.js';
import { assertNoExternalData } from './external-data.js';
import { CoreErrors } from '../../core/errors.js';

export interface OnnxClassifier {
  readonly source: string;
  readonly info: ModelInfo;
  readonly features: readonly FeatureSpec[];
  readonly classes: readonly string[];
  readonly inputName: string;
  readonly probabilityOutput: string;
  /** Probabilities nRows × classes.length (float32 precision, returned as float64). */
  predictProba(rows: RowMatrix): Promise<Float64Array>;
  /** Release the native session. */
  close(): Promise<void>;
}

const PROBA_NAMES = ['probabilities', 'output_probability', 'probability', 'probas'];
const CLASSIFIER_OPS = new Set(['TreeEnsembleClassifier', 'LinearClassifier', 'SVMClassifier']);

/** Parse the interface of ONNX bytes without running anything. `source` names the file in errors. */
export function inspectOnnx(bytes: Uint8Array, source: string): ModelInfo {
  if (bytes.length === 0) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: the file is empty`);
  let info: ModelInfo;
  try {
    info = decodeModelInfo(bytes);
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: not an ONNX protobuf file (${e.message})`);
    throw e;
  }
  if (info.irVersion <= 0 || info.inputs.length === 0 || info.outputs.length === 0) {
    throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: not an ONNX model (ir_version ${info.irVersion}, ${info.inputs.length} graph inputs, ${info.outputs.length} outputs)`);
  }
  assertNoExternalData(bytes, source);
  return info;
}

export async function loadOnnxClassifierFile(path: string): Promise<OnnxClassifier> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path}: no such file`);
    throw CoreErrors.FW_ERR_CORE_IO(`${path}: could not read: ${(e as Error).message}`, undefined, e);
  }
  return loadOnnxClassifier(bytes, path);
}

export async function loadOnnxClassifier(bytes: Uint8Array, source = 'ONNX model'): Promise<OnnxClassifier> {
  const info = inspectOnnx(bytes, source);
  if (info.inputs.length !== 1) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: the model has ${info.inputs.length} inputs (${info.inputs.map((i) => i.name).join(', ')}); forewarn serves models with one float tensor input [N, nFeatures] (skl2onnx: initial_types=[('input', FloatTensorType([None, n]))])`);
  }
  const input = info.inputs[0]!;
  if (input.elemType !== ElemType.FLOAT) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: input ${input.name} is ${input.type}; forewarn feeds tensor(float)`);
  }
  const proba = findProbabilityOutput(info.outputs, source);
  const nFeaturesFromShape = input.dims && input.dims.length === 2 && typeof input.dims[1] === 'number' ? input.dims[1] : undefined;
  const features = readFeatures(info, source, nFeaturesFromShape);
  const classes = readClasses(info, source, proba);
  const session = await createSession(bytes, source);
  const clf = new OrtClassifier(source, info, features, classes, input.name, proba.name, session);
  try {
    // Refused unless it answers with probabilities on probe rows (zeros, ones, signs, large values, missing).
    await clf.predictProba(probeGrid(features.length));
  } catch (e) {
    await clf.close();
    throw e;
  }
  return clf;
}

function findProbabilityOutput(outputs: ValueInfo[], source: string): ValueInfo {
  const byName = outputs.find((o) => PROBA_NAMES.includes(o.name.toLowerCase()));
  const cands = byName ? [byName] : outputs.filter((o) => o.elemType === ElemType.FLOAT && o.dims?.length === 2);
  const o = cands[0];
  if (!o || cands.length > 1) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: cannot tell which output holds the probabilities (outputs: ${outputs.map((x) => `${x.name} ${x.type}`).join(', ')}); name it "probabilities"`);
  }
  if (o.type.startsWith('seq(') || o.type.startsWith('map(')) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: output ${o.name} is a ZipMap (${o.type}); export without ZipMap (skl2onnx: options={'zipmap': False}) so it is a float tensor [N, K]`);
  }
  if (o.elemType !== ElemType.FLOAT && o.elemType !== ElemType.DOUBLE) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: probability output ${o.name} is ${o.type}, expected tensor(float) or tensor(double)`);
  }
  return o;
}

function readFeatures(info: ModelInfo, source: string, nFromShape: number | undefined): FeatureSpec[] {
  const raw = info.metadata[META_KEYS.features];
  if (raw !== undefined) {
    let parsed: unknown;
    try { parsed = JSON.parse(raw); } catch { parsed = undefined; }
    if (!Array.isArray(parsed) || !parsed.every((f) => f && typeof f.name === 'string' && (f.type === 'numeric' || f.type === 'categorical'))) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: metadata_props ${META_KEYS.features} is not a JSON list of {name, type}`);
    }
    if (nFromShape !== undefined && parsed.length !== nFromShape) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: metadata lists ${parsed.length} features but the input has ${nFromShape} columns`);
    }
    return parsed as FeatureSpec[];
  }
  if (nFromShape === undefined) {
    throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: the input has no fixed [N, nFeatures] shape and no ${META_KEYS.features} metadata, so the feature count is unknown`);
  }
  return Array.from({ length: nFromShape }, (_, j) => ({ name: `f${j}`, type: 'numeric' as const }));
}

function readClasses(info: ModelInfo, source: string, proba: ValueInfo): string[] {
  const raw = info.metadata[META_KEYS.classes];
  if (raw !== undefined) {
    let parsed: unknown;
    try { parsed = JSON.parse(raw); } catch { parsed = undefined; }
    if (!Array.isArray(parsed) || parsed.length < 2 || !parsed.every((c) => typeof c === 'string')) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${source}: metadata_props ${META_KEYS.classes} is not a JSON list of ≥ 2 strings`);
    }
    return parsed as string[];
  }
  for (const n of info.nodes) {
    if (!CLASSIFIER_OPS.has(n.opType)) continue;
    const s = n.attributes.get('classlabels_strings')?.strings;
    if (s && s.length >= 2) return s;
    const i = n.attributes.get('classlabels_int64s')?.ints ?? n.attributes.get('classlabels_ints')?.ints;
    if (i && i.length >= 2) return i.map(String);
  }
  const k = proba.dims?.[1];
  if (typeof k === 'number' && k >= 2) return Array.from({ length: k }, (_, j) => String(j));
  throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`${source}: cannot find the class labels (no ${META_KEYS.classes} metadata, no classlabels attribute, no fixed probability width)`);
}

/** float32 outputs: a row of K probabilities sums to 1 within this. */
const SUM_TOLERANCE = 1e-3;

/**
 * Every value finite and in [0, 1], every row summing to 1: otherwise the output is not a probability distribution
 * (a mis-exported model, logits, or bytes read from elsewhere) and is never served.
 */
export function assertProbabilities(p: Float64Array, nRows: number, K: number, source: string): void {
  for (let i = 0; i < nRows; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = p[i * K + k]!;
      if (!(v >= -1e-6 && v <= 1 + 1e-6)) {
        throw OnnxErrors.FW_ERR_ONNX_NOT_PROBABILITIES(`${source}: output row ${i} has ${v} for class ${k}; probabilities must be finite and in [0, 1] (export probabilities, not scores or logits)`);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw OnnxErrors.FW_ERR_ONNX_NOT_PROBABILITIES(`${source}: output row ${i} sums to ${sum}, not 1; the probability output must be a distribution over the ${K} classes`);
    }
  }
}

/** Probe rows for the load-time check: zeros, ones, minus ones, large magnitudes and missing values. */
function probeGrid(P: number): RowMatrix {
  const values = [0, 1, -1, 1e3, -1e3, 0.5, NaN, 1e6];
  const data = new Float64Array(values.length * P);
  values.forEach((v, i) => data.fill(v, i * P, (i + 1) * P));
  return { nRows: values.length, nFeatures: P, data };
}

class OrtClassifier implements OnnxClassifier {
  constructor(
    readonly source: string,
    readonly info: ModelInfo,
    readonly features: readonly FeatureSpec[],
    readonly classes: readonly string[],
    readonly inputName: string,
    readonly probabilityOutput: string,
    private readonly session: InferenceSession,
  ) {}

  async predictProba(rows: RowMatrix): Promise<Float64Array> {
    const P = this.features.length;
    const K = this.classes.length;
    if (rows.nFeatures !== P) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`rows have ${rows.nFeatures} features, ${this.source} expects ${P} (${this.features.map((f) => f.name).join(', ')})`);
    }
    if (rows.data.length !== rows.nRows * P) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`rows.data has ${rows.data.length} values, expected nRows × nFeatures = ${rows.nRows * P}`);
    }
    if (rows.nRows === 0) return new Float64Array(0);
    const x = Float32Array.from(rows.data); // NaN stays NaN = missing
    const out = await run(this.session, { [this.inputName]: await floatTensor(x, [rows.nRows, P]) }, this.source);
    const t = out[this.probabilityOutput];
    if (!t || t.dims.length !== 2 || t.dims[0] !== rows.nRows || t.dims[1] !== K) {
      throw OnnxErrors.FW_ERR_ONNX_RUNTIME(`${this.source}: output ${this.probabilityOutput} has shape [${t?.dims.join(', ')}], expected [${rows.nRows}, ${K}]`);
    }
    const probs = Float64Array.from(t.data as Float32Array | Float64Array);
    assertProbabilities(probs, rows.nRows, K, this.source);
    return probs;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
