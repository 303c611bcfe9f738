import { EvalErrors } from '../errors.js';
import { checkBinary, checkScores } from './validate.js';
import { sortFloat64 } from './sort-float.js';

/**
 * Threshold-free ranking metrics: ROC and precision-recall curves, ROC-AUC and average precision, computed the way
 * scikit-learn does (one point per DISTINCT score, so tied scores move TP and FP together; ROC-AUC by trapezoids;
 * AP as Σ (R_i − R_{i−1}) · P_i without interpolation).
 *
 * Speed: instead of sorting row indices with a JS comparator, the positive and negative scores are copied into
 * two Float64Arrays, radix-sorted (sort-float.ts), then merged from the top.
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
  const posSorted = sortFloat64(pos);
  const negSorted = sortFloat64(neg);
  // At most one point per row; typed buffers, trimmed at the end (no per-point array growth).
  const th = new Float64Array(n);
  const tpArr = new Float64Array(n);
  const fpArr = new Float64Array(n);
  let m = 0;
  let a = nPos - 1;
  let b = nNeg - 1;
  let tp = 0;
  let fp = 0;
  while (a >= 0 || b >= 0) {
    const t = Math.max(a >= 0 ? posSorted[a]! : -Infinity, b >= 0 ? negSorted[b]! : -Infinity);
    while (a >= 0 && posSorted[a] === t) { tp++; a--; }
    while (b >= 0 && negSorted[b] === t) { fp++; b--; }
    th[m] = t;
    tpArr[m] = tp;
    fpArr[m] = fp;
    m++;
  }
  return { thresholds: th.slice(0, m), tp: tpArr.slice(0, m), fp: fpArr.slice(0, m), nPos, nNeg };
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

/** ROC-AUC straight from operating points (same trapezoids as rocCurve, without building the curve). */
export function aucOf(op: OperatingPoints): number {
  needBoth(op, 'ROC-AUC');
  let auc = 0;
  let px = 0;
  let py = 0;
  for (let i = 0; i < op.thresholds.length; i++) {
    const x = op.fp[i]! / op.nNeg;
    const yv = op.tp[i]! / op.nPos;
    auc += (x - px) * (yv + py) / 2;
    px = x;
    py = yv;
  }
  return auc;
}

/** Average precision straight from operating points (same sum as prCurve). */
export function apOf(op: OperatingPoints): number {
  needBoth(op, 'PR-AUC (average precision)');
  let ap = 0;
  let prevR = 0;
  for (let i = 0; i < op.thresholds.length; i++) {
    const r = op.tp[i]! / op.nPos;
    ap += (r - prevR) * (op.tp[i]! / (op.tp[i]! + op.fp[i]!));
    prevR = r;
  }
  return ap;
}

export function rocAuc(y: Uint8Array | Int32Array, scores: Float64Array): number {
  return aucOf(operatingPoints(y, scores));
}

export function averagePrecision(y: Uint8Array | Int32Array, scores: Float64Array): number {
  return apOf(operatingPoints(y, scores));
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
