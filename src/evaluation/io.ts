import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../core/atomic-write.js';
import { CoreErrors } from '../core/errors.js';
import { EvalErrors } from './errors.js';
import { EVALUATION_FORMAT, EVALUATION_FORMAT_VERSION, type EvaluationResult } from './result.js';
import { renderEvaluationReport } from './report/render.js';

/** Metrics JSON and HTML report files. Both written atomically (temp + rename). */

export async function writeEvaluationJson(path: string, result: EvaluationResult): Promise<void> {
  await atomicWrite(path, JSON.stringify(result, null, 2) + '\n');
}

export async function writeEvaluationReport(path: string, result: EvaluationResult, title?: string): Promise<void> {
  await atomicWrite(path, await renderEvaluationReport(result, title));
}

/** Read a metrics JSON written by writeEvaluationJson; refuses other files with the path and the field. */
export async function readEvaluationJson(path: string): Promise<EvaluationResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`${path}: no such file`);
    throw CoreErrors.FW_ERR_CORE_IO(`${path}: ${(e as Error).message}`, undefined, e);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw EvalErrors.FW_ERR_EVAL_BAD_RESULT(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const o = raw as Partial<EvaluationResult> | null;
  if (!o || typeof o !== 'object' || o.format !== EVALUATION_FORMAT) throw EvalErrors.FW_ERR_EVAL_BAD_RESULT(`${path}: field "format" must be "${EVALUATION_FORMAT}"; this is not a forewarn evaluation result`);
  if (o.formatVersion === 1) upgradeV1Gates(o);
  if (o.formatVersion !== EVALUATION_FORMAT_VERSION) throw EvalErrors.FW_ERR_EVAL_BAD_RESULT(`${path}: field "formatVersion" is ${JSON.stringify(o.formatVersion)}; this forewarn reads version ${EVALUATION_FORMAT_VERSION}`);
  for (const k of ['task', 'metrics', 'confusion', 'curves', 'gates', 'threshold', 'baselines'] as const) {
    if (!o[k] || typeof o[k] !== 'object') throw EvalErrors.FW_ERR_EVAL_BAD_RESULT(`${path}: field "${k}" is missing or not an object`);
  }
  return o as EvaluationResult;
}

/** Version 1 files (before gate results had one shape) are read by renaming their gate fields; nothing else changed. */
function upgradeV1Gates(o: Partial<EvaluationResult>): void {
  const g = o.gates as unknown as { passed?: boolean; results?: { gate: string; reason: string }[] } | undefined;
  if (g && Array.isArray(g.results)) {
    o.gates = { passed: g.passed === true, gates: g.results.map(({ gate, reason, ...rest }) => ({ ...rest, name: gate, message: reason })) } as EvaluationResult['gates'];
  }
  o.formatVersion = EVALUATION_FORMAT_VERSION;
}
