import type { ModelVersion } from '../entities/registry.js';
import type { RegistryStore } from '../registry/registry-store.js';
import { resolveModelVersion } from '../registry/resolve.js';
import { modelPredictor, onnxPredictor } from './predictor.js';
import { loadJsonModel, loadOnnxModel, parseServedJson, type JsonModelLoader, type OnnxModelLoader } from './model-loaders.js';
import { isSignature, numericRecord, type ModelFormat, type ModelSource, type ModelVersionDescriptor } from './model-source.js';
import { ServingErrors } from './errors.js';
import { FEATURE_SPEC_TAG, parseFeatureSpec } from '../features/spec-io.js';

/** The part of the model registry the service reads (the SQL registry plugs in directly; tests pass a fake). */
export type RegistryReader = Pick<RegistryStore, 'getVersion' | 'getVersionByAlias'>;

export interface RegistryModelSourceOptions {
  registry: RegistryReader;
  /** The model file of a version (registry resolve.ts loadModelBytes over the artifact repository). */
  loadBytes(version: ModelVersion): Promise<Uint8Array>;
  /** Bytes of another artifact of the version by URI (the frozen feature spec); without it no spec is loaded. */
  loadArtifact?(uri: string): Promise<Uint8Array>;
  description?: string;
  /** Refuse versions whose approval status is not in this list (e.g. ['Approved']); default: any. */
  requireStatus?: readonly string[];
  jsonLoader?: JsonModelLoader;
  onnxLoader?: OnnxModelLoader;
}

/**
 * Serve the version behind a registry alias (default `production`; `latest`, or a pinned "3"/"v3" also work, as in
 * the registry's resolveModelVersion). Polling re-resolves the alias and the slot swaps when the version changes.
 */
export class RegistryModelSource implements ModelSource {
  readonly description: string;

  constructor(private readonly opts: RegistryModelSourceOptions) {
    this.description = opts.description ?? 'registry';
  }

  async resolve(name: string | undefined, alias: string): Promise<ModelVersionDescriptor> {
    if (!name) throw ServingErrors.FW_ERR_SERVE_BAD_OPTION('serving from the registry needs a model name (--model <name> or serve.model)');
    const rec = await resolveModelVersion(this.opts.registry, name, alias);
    const status = rec.approval?.status ?? 'unknown';
    const req = this.opts.requireStatus;
    if (req && !req.includes(status)) {
      throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${name} v${rec.version} (alias ${alias}) has approval status '${status}'; this server only serves ${req.join(' or ')}`, { version: rec.version });
    }
    const format: ModelFormat = rec.format === 'onnx' ? 'onnx' : 'forewarn-json';
    const src = `${name} v${rec.version}`;
    const { loadBytes, loadArtifact } = this.opts;
    const specUri = rec.tags?.[FEATURE_SPEC_TAG];
    const jsonLoader = this.opts.jsonLoader ?? loadJsonModel;
    const onnxLoader = this.opts.onnxLoader ?? loadOnnxModel;
    let signature = isSignature(rec.signature) ? rec.signature : undefined;
    if (signature && rec.labelMapping?.length) signature = { ...signature, labels: rec.labelMapping };
    return {
      name,
      version: String(rec.version),
      alias,
      format,
      signature,
      metrics: numericRecord(rec.metrics),
      approval: status,
      tags: rec.tags,
      decision: rec.decision,
      load: async () => {
        const bytes = await loadBytes(rec);
        if (format === 'onnx') return onnxPredictor(await onnxLoader(bytes, src));
        return modelPredictor(await jsonLoader(parseServedJson(bytes, src), src));
      },
      ...(specUri && loadArtifact
        ? { loadFeatureSpec: async () => parseFeatureSpec(Buffer.from(await loadArtifact(specUri)).toString('utf8'), `${src} ${FEATURE_SPEC_TAG}`) }
        : {}),
    };
  }
}
