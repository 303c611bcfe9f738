import type { Model } from '../models/learner.js';
import type { OnnxClassifierLike } from './predictor.js';
import { ServingErrors } from './errors.js';
import { isFwError } from '../core/errors.js';
import { parseModelText } from '../models/format/model-json.js';
import { decodeJsonModel, decodeOnnxModel } from '../models/format/model-file.js';

/**
 * The service's side of the one model-file reader (src/models/format/model-file.ts): its errors, whatever their
 * code, become FW_ERR_SERVE_MODEL_LOAD (with the reader's code as the cause) so a failed load is one metric label
 * and one HTTP status. Loaders are injectable for tests (fixtures instead of the learners).
 */
export type JsonModelLoader = (json: unknown, source: string) => Model | Promise<Model>;
export type OnnxModelLoader = (bytes: Uint8Array, source: string) => Promise<OnnxClassifierLike>;

function asLoadError(e: unknown, source: string): unknown {
  if (!isFwError(e)) return e;
  return ServingErrors.FW_ERR_SERVE_MODEL_LOAD(e.message.startsWith(source) ? e.message : `${source}: ${e.message}`, { cause: e.code }, e);
}

/** The JSON of a served model file (parsed once at resolve time so the descriptor can read its info). */
export function parseServedJson(bytes: Uint8Array, source: string): unknown {
  try {
    return parseModelText(Buffer.from(bytes).toString('utf8'), source);
  } catch (e) {
    throw asLoadError(e, source);
  }
}

export const loadJsonModel: JsonModelLoader = (json, source) => {
  try {
    return decodeJsonModel({ parsed: json }, source).model;
  } catch (e) {
    throw asLoadError(e, source);
  }
};

export const loadOnnxModel: OnnxModelLoader = async (bytes, source) => {
  try {
    return await decodeOnnxModel(bytes, source);
  } catch (e) {
    throw asLoadError(e, source);
  }
};
