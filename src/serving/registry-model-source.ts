import type { ModelSignature } from '../models/signature.js';
import { modelPredictor, onnxPredictor } from './predictor.js';
import { loadJsonModel, loadOnnxModel, type JsonModelLoader, type OnnxModelLoader } from './model-loaders.js';
import { isSignature, numericRecord, type ModelFormat, type ModelSource, type ModelVersionDescriptor } from './model-source.js';
import { ServingErrors } from './errors.js';
import { CoreErrors } from '../core/errors.js';

/**
 * The part of the model registry the service reads. Declared here, structurally, because the SQL registry store
 * (src/registry/) was not in this tree when serving was written: any store with these three methods plugs in.
 */
export interface RegistryVersionRecord {
  name: string;
  version: number | string;
  /** 'forewarn-json' | 'onnx' (default 'forewarn-json'). */
  format?: string;
  signature?: ModelSignature | unknown;
  metrics?: Record<string, unknown>;
  /** Approval status: 'approved' | 'pending' | 'rejected' | ... */
  status?: string;
}

export interface RegistryReader {
  /** The version an alias points at, or undefined when the alias is not set. */
  resolveAlias(name: string, alias: string): Promise<RegistryVersionRecord | undefined>;
  /** The model artefact bytes of a version (model JSON text or ONNX). */
  readArtifact(name: string, version: number | string): Promise<Uint8Array>;
}

export interface RegistryModelSourceOptions {
  registry: RegistryReader;
  description?: string;
  /** Refuse versions whose status is not in this list (default: any status). */
  requireStatus?: readonly string[];
  jsonLoader?: JsonModelLoader;
  onnxLoader?: OnnxModelLoader;
}

/** Serve the version behind a registry alias (default `production`); polling notices when the alias moves. */
export class RegistryModelSource implements ModelSource {
  readonly description: string;

  constructor(private readonly opts: RegistryModelSourceOptions) {
    this.description = opts.description ?? 'registry';
  }

  async resolve(name: string | undefined, alias: string): Promise<ModelVersionDescriptor> {
    if (!name) throw ServingErrors.FW_ERR_SERVE_BAD_OPTION('serving from the registry needs a model name (--model <name> or serve.model)');
    const rec = await this.opts.registry.resolveAlias(name, alias);
    if (!rec) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`model '${name}' has no version with alias '${alias}' (set it with \`forewarn models alias\`)`);
    const status = rec.status ?? 'unknown';
    const req = this.opts.requireStatus;
    if (req && !req.includes(status)) {
      throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${name} version ${rec.version} (alias ${alias}) has status '${status}'; serving requires ${req.join(' or ')}`);
    }
    const format: ModelFormat = rec.format === 'onnx' ? 'onnx' : 'forewarn-json';
    const src = `${name} v${rec.version}`;
    const registry = this.opts.registry;
    const jsonLoader = this.opts.jsonLoader ?? loadJsonModel;
    const onnxLoader = this.opts.onnxLoader ?? loadOnnxModel;
    return {
      name,
      version: String(rec.version),
      alias,
      format,
      signature: isSignature(rec.signature) ? rec.signature : undefined,
      metrics: numericRecord(rec.metrics),
      approval: status,
      load: async () => {
        const bytes = await registry.readArtifact(name, rec.version);
        if (format === 'onnx') return onnxPredictor(await onnxLoader(bytes, src));
        let json: unknown;
        try {
          json = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch (e) {
          throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${src}: the stored artefact is not valid JSON: ${(e as Error).message}`);
        }
        return modelPredictor(await jsonLoader(json, src));
      },
    };
  }
}
