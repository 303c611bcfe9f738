/**
 * Read a saved forewarn model file (JSON) for the model-file commands. Logistic models load here; tree ensembles
 * load through the tree learners' loader (src/models/format/model-json.ts `loadModel`), imported dynamically so
 * this area builds on its own — when that module is absent the error says so instead of failing to compile.
 * Every failure is an FwError naming the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { loadModel } from '../format/model-json.js';
import type { Model, ModelJson } from '../learner.js';
import { logisticLearner } from '../linear/logistic.js';
import { CoreErrors, FwError, isFwError } from '../../core/errors.js';
import { OnnxErrors } from './errors.js';

/** Model files beyond this are refused before reading (a 1M-node forest is ~100 MB of JSON). */
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;

// A variable, not a literal, so TypeScript does not resolve it at build time (see the file comment).

export async function readFileChecked(path: string, maxBytes = MAX_MODEL_FILE_BYTES): Promise<Buffer> {
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

/** Parse the JSON text and check the envelope fields every kind shares. */
export function parseModelJson(text: string, path: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: a model file must hold a JSON object`);
  if (o.format !== 'forewarn-model') {
    throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: field "format" must be "forewarn-model", got ${JSON.stringify(o.format) ?? 'nothing'} (not a forewarn model file)`);
  }
  if (typeof o.kind !== 'string') throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: field "kind" must be a string`);
  if (!Array.isArray(o.features)) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: field "features" must be an array`);
  if (!Array.isArray(o.classes)) throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: field "classes" must be an array`);
  if (!o.body || typeof o.body !== 'object') throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: field "body" must be an object`);
  return o as unknown as ModelJson;
}

/** Rebuild the model a parsed JSON describes. */
export async function modelFromJson(json: ModelJson, path: string): Promise<Model> {
  try {
    if (json.kind === 'logistic') return logisticLearner.fromJSON(json);
    if (json.kind !== 'gbdt' && json.kind !== 'random_forest') {
      throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`field "kind" is ${JSON.stringify(json.kind)}; known kinds: gbdt, random_forest, logistic`);
    }
    return loadModel(json);
  } catch (e) {
    if (isFwError(e) && !e.message.startsWith(path)) {
      // Same code, status and exit; the message gains the file name so the user knows which file is broken.
      throw new FwError({ code: e.code, status: e.status, exit: e.exit, description: '' }, `${path}: ${e.message}`, e.details, { cause: e });
    }
    throw e;
  }
}

export async function loadModelFile(path: string): Promise<{ json: ModelJson; model: Model }> {
  const bytes = await readFileChecked(path);
  const json = parseModelJson(bytes.toString('utf8'), path);
  return { json, model: await modelFromJson(json, path) };
}
