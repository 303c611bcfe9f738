/**
 * The best split found for a node, reused across nodes (no per-candidate allocation). Both histogram kinds
 * (gradient statistics for boosting, class weights for the forest) report into this shape.
 */
import { BIN_STRIDE } from './binning.js';

export class SplitInfo {
  feature = -1;
  gain = 0;
  /** Numeric: bins 0..lastLeftBin go left. */
  lastLeftBin = -1;
  categorical = false;
  /** Categorical: the category indices sent left (first nLeftCats entries). */
  leftCats = new Int32Array(BIN_STRIDE);
  nLeftCats = 0;
  missingLeft = false;
  /** Statistics of the left child (layout depends on the histogram kind). */
  leftStats: Float64Array;
  leftCount = 0;

  constructor(nStats: number) {
    this.leftStats = new Float64Array(nStats);
  }

  reset(): void {
    this.feature = -1;
    this.gain = 0;
    this.lastLeftBin = -1;
    this.categorical = false;
    this.nLeftCats = 0;
    this.missingLeft = false;
    this.leftCount = 0;
  }

  /**
   * Record a feature's winning candidate (both histogram scanners end the same way). `order` lists the bins in scan
   * order; the first `pos + 1` go left. Numeric features go left up to bin `lastLeftBin`; categorical ones send the
   * listed categories left. Without missing values in the node, missing goes to the larger child.
   */
  record(f: number, gain: number, isCat: boolean, order: Int32Array, pos: number, lastLeftBin: number, missingCount: number, missLeft: boolean, leftCount: number, count: number): void {
    this.feature = f;
    this.gain = gain;
    this.categorical = isCat;
    this.missingLeft = missingCount > 0 ? missLeft : leftCount >= count - leftCount;
    if (isCat) {
      this.nLeftCats = pos + 1;
      this.leftCats.set(order.subarray(0, pos + 1));
      this.lastLeftBin = -1;
    } else {
      this.lastLeftBin = lastLeftBin;
      this.nLeftCats = 0;
    }
    this.leftCount = leftCount;
  }

  copyFrom(o: SplitInfo): void {
    this.feature = o.feature;
    this.gain = o.gain;
    this.lastLeftBin = o.lastLeftBin;
    this.categorical = o.categorical;
    this.leftCats.set(o.leftCats.subarray(0, o.nLeftCats));
    this.nLeftCats = o.nLeftCats;
    this.missingLeft = o.missingLeft;
    this.leftStats.set(o.leftStats);
    this.leftCount = o.leftCount;
  }
}
