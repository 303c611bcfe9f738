import type { Model } from '../models/learner.js';
import type { OnnxClassifierLike } from './predictor.js';
import { ServingErrors } from './errors.js';
import { isFwError } from '../core/errors.js';
import { loadModel } from '../models/format/model-json.js';

/**
 * The two model readers the service depends on (src/models/format/model-json.ts, src/models/onnx/onnx-model.ts).
 * The ONNX one is imported on first use: it pulls in onnxruntime-node, which a service of JSON models should not pay
 * for at start-up.
 */
export type JsonModelLoader = (json: unknown, source: string) => Model | Promise<Model>;
export type OnnxModelLoader = (bytes: Uint8Array, source: string) => Promise<OnnxClassifierLike>;

async function importOptional(spec: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

export const loadJsonModel: JsonModelLoader = async (json, source) => {
  try {
    return loadModel(json);
  } catch (e) {
    if (isFwError(e)) throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${source}: ${e.message}`, { cause: e.code }, e);
    throw e;
  }
};

export const loadOnnxModel: OnnxModelLoader = async (bytes, source) => {
  const mod = await importOptional('../models/onnx/onnx-model.js');
  const fn = mod?.loadOnnxClassifier as OnnxModelLoader | undefined;
  if (!fn) throw ServingErrors.FW_ERR_SERVE_ONNX_UNAVAILABLE(`${source}: this build has no ONNX support (src/models/onnx/onnx-model.ts)`);
  try {
    return await fn(bytes, source);
  } catch (e) {
    if (isFwError(e)) throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${source}: ${e.message}`, { cause: e.code }, e);
    throw e;
  }
};
