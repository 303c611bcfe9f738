import { EvalErrors } from '../errors.js';
import { checkBinary, checkScores } from './validate.js';

/**
 * Reliability curve: bin the predicted probability into `nBins` equal-width bins on [0, 1] and compare the mean
 * prediction with the observed positive rate in each bin. Binning follows sklearn calibration_curve(strategy=
 * 'uniform'): a value exactly on an inner edge goes to the lower bin. Empty bins are omitted; `count` is reported
 * so a reader can see how thin each point is. Also returns the expected calibration error (count-weighted
 * mean |observed − predicted|).
 */

export interface CalibrationBin { lower: number; upper: number; count: number; meanPredicted: number; observedRate: number }
export interface CalibrationCurve { bins: CalibrationBin[]; ece: number }

export function calibrationCurve(y: Uint8Array | Int32Array, p: Float64Array, nBins = 10): CalibrationCurve {
  if (!Number.isInteger(nBins) || nBins < 1 || nBins > 1000) throw EvalErrors.FW_ERR_EVAL_INVALID_ARGUMENT(`calibration bins: expected an integer in [1, 1000], got ${nBins}`);
  const n = checkBinary(y);
  checkScores(p, n, 'probabilities');
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (v < 0 || v > 1) throw EvalErrors.FW_ERR_EVAL_BAD_PROBA(`probabilities[${i}]: ${v} is outside [0, 1]`);
    // Number of inner edges k/nBins strictly below v = sklearn's searchsorted(bins[1:-1], v, side='left').
    let b = Math.ceil(v * nBins) - 1;
    if (b < 0) b = 0;
    if (b > nBins - 1) b = nBins - 1;
    // Guard the float rounding of v * nBins near an edge.
    if (b > 0 && v <= b / nBins) b--;
    else if (b < nBins - 1 && v > (b + 1) / nBins) b++;
    count[b]!++;
    sumP[b]! += v;
    sumY[b]! += y[i]!;
  }
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b]! / count[b]!;
    const observedRate = sumY[b]! / count[b]!;
    ece += (count[b]! / n) * Math.abs(observedRate - meanPredicted);
    bins.push({ lower: b / nBins, upper: (b + 1) / nBins, count: count[b]!, meanPredicted, observedRate });
  }
  return { bins, ece };
}
