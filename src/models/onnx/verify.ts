/**
 * Check an exported ONNX file against the model it came from: run both on the same rows and report the largest
 * probability difference, where it happened and how many predicted labels differ. Rows are cast to float32 for
 * ONNX (what a serving client sends); see float32.ts for what that means for splits.
 */
import type { RowMatrix } from '../dataset.js';
import { loadOnnxClassifier } from './onnx-model.js';
import { OnnxErrors } from './errors.js';

export interface VerifyReport {
  rows: number;
  maxAbsDiff: number;
  worstRow: number;
  worstClass: number;
  labelMismatches: number;
  tolerance: number;
  ok: boolean;
}

export async function verifyOnnx(
  bytes: Uint8Array, rows: RowMatrix, expected: Float64Array, opts: { tolerance?: number; source?: string; throwOnFail?: boolean } = {},
): Promise<VerifyReport> {
  const tol = opts.tolerance ?? 1e-5;
  const clf = await loadOnnxClassifier(bytes, opts.source ?? 'exported model');
  try {
    const got = await clf.predictProba(rows);
    const K = clf.classes.length;
    if (expected.length !== got.length) {
      throw OnnxErrors.FW_ERR_ONNX_VERIFY_FAILED(`expected ${expected.length} probabilities, ONNX gave ${got.length}`);
    }
    let maxAbsDiff = 0, worstRow = -1, worstClass = -1, labelMismatches = 0;
    for (let i = 0; i < rows.nRows; i++) {
      let a = 0, b = 0;
      for (let k = 0; k < K; k++) {
        const d = Math.abs(got[i * K + k]! - expected[i * K + k]!);
        if (!(d <= maxAbsDiff)) { maxAbsDiff = d; worstRow = i; worstClass = k; }
        if (got[i * K + k]! > got[i * K + a]!) a = k;
        if (expected[i * K + k]! > expected[i * K + b]!) b = k;
      }
      if (a !== b) labelMismatches++;
    }
    const report = { rows: rows.nRows, maxAbsDiff, worstRow, worstClass, labelMismatches, tolerance: tol, ok: maxAbsDiff <= tol };
    if (!report.ok && opts.throwOnFail) {
      throw OnnxErrors.FW_ERR_ONNX_VERIFY_FAILED(`ONNX probabilities differ by ${maxAbsDiff.toExponential(3)} > ${tol} (row ${worstRow}, class ${clf.classes[worstClass]})`, report);
    }
    return report;
  } finally {
    await clf.close();
  }
}
