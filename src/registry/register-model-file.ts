import { extname } from 'node:path';
import { CoreErrors } from '../core/errors.js';
import type { ModelVersion } from '../entities/registry.js';
import { signatureFromFeatures, type ModelSignature } from '../entities/signature.js';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { putContent } from '../artifacts/artifact-ops.js';
import type { RegistryStore } from './registry-store.js';

export interface RegisterModelFileInput {
  modelName: string;
  /** The file's name or path: its extension (.json | .onnx) picks the format; it is recorded as the source_file tag. */
  fileName: string;
  bytes: Uint8Array;
  actor: string;
  description?: string;
  /** Input signature; default: derived from the model's own features (types and categories, no ranges). */
  signature?: ModelSignature;
}

/**
 * Register a model trained elsewhere (a scikit-learn forest exported with skl2onnx, a forewarn JSON model from another
 * project) as a new version, PendingManualApproval. The file is loaded once first: a file the service cannot load
 * must not become a version. Having no recorded gate results, it can take a protected alias only with an audited
 * force. Used by `forewarn models register` and, next, the web UI.
 */
export async function registerModelFromFile(stores: { registry: RegistryStore; artifacts: ArtifactRepository }, input: RegisterModelFileInput): Promise<{ version: ModelVersion; signature: ModelSignature }> {
  const ext = extname(input.fileName).toLowerCase();
  if (ext !== '.json' && ext !== '.onnx') throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${input.fileName}: expected a .json (forewarn model) or .onnx file, got '${ext || 'no extension'}'`);
  const derived = await signatureOfFile(input.bytes, ext, input.fileName);
  const signature = input.signature ?? derived;
  const put = await putContent(stores.artifacts, input.bytes, ext);
  const version = await stores.registry.registerVersion({
    modelName: input.modelName,
    actor: input.actor,
    description: input.description,
    signature,
    artifactUri: put.uri,
    format: ext === '.onnx' ? 'onnx' : 'forewarn-json',
    tags: { source_file: input.fileName, sha256: put.sha256 },
  });
  return { version, signature };
}

async function signatureOfFile(bytes: Uint8Array, ext: '.json' | '.onnx', name: string): Promise<ModelSignature> {
  // The one model reader; onnxruntime loads only when an ONNX file is registered.
  const { decodeJsonModel, decodeOnnxModel } = await import('../models/format/model-file.js');
  if (ext === '.json') {
    const { model } = decodeJsonModel(bytes, name);
    return signatureFromFeatures(model.features, model.classes);
  }
  const onnx = await decodeOnnxModel(bytes, name);
  try {
    return signatureFromFeatures(onnx.features, onnx.classes);
  } finally {
    await onnx.close();
  }
}
