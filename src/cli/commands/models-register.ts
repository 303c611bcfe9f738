import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { action } from '../errors-out.js';
import { CoreErrors } from '../../core/errors.js';
import type { ModelSignature } from '../../entities/signature.js';
import { addStoreOptions, defaultActor, printJson, withStores, type StoreCliOptions } from './stores-table.js';

interface RegisterOptions extends StoreCliOptions {
  file: string;
  signature?: string;
  actor?: string;
  description?: string;
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
    const { registerModelFromFile } = await import('../../registry/register-model-file.js');
    const path = resolve(opts.file);
    const ext = extname(path).toLowerCase();
    if (ext !== '.json' && ext !== '.onnx') throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--file ${path}: expected a .json (forewarn model) or .onnx file, got '${ext || 'no extension'}'`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`--file ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    let signature: ModelSignature | undefined;
    if (opts.signature) {
      try {
        signature = JSON.parse(await readFile(resolve(opts.signature), 'utf8')) as ModelSignature;
      } catch (e) {
        throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--signature ${opts.signature}: ${(e as Error).message}`);
      }
    }
    await withStores(opts, async (stores) => {
      const { version: v, signature: sig } = await registerModelFromFile(stores, { modelName: name, fileName: path, bytes, actor: opts.actor ?? defaultActor(), description: opts.description, signature });
      if (opts.json) printJson(v);
      else process.stdout.write(`${name} v${v.version} registered from ${path} (${v.format}, ${sig.inputs.length} inputs, labels ${sig.labels.join(', ')}): ${v.approval.status}; no gate results recorded\n`);
    });
  }));
}
