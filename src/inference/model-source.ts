import type { DecisionRule } from '../entities/decision-rule.js';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extname, basename } from 'node:path';
import type { ModelSignature } from '../entities/signature.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';
import { modelPredictor, onnxPredictor, type Predictor } from './predictor.js';
import { loadJsonModel, loadOnnxModel, parseServedJson, type JsonModelLoader, type OnnxModelLoader } from './model-loaders.js';
import { signatureFromFeatures } from '../entities/signature.js';
import { ServingErrors } from './errors.js';
import { CoreErrors } from '../core/errors.js';

export type ModelFormat = 'forewarn-json' | 'onnx';

/** One servable model version, as the source describes it. `load()` does the (possibly slow) work. */
export interface ModelVersionDescriptor {
  name: string;
  version: string;
  /** The alias this version was resolved through, if any. */
  alias?: string;
  format: ModelFormat;
  /** The stored signature; undefined = derive from the model's features after loading. */
  signature?: ModelSignature;
  metrics: Record<string, number>;
  /** Registry approval status ('approved', 'pending', 'rejected'...) or 'unregistered' for a bare file. */
  approval: string;
  /** Registry tags of the version. */
  tags?: Record<string, string>;
  /** The evaluated alert rule of the version, when it has one (registry versions from the pipeline). */
  decision?: DecisionRule | null;
  load(): Promise<Predictor>;
  /** The frozen feature spec the version was trained on, when it was published with it (pipeline candidates). */
  loadFeatureSpec?(): Promise<ResolvedFeatureSpec>;
}

/** Where served models come from. The service polls `resolve` to notice an alias moving. */
export interface ModelSource {
  /** For logs and /model/info: `file:/path/model.json`, `registry:sqlite:...`. */
  readonly description: string;
  /** The version currently behind (name, alias). Cheap when nothing changed: called every poll. */
  resolve(name: string | undefined, alias: string): Promise<ModelVersionDescriptor>;
}

export interface FileModelSourceOptions {
  path: string;
  /** Model name to report; default: the file name without extension. */
  name?: string;
  jsonLoader?: JsonModelLoader;
  onnxLoader?: OnnxModelLoader;
}

/**
 * Serve one model file (`forewarn serve --model-file model.json|model.onnx`). The version is the content hash, so
 * replacing the file (atomically, e.g. by `mv`) is a new version that polling picks up like an alias move.
 * Signature and metrics come from the model JSON's `info.signature` / `info.metrics` when present.
 */
export class FileModelSource implements ModelSource {
  readonly description: string;
  private cached?: { mtimeMs: number; size: number; descriptor: ModelVersionDescriptor };

  constructor(private readonly opts: FileModelSourceOptions) {
    this.description = `file:${opts.path}`;
  }

  async resolve(_name: string | undefined, alias: string): Promise<ModelVersionDescriptor> {
    const path = this.opts.path;
    const ext = extname(path).toLowerCase();
    if (ext !== '.json' && ext !== '.onnx') throw ServingErrors.FW_ERR_SERVE_BAD_OPTION(`--model-file ${path}: expected a .json (forewarn model) or .onnx file, got '${ext || 'no extension'}'`);
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`model file ${path} does not exist`);
      throw CoreErrors.FW_ERR_CORE_IO(`could not read model file ${path}: ${(e as Error).message}`, undefined, e);
    }
    if (this.cached && this.cached.mtimeMs === st.mtimeMs && this.cached.size === st.size) return this.cached.descriptor;
    const bytes = await readFile(path);
    const version = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const name = this.opts.name ?? basename(path, extname(path));
    const descriptor = ext === '.onnx' ? this.describeOnnx(name, version, alias, bytes) : this.describeJson(name, version, alias, bytes);
    this.cached = { mtimeMs: st.mtimeMs, size: st.size, descriptor };
    return descriptor;
  }

  // The parsed payload is handed to the first load() and then dropped, so a cached descriptor does not pin tens of
  // MB of JSON / bytes for the life of the process; a later forced reload of the same version re-reads the file.
  private describeJson(name: string, version: string, alias: string, bytes: Buffer): ModelVersionDescriptor {
    const path = this.opts.path;
    const parse = (b: Buffer): unknown => parseServedJson(b, path);
    let json: unknown = parse(bytes);
    const info = (json as { info?: Record<string, unknown> } | null)?.info ?? {};
    const loader = this.opts.jsonLoader ?? loadJsonModel;
    return {
      name, version, alias, format: 'forewarn-json',
      signature: isSignature(info.signature) ? info.signature : undefined,
      metrics: numericRecord(info.metrics),
      approval: 'unregistered',
      load: async () => {
        const j = json ?? parse(await this.readSameVersion(version));
        json = undefined;
        return modelPredictor(await loader(j, path));
      },
    };
  }

  private describeOnnx(name: string, version: string, alias: string, bytes: Buffer): ModelVersionDescriptor {
    const path = this.opts.path;
    const loader = this.opts.onnxLoader ?? loadOnnxModel;
    let payload: Buffer | undefined = bytes;
    return {
      name, version, alias, format: 'onnx', metrics: {}, approval: 'unregistered',
      load: async () => {
        const b = payload ?? (await this.readSameVersion(version));
        payload = undefined;
        return onnxPredictor(await loader(b, path));
      },
    };
  }

  private async readSameVersion(version: string): Promise<Buffer> {
    const b = await readFile(this.opts.path);
    if (createHash('sha256').update(b).digest('hex').slice(0, 12) !== version) {
      throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${this.opts.path} changed while loading version ${version}; the next poll or reload picks up the new file`);
    }
    return b;
  }
}

export function isSignature(x: unknown): x is ModelSignature {
  const s = x as ModelSignature | undefined;
  return !!s && Array.isArray(s.inputs) && Array.isArray(s.labels) && s.inputs.every((f) => f && typeof f.name === 'string' && typeof f.type === 'string');
}

export function numericRecord(x: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    for (const [k, v] of Object.entries(x)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** The signature to enforce: the stored one, else one derived from the loaded model. */
export function effectiveSignature(d: ModelVersionDescriptor, p: Predictor): ModelSignature {
  return d.signature ?? signatureFromFeatures(p.features, p.labels);
}
