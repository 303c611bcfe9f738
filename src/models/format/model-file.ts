/**
 * The one model-file reader: every place that loads a model (the model-file commands, `models inspect`, the service
 * from a file or from the registry, `models register`) reads it here. JSON files are forewarn models
 * (model-json.ts, errors FW_ERR_MODEL_BAD_FORMAT / FW_ERR_MODEL_UNKNOWN_KIND); `.onnx` files are ONNX classifiers
 * (onnx/onnx-model.ts, errors FW_ERR_ONNX_*). Every error names the file. onnxruntime loads only when an ONNX model
 * is actually read.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CoreErrors, FwError, isFwError } from '../../core/errors.js';
import type { Model, ModelJson } from '../learner.js';
import type { OnnxClassifier } from '../onnx/onnx-model.js';
import { checkEnvelope, loadModel, parseModelText } from './model-json.js';

/** Model files beyond this are refused before reading (a 1M-node forest is ~100 MB of JSON). */
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;

export type ModelFileFormat = 'forewarn-json' | 'onnx';

export type ModelFile = { format: 'forewarn-json'; json: ModelJson; model: Model } | { format: 'onnx'; onnx: OnnxClassifier };

/** The file's bytes, refusing folders and files over `maxBytes` before reading; FW_ERR_CORE_NOT_FOUND / _IO. */
export async function readModelBytes(path: string, maxBytes = MAX_MODEL_FILE_BYTES): Promise<Buffer> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${path}: is not a file`);
    if (s.size > maxBytes) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${path}: ${s.size} bytes is larger than the ${maxBytes}-byte limit`);
    return await readFile(path);
  } catch (e) {
    if (isFwError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path}: no such file`);
    throw CoreErrors.FW_ERR_CORE_IO(`${path}: could not read: ${(e as Error).message}`, undefined, e);
  }
}

/** By extension: `.onnx` is ONNX, `.json` is a forewarn model; anything else is sniffed (JSON starts with "{"). */
export function modelFileFormat(name: string, bytes?: Uint8Array): ModelFileFormat {
  const ext = extname(name).toLowerCase();
  if (ext === '.onnx') return 'onnx';
  if (ext === '.json' || !bytes) return 'forewarn-json';
  return /^\s*\{/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8')) ? 'forewarn-json' : 'onnx';
}

/** A forewarn model from its JSON text (or already-parsed JSON): envelope checked, body rebuilt by its learner. */
export function decodeJsonModel(input: string | Uint8Array | { parsed: unknown }, source: string): { json: ModelJson; model: Model } {
  const parsed = typeof input === 'object' && 'parsed' in input ? input.parsed : parseModelText(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'), source);
  try {
    const json = checkEnvelope(parsed);
    return { json, model: loadModel(json) };
  } catch (e) {
    throw withSource(e, source);
  }
}

/** An ONNX classifier from its bytes (onnxruntime is imported here, on first use). */
export async function decodeOnnxModel(bytes: Uint8Array, source: string): Promise<OnnxClassifier> {
  const { loadOnnxClassifier } = await import('../onnx/onnx-model.js');
  return loadOnnxClassifier(bytes, source);
}

/** Read and load a model file, JSON or ONNX by its name (see modelFileFormat). */
export async function readModelFile(path: string): Promise<ModelFile> {
  const bytes = await readModelBytes(path);
  if (modelFileFormat(path, bytes) === 'onnx') return { format: 'onnx', onnx: await decodeOnnxModel(bytes, path) };
  return { format: 'forewarn-json', ...decodeJsonModel(bytes, path) };
}

/** Same code, status and exit; the message gains the file name so the user knows which file is broken. */
function withSource(e: unknown, source: string): unknown {
  if (!isFwError(e) || e.message.startsWith(source)) return e;
  return new FwError({ code: e.code, status: e.status, exit: e.exit, description: '' }, `${source}: ${e.message}`, e.details, { cause: e });
}
