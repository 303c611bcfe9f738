/**
 * Model-file commands on `forewarn models`: export a saved model to ONNX (optionally verified against the original
 * on a CSV with onnxruntime) and inspect a model file (forewarn JSON or ONNX).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';
import { atomicWrite } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';

function positiveNumber(name: string, raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name} must be a number > 0, got ${JSON.stringify(raw)}`);
  return v;
}

export function registerModelFile(models: Command): void {
  models
    .command('export-onnx')
    .description('export a saved model (JSON) to ONNX: TreeEnsembleClassifier for gbdt / random forest, standard ops for logistic')
    .argument('<model.json>', 'saved forewarn model')
    .option('-o, --output <file.onnx>', 'where to write (default: the model path with .onnx)')
    .option('--verify <csv>', 'check the ONNX file against the model on these rows (columns named like the features) before writing;\n' +
      'without it, the check runs on generated rows that probe every split threshold, NaN and unseen categories')
    .option('--no-check', 'skip the onnxruntime check entirely (not recommended)')
    .option('--tolerance <p>', 'largest allowed probability difference for --verify', '1e-5')
    .option('--limit <n>', 'rows of the --verify CSV to use', '100000')
    .option('--json', 'print the result as JSON')
    .action(action(async (file: string, opts: { output?: string; verify?: string; check: boolean; tolerance: string; limit: string; json?: boolean }) => {
      const tolerance = positiveNumber('--tolerance', opts.tolerance);
      const limit = positiveNumber('--limit', opts.limit);
      // Model and ONNX modules (onnxruntime among them) load on use, not at CLI start (see main.ts).
      const [{ decodeJsonModel, readModelBytes }, { exportModelToOnnx }, { verifyOnnx }, { rowsFromCsv }, { probeRows }] = await Promise.all([
        import('../../models/format/model-file.js'), import('../../models/onnx/export-model.js'), import('../../models/onnx/verify.js'),
        import('../../data/csv/model-rows.js'), import('../../models/onnx/probe-rows.js'),
      ]);
      const { model } = decodeJsonModel(await readModelBytes(file), file);
      const bytes = exportModelToOnnx(model);
      let verify;
      let checkedOn = '';
      if (opts.verify || opts.check) {
        const rows = opts.verify ? await rowsFromCsv(opts.verify, model.features, limit) : probeRows(model, 2000, 1);
        checkedOn = opts.verify ?? 'generated boundary rows';
        // Compare on what ONNX sees: float32-rounded inputs (see src/models/onnx/float32.ts).
        const r32 = { ...rows, data: Float64Array.from(Float32Array.from(rows.data)) };
        verify = await verifyOnnx(bytes, r32, model.predictProba(r32), { tolerance, source: checkedOn, throwOnFail: true });
      }
      const out = resolve(opts.output ?? file.replace(/\.json$/i, '') + '.onnx');
      await atomicWrite(out, bytes);
      const result = { file: out, bytes: bytes.length, kind: model.kind, features: model.features.length, classes: model.classes, ...(verify ? { verify: { ...verify, on: checkedOn } } : {}) };
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        process.stdout.write(`wrote ${out} (${bytes.length} bytes, ${model.kind}, ${model.features.length} features, classes ${model.classes.join(', ')})\n`);
        if (verify) {
          process.stdout.write(`verified with onnxruntime on ${verify.rows} rows (${checkedOn}): max |Δp| = ${verify.maxAbsDiff.toExponential(2)} (tolerance ${tolerance}), ${verify.labelMismatches} label differences\n`);
        }
      }
    }));

  models
    .command('inspect')
    .description('summarise a model file: forewarn JSON (kind, features, classes, trees, params) or ONNX (inputs, outputs, opsets)')
    .argument('<file>', 'model.json or model.onnx')
    .option('--json', 'print the summary as JSON')
    .action(action(async (file: string, opts: { json?: boolean }) => {
      const { inspectModelFile, renderSummary } = await import('../../models/onnx/inspect.js');
      const s = await inspectModelFile(file);
      process.stdout.write(opts.json ? JSON.stringify(s, null, 2) + '\n' : renderSummary(s));
    }));
}
