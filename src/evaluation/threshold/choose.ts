import { EvalErrors } from '../errors.js';
import { operatingPoints } from '../metrics/ranking.js';
import type { ThresholdPolicy, Costs } from '../config.js';

/**
 * Pick the alert threshold on VALIDATION data by a declared policy. Candidates are the distinct validation scores
 * (so the chosen value reproduces exactly the validation operating point under `score ≥ t`).
 *
 * - max_f1: maximise failure F1; ties go to the HIGHER threshold (same F1 with fewer alerts).
 * - target_recall: the highest threshold whose recall reaches the target (fewest alerts that meet it). Recall 1 is
 *   always reachable at the lowest score, so this never fails when positives exist.
 * - min_cost: minimise a cost function of the threshold. Callers pass `eventCost` (the episode cost model over
 *   entities and failure events) when validation events are available (among equally cheapest thresholds the middle
 *   of their range is taken when it is as cheap); otherwise the per-row proxy below is used
 *   and the result says `costBasis: 'rows'`: each positive row missed costs missedFailure, each alerting row costs
 *   plannedMaintenance, plus falseAlarm when it is a negative row. It over-counts (a failure spans many rows), so
 *   it is a ranking device, not a money figure.
 */

/** Above any probability: "never alert" stays a finite, JSON-safe number. */
export const NEVER_ALERT = 1 + 1e-9;

export interface ThresholdChoice {
  policy: ThresholdPolicy['policy'];
  threshold: number | null;
  /** The validation value that was optimised / matched (F1, recall or cost), for the report. */
  validationValue: number | null;
  validationPrecision: number | null;
  validationRecall: number | null;
  costBasis?: 'rows' | 'events';
  note?: string;
}

export interface ChooseOptions {
  costs?: Costs;
  /** Event-level cost of alerting at `score ≥ t` on validation (lower is better). */
  eventCost?: (threshold: number) => number;
  /** Max candidate thresholds evaluated with `eventCost` (each call is O(rows)). */
  maxEventCandidates?: number;
}

export function chooseThreshold(policy: ThresholdPolicy, y: Uint8Array, scores: Float64Array, opts: ChooseOptions = {}): ThresholdChoice {
  if (policy.policy === 'argmax') {
    return { policy: 'argmax', threshold: null, validationValue: null, validationPrecision: null, validationRecall: null };
  }
  const op = operatingPoints(y, scores);
  if (op.nPos === 0 || op.nNeg === 0) {
    throw EvalErrors.FW_ERR_EVAL_SINGLE_CLASS(`threshold policy ${policy.policy}: validation has ${op.nPos} failure rows and ${op.nNeg} no-failure rows; both are needed to choose a threshold`);
  }
  const m = op.thresholds.length;
  const pr = (i: number): [number, number] => [op.tp[i]! / (op.tp[i]! + op.fp[i]!), op.tp[i]! / op.nPos];
  let best = 0;
  if (policy.policy === 'max_f1') {
    let bestF1 = -1;
    for (let i = 0; i < m; i++) {
      const f1 = (2 * op.tp[i]!) / (op.tp[i]! + op.fp[i]! + op.nPos);
      if (f1 > bestF1) { bestF1 = f1; best = i; }
    }
    const [p, r] = pr(best);
    return { policy: 'max_f1', threshold: op.thresholds[best]!, validationValue: bestF1, validationPrecision: p, validationRecall: r };
  }
  if (policy.policy === 'target_recall') {
    for (best = 0; best < m; best++) if (op.tp[best]! / op.nPos >= policy.recall - 1e-12) break;
    const [p, r] = pr(best);
    return { policy: 'target_recall', threshold: op.thresholds[best]!, validationValue: r, validationPrecision: p, validationRecall: r };
  }
  // min_cost
  const costs = opts.costs;
  if (!costs) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT('threshold policy min_cost: costs are required (evaluation.costs)');
  if (opts.eventCost) {
    const cap = opts.maxEventCandidates ?? 200;
    const stride = Math.max(1, Math.ceil(m / cap));
    let bestCost = Infinity;
    const tried: { i: number; c: number }[] = [];
    const tryIdx = (i: number): void => {
      const c = opts.eventCost!(op.thresholds[i]!);
      tried.push({ i, c });
      if (c < bestCost) bestCost = c;
    };
    for (let i = 0; i < m; i += stride) tryIdx(i);
    if ((m - 1) % stride !== 0) tryIdx(m - 1);
    // Event costs are step functions: on a small validation set a whole range of thresholds is equally cheapest.
    // Take the middle of that range (by rank), not its edge, so the choice is not balanced on the last validation
    // failure that still happened to be caught.
    const eps = 1e-9 * Math.max(1, Math.abs(bestCost));
    const tied = tried.filter((t) => t.c <= bestCost + eps);
    best = tied[Math.floor((tied.length - 1) / 2)]!.i;
    const tHi = Math.max(...tied.map((t) => op.thresholds[t.i]!));
    const tLo = Math.min(...tied.map((t) => op.thresholds[t.i]!));
    const mid = (tHi + tLo) / 2;
    if (tied.length > 1 && opts.eventCost(mid) <= bestCost + eps) {
      const never0 = opts.eventCost(NEVER_ALERT);
      if (never0 > bestCost) {
        const at = (t: number): [number, number] => {
          let tp = 0, fp = 0;
          for (let i = 0; i < y.length; i++) if (scores[i]! >= t) { if (y[i]) tp++; else fp++; }
          return [tp + fp > 0 ? tp / (tp + fp) : 1, tp / op.nPos];
        };
        const [p, r] = at(mid);
        return { policy: 'min_cost', threshold: mid, validationValue: bestCost, validationPrecision: p, validationRecall: r, costBasis: 'events', note: `middle of the equally cheapest range [${tLo.toFixed(4)}, ${tHi.toFixed(4)}] on validation` };
      }
    }
    // "Never alert" is also a candidate: if it wins, the threshold sits above every score.
    const never = opts.eventCost(NEVER_ALERT);
    if (never <= bestCost) {
      return { policy: 'min_cost', threshold: NEVER_ALERT, validationValue: never, validationPrecision: null, validationRecall: 0, costBasis: 'events', note: 'never alerting is cheapest on validation' };
    }
    const [p, r] = pr(best);
    return { policy: 'min_cost', threshold: op.thresholds[best]!, validationValue: bestCost, validationPrecision: p, validationRecall: r, costBasis: 'events' };
  }
  const rowCost = (tp: number, fp: number): number => (op.nPos - tp) * costs.missedFailure + (tp + fp) * costs.plannedMaintenance + fp * costs.falseAlarm;
  let bestCost = rowCost(0, 0);
  best = -1;
  for (let i = 0; i < m; i++) {
    const c = rowCost(op.tp[i]!, op.fp[i]!);
    if (c < bestCost) { bestCost = c; best = i; }
  }
  if (best < 0) {
    return { policy: 'min_cost', threshold: NEVER_ALERT, validationValue: bestCost, validationPrecision: null, validationRecall: 0, costBasis: 'rows', note: 'never alerting is cheapest on validation' };
  }
  const [p, r] = pr(best);
  return { policy: 'min_cost', threshold: op.thresholds[best]!, validationValue: bestCost, validationPrecision: p, validationRecall: r, costBasis: 'rows' };
}
