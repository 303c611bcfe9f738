/**
 * Rows for a model from a CSV file (used by `models export-onnx --verify`): columns are matched to the model's
 * features by name (header), numbers parsed strictly, categorical strings mapped to category indices (unseen →
 * NaN, as at serving time), empty / NULL → NaN. Extra columns (ids, the label) are ignored. Parsing is DuckDB's
 * read_csv with every column as text, so quoting and odd headers (`Temp(?C)`, `Loss_%`) are handled.
 */
import type { FeatureSpec, RowMatrix } from '../../models/dataset.js';
import { openDuck, literal } from '../duckdb.js';
import { CoreErrors, isFwError } from '../../core/errors.js';
import { OnnxErrors } from '../../models/onnx/errors.js';

export async function rowsFromCsv(path: string, features: readonly FeatureSpec[], limit = 100_000): Promise<RowMatrix> {
  const duck = await openDuck(':memory:', 1);
  try {
    let rows: Record<string, unknown>[];
    try {
      rows = await duck.all(`SELECT * FROM read_csv(${literal(path)}, all_varchar = true, header = true) LIMIT ${Math.floor(limit)}`);
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      if (/No files found|does not exist/i.test(msg ?? '')) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path}: no such file`);
      throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`${path}: could not read as CSV: ${msg}`);
    }
    if (rows.length === 0) throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`${path}: the CSV has no data rows`);
    const header = Object.keys(rows[0]!);
    const missing = features.filter((f) => !header.includes(f.name)).map((f) => f.name);
    if (missing.length) {
      throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`${path}: missing column(s) ${missing.join(', ')} that the model needs (header: ${header.join(', ')})`);
    }
    const P = features.length;
    const data = new Float64Array(rows.length * P);
    const catIndex = features.map((f) => (f.type === 'categorical' ? new Map((f.categories ?? []).map((c, i) => [c, i])) : undefined));
    rows.forEach((r, i) => {
      features.forEach((f, j) => {
        const v = r[f.name];
        let x: number;
        if (v === null || v === undefined || v === '' || (!catIndex[j] && /^(na|nan|null|none)$/i.test(String(v).trim()))) x = NaN;
        else if (catIndex[j]) x = catIndex[j]!.get(String(v)) ?? NaN;
        else {
          x = Number(String(v).trim());
          if (!Number.isFinite(x)) {
            throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`${path} line ${i + 2}, column ${f.name}: ${JSON.stringify(v)} is not a finite number`);
          }
        }
        data[i * P + j] = x;
      });
    });
    return { nRows: rows.length, nFeatures: P, data };
  } catch (e) {
    if (isFwError(e)) throw e;
    throw OnnxErrors.FW_ERR_ONNX_BAD_INPUT(`${path}: ${(e as Error).message}`);
  } finally {
    duck.close();
  }
}
