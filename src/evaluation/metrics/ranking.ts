import { EvalErrors } from '../errors.js';
import { checkBinary, checkScores } from './validate.js';

/**
 * Threshold-free ranking metrics: ROC and precision-recall curves, ROC-AUC and average precision, computed the way
 * scikit-learn does (one point per DISTINCT score, so tied scores move TP and FP together; ROC-AUC by trapezoids;
 * AP as Σ (R_i − R_{i−1}) · P_i without interpolation).
 *
 * Speed: instead of sorting row indices with a JS comparator, the positive and negative scores are copied into
 * two Float64Arrays and sorted natively, then merged from the top. 200k rows sort in a few tens of ms.
 */

export interface OperatingPoints {
  /** Distinct score values, descending. Point i = "predict positive when score ≥ thresholds[i]". */
  thresholds: Float64Array;
  /** Cumulative true / false positives at each threshold. */
  tp: Float64Array;
  fp: Float64Array;
  nPos: number;
  nNeg: number;
}

export function operatingPoints(y: Uint8Array | Int32Array, scores: Float64Array): OperatingPoints {
  const n = checkBinary(y);
  checkScores(scores, n);
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i]!;
  const nNeg = n - nPos;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (y[i] === 1) pos[a++] = scores[i]!;
    else neg[b++] = scores[i]!;
  }
  pos.sort();
  neg.sort();
  const th: number[] = [];
  const tpArr: number[] = [];
  const fpArr: number[] = [];
  let a = nPos - 1;
  let b = nNeg - 1;
  let tp = 0;
  let fp = 0;
  while (a >= 0 || b >= 0) {
    const t = Math.max(a >= 0 ? pos[a]! : -Infinity, b >= 0 ? neg[b]! : -Infinity);
    while (a >= 0 && pos[a] === t) { tp++; a--; }
    while (b >= 0 && neg[b] === t) { fp++; b--; }
    th.push(t);
    tpArr.push(tp);
    fpArr.push(fp);
  }
  return { thresholds: Float64Array.from(th), tp: Float64Array.from(tpArr), fp: Float64Array.from(fpArr), nPos, nNeg };
}

function needBoth(op: OperatingPoints, what: string): void {
  if (op.nPos === 0 || op.nNeg === 0) {
    throw EvalErrors.FW_ERR_EVAL_SINGLE_CLASS(`${what}: only ${op.nPos === 0 ? 'negative' : 'positive'} rows are present (${op.nPos} positive, ${op.nNeg} negative); it is undefined with a single class`);
  }
}

export interface RocCurve { fpr: number[]; tpr: number[]; thresholds: number[]; auc: number }

/** ROC curve starting at (0, 0) (threshold +Infinity, like sklearn's `drop_intermediate=False`) and its AUC. */
export function rocCurve(op: OperatingPoints): RocCurve {
  needBoth(op, 'ROC-AUC');
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let auc = 0;
  for (let i = 0; i < op.thresholds.length; i++) {
    const x = op.fp[i]! / op.nNeg;
    const yv = op.tp[i]! / op.nPos;
    auc += (x - fpr[fpr.length - 1]!) * (yv + tpr[tpr.length - 1]!) / 2;
    fpr.push(x);
    tpr.push(yv);
    thresholds.push(op.thresholds[i]!);
  }
  return { fpr, tpr, thresholds, auc };
}

export interface PrCurve { precision: number[]; recall: number[]; thresholds: number[]; averagePrecision: number }

/**
 * Precision-recall points (descending threshold, recall rising) and average precision. Needs at least one positive;
 * with no negatives AP is 1 by definition but we still refuse, because a test set without negatives says nothing.
 */
export function prCurve(op: OperatingPoints): PrCurve {
  needBoth(op, 'PR-AUC (average precision)');
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  let ap = 0;
  let prevR = 0;
  for (let i = 0; i < op.thresholds.length; i++) {
    const p = op.tp[i]! / (op.tp[i]! + op.fp[i]!);
    const r = op.tp[i]! / op.nPos;
    ap += (r - prevR) * p;
    prevR = r;
    precision.push(p);
    recall.push(r);
    thresholds.push(op.thresholds[i]!);
  }
  return { precision, recall, thresholds, averagePrecision: ap };
}

export function rocAuc(y: Uint8Array | Int32Array, scores: Float64Array): number {
  return rocCurve(operatingPoints(y, scores)).auc;
}

export function averagePrecision(y: Uint8Array | Int32Array, scores: Float64Array): number {
  return prCurve(operatingPoints(y, scores)).averagePrecision;
}

/** Thin a curve to at most `max` points for plotting (keeps the first and last; the AUC is computed before this). */
export function thinCurve<T extends Record<string, number[]>>(curve: T, max = 400): T {
  const keys = Object.keys(curve) as (keyof T)[];
  const len = curve[keys[0]!]!.length;
  if (len <= max) return curve;
  const step = (len - 1) / (max - 1);
  const idx: number[] = [];
  for (let i = 0; i < max; i++) idx.push(Math.round(i * step));
  const out = {} as T;
  for (const k of keys) (out as Record<keyof T, number[]>)[k] = idx.map((i) => curve[k]![i]!);
  return out;
}
