/**
 * Growable flat node storage used while a tree is grown; `finish()` trims it into the TreeArrays format. Nodes are
 * numbered in creation order (root 0), which is deterministic for a given fit.
 */
import type { TreeArrays } from '../format/tree-arrays.js';

export class TreeBuilder {
  readonly nOutputs: number;
  nNodes = 0;
  private cap: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  catStart: Int32Array;
  catWords: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  gain: Float64Array;
  private catBits: number[] = [];

  constructor(nOutputs: number, initialCapacity = 64) {
    this.nOutputs = nOutputs;
    this.cap = initialCapacity;
    this.feature = new Int32Array(this.cap);
    this.threshold = new Float64Array(this.cap);
    this.left = new Int32Array(this.cap);
    this.right = new Int32Array(this.cap);
    this.missingLeft = new Uint8Array(this.cap);
    this.catStart = new Int32Array(this.cap);
    this.catWords = new Int32Array(this.cap);
    this.value = new Float64Array(this.cap * nOutputs);
    this.cover = new Float64Array(this.cap);
    this.gain = new Float64Array(this.cap);
  }

  /** A new leaf; returns its index. */
  addLeaf(cover: number): number {
    if (this.nNodes === this.cap) this.grow();
    const i = this.nNodes++;
    this.feature[i] = -1;
    this.left[i] = -1;
    this.right[i] = -1;
    this.catStart[i] = -1;
    this.cover[i] = cover;
    return i;
  }

  /** Turn leaf i into a numeric split node. */
  setNumericSplit(i: number, feature: number, threshold: number, missingLeft: boolean, gain: number, l: number, r: number): void {
    this.feature[i] = feature;
    this.threshold[i] = threshold;
    this.missingLeft[i] = missingLeft ? 1 : 0;
    this.gain[i] = gain;
    this.left[i] = l;
    this.right[i] = r;
  }

  /** Turn leaf i into a categorical split node; `leftCats` are the category indices sent left. */
  setCategoricalSplit(i: number, feature: number, leftCats: ArrayLike<number>, missingLeft: boolean, gain: number, l: number, r: number): void {
    let maxCat = 0;
    for (let k = 0; k < leftCats.length; k++) if (leftCats[k]! > maxCat) maxCat = leftCats[k]!;
    const words = (maxCat >>> 5) + 1;
    const start = this.catBits.length;
    for (let w = 0; w < words; w++) this.catBits.push(0);
    for (let k = 0; k < leftCats.length; k++) {
      const c = leftCats[k]!;
      this.catBits[start + (c >>> 5)] = (this.catBits[start + (c >>> 5)]! | (1 << (c & 31))) >>> 0;
    }
    this.feature[i] = feature;
    this.threshold[i] = 0;
    this.catStart[i] = start;
    this.catWords[i] = words;
    this.missingLeft[i] = missingLeft ? 1 : 0;
    this.gain[i] = gain;
    this.left[i] = l;
    this.right[i] = r;
  }

  private grow(): void {
    const c = this.cap * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, m = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(c * m);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature);
    this.threshold = g(this.threshold);
    this.left = g(this.left);
    this.right = g(this.right);
    this.missingLeft = g(this.missingLeft);
    this.catStart = g(this.catStart);
    this.catWords = g(this.catWords);
    this.value = g(this.value, this.nOutputs);
    this.cover = g(this.cover);
    this.gain = g(this.gain);
    this.cap = c;
  }

  finish(): TreeArrays {
    const n = this.nNodes;
    return {
      nNodes: n,
      nOutputs: this.nOutputs,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      catStart: this.catStart.slice(0, n),
      catWords: this.catWords.slice(0, n),
      catBits: Uint32Array.from(this.catBits),
      value: this.value.slice(0, n * this.nOutputs),
      cover: this.cover.slice(0, n),
      gain: this.gain.slice(0, n),
    };
  }
}
