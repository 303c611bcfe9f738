import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { action } from '../errors-out.js';
import { CoreErrors } from '../../core/errors.js';
import type { ModelSignature, SignatureField } from '../../entities/signature.js';
import type { FeatureSpec } from '../../models/dataset.js';
import { addStoreOptions, defaultActor, printJson, withStores, type StoreCliOptions } from './stores-table.js';

interface RegisterOptions extends StoreCliOptions {
  file: string;
  signature?: string;
  actor?: string;
  description?: string;
}

/** A signature from the model's own feature list when none is given: types and categories, no ranges. */
function signatureOf(features: readonly FeatureSpec[], classes: readonly string[]): ModelSignature {
  const inputs: SignatureField[] = features.map((f) =>
    f.type === 'categorical' ? { name: f.name, type: 'category', nullable: true, categories: [...(f.categories ?? [])] } : { name: f.name, type: 'number', nullable: true },
  );
  return { inputs, labels: [...classes] };
}

/**
 * `forewarn models register <name> --file model.json|model.onnx`: bring a model trained elsewhere (a scikit-learn
 * forest exported with skl2onnx, a forewarn JSON model from another project) into the registry. It goes through the
 * same approval as pipeline candidates; having no recorded gate results, it can take `production` only with an
 * audited --force.
 */
export function registerModelsRegister(models: Command): void {
  addStoreOptions(
    models
      .command('register')
      .description('register a model file (forewarn JSON or ONNX, e.g. from scikit-learn) as a new version, PendingManualApproval')
      .argument('<name>', 'registered model name')
      .requiredOption('--file <path>', 'model.json (forewarn) or model.onnx')
      .option('--signature <json>', 'input signature JSON ({inputs: [{name, type, nullable, min, max, categories}], labels}); default: from the model')
      .option('--actor <who>', 'who registers (default: $FOREWARN_ACTOR or the OS user)')
      .option('--description <text>', 'free text for the version'),
  ).action(action(async (name: string, opts: RegisterOptions) => {
    const [{ putContent }, { parseModel }] = await Promise.all([import('../../artifacts/artifact-ops.js'), import('../../models/format/model-json.js')]);
    const path = resolve(opts.file);
    const ext = extname(path).toLowerCase();
    if (ext !== '.json' && ext !== '.onnx') throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--file ${path}: expected a .json (forewarn model) or .onnx file, got '${ext || 'no extension'}'`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`--file ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    // Load it once before registering: a file the service cannot load must not become a version.
    let signature: ModelSignature;
    if (ext === '.json') {
      const model = parseModel(Buffer.from(bytes).toString('utf8'), path);
      signature = signatureOf(model.features, model.classes);
    } else {
      const { loadOnnxClassifier } = await import('../../models/onnx/onnx-model.js');
      const onnx = await loadOnnxClassifier(bytes, path);
      signature = signatureOf(onnx.features, onnx.classes);
      await onnx.close();
    }
    if (opts.signature) {
      try {
        signature = JSON.parse(await readFile(resolve(opts.signature), 'utf8')) as ModelSignature;
      } catch (e) {
        throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--signature ${opts.signature}: ${(e as Error).message}`);
      }
    }
    await withStores(opts, async (stores) => {
      const put = await putContent(stores.artifacts, bytes, ext);
      const v = await stores.registry.registerVersion({
        modelName: name,
        actor: opts.actor ?? defaultActor(),
        description: opts.description,
        signature,
        artifactUri: put.uri,
        format: ext === '.onnx' ? 'onnx' : 'forewarn-json',
        tags: { source_file: path, sha256: put.sha256 },
      });
      if (opts.json) printJson(v);
      else process.stdout.write(`${name} v${v.version} registered from ${path} (${v.format}, ${signature.inputs.length} inputs, labels ${signature.labels.join(', ')}): ${v.approval.status}; no gate results recorded\n`);
    });
  }));
}
