import type { Model } from '../models/learner.js';
import type { OnnxClassifierLike } from './predictor.js';
import { ServingErrors } from './errors.js';
import { isFwError } from '../core/errors.js';

/**
 * The two model readers the service depends on live in other areas (src/models/format/model-json.ts,
 * src/models/onnx/onnx-model.ts). They are imported lazily by path so that serving compiles and its tests run on
 * their own; a missing module becomes a clear FwError instead of a crash at import time.
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
  const mod = await importOptional('../models/format/model-json.js');
  const fn = mod?.loadModel as ((j: unknown) => Model) | undefined;
  if (!fn) throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${source}: this build has no forewarn model reader (src/models/format/model-json.ts)`);
  try {
    return fn(json);
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
