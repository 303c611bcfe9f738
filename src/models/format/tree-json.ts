/**
 * TreeArrays ⇄ plain JSON arrays. Decoding checks every array (type, length, finiteness) and the tree structure
 * (children after their parent and inside the tree, so no cycles or out-of-range jumps at inference; feature
 * indices inside the model; bitsets inside catBits). Errors name the field path, e.g. `body.trees[3].left[17]`.
 */
import { ModelErrors } from '../errors.js';
import type { TreeArrays } from './tree-arrays.js';

export interface TreeJson {
  nNodes: number;
  nOutputs: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  catStart: number[];
  catWords: number[];
  catBits: number[];
  value: number[];
  cover: number[];
  gain: number[];
}

export function encodeTree(t: TreeArrays): TreeJson {
  return {
    nNodes: t.nNodes,
    nOutputs: t.nOutputs,
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    missingLeft: Array.from(t.missingLeft),
    catStart: Array.from(t.catStart),
    catWords: Array.from(t.catWords),
    catBits: Array.from(t.catBits),
    value: Array.from(t.value),
    cover: Array.from(t.cover),
    gain: Array.from(t.gain),
  };
}

const bad = (path: string, rule: string): never => {
  throw ModelErrors.FW_ERR_MODEL_BAD_FORMAT(`${path}: ${rule}`, { field: path });
};

function numArray(o: Record<string, unknown>, key: string, path: string, len: number | null, kind: 'int' | 'finite' | 'u32' | 'bit'): number[] {
  const a = o[key];
  if (!Array.isArray(a)) bad(`${path}.${key}`, 'must be an array of numbers');
  const arr = a as unknown[];
  if (len !== null && arr.length !== len) bad(`${path}.${key}`, `must have ${len} entries, has ${arr.length}`);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${path}.${key}[${i}]`, `must be a finite number, got ${JSON.stringify(x) ?? String(x)}`);
    const v = x as number;
    if (kind === 'int' && !Number.isInteger(v)) bad(`${path}.${key}[${i}]`, `must be an integer, got ${v}`);
    if (kind === 'u32' && (!Number.isInteger(v) || v < 0 || v > 0xffffffff)) bad(`${path}.${key}[${i}]`, `must be an unsigned 32-bit integer, got ${v}`);
    if (kind === 'bit' && v !== 0 && v !== 1) bad(`${path}.${key}[${i}]`, `must be 0 or 1, got ${v}`);
  }
  return arr as number[];
}

export function decodeTree(raw: unknown, path: string, nFeatures: number, nOutputs: number): TreeArrays {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) bad(path, 'must be an object');
  const o = raw as Record<string, unknown>;
  const n = o.nNodes;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1 << 24) bad(`${path}.nNodes`, `must be an integer in [1, ${1 << 24}]`);
  if (o.nOutputs !== nOutputs) bad(`${path}.nOutputs`, `must be ${nOutputs}, got ${JSON.stringify(o.nOutputs)}`);
  const nn = n as number;
  const feature = numArray(o, 'feature', path, nn, 'int');
  const threshold = numArray(o, 'threshold', path, nn, 'finite');
  const left = numArray(o, 'left', path, nn, 'int');
  const right = numArray(o, 'right', path, nn, 'int');
  const missingLeft = numArray(o, 'missingLeft', path, nn, 'bit');
  const catStart = numArray(o, 'catStart', path, nn, 'int');
  const catWords = numArray(o, 'catWords', path, nn, 'int');
  const catBits = numArray(o, 'catBits', path, null, 'u32');
  const value = numArray(o, 'value', path, nn * nOutputs, 'finite');
  const cover = numArray(o, 'cover', path, nn, 'finite');
  const gain = numArray(o, 'gain', path, nn, 'finite');
  for (let i = 0; i < nn; i++) {
    const f = feature[i]!;
    if (f === -1) continue;
    if (f < 0 || f >= nFeatures) bad(`${path}.feature[${i}]`, `must be -1 (leaf) or a feature index in [0, ${nFeatures}), got ${f}`);
    // Children strictly after the parent: guarantees every walk ends (no cycles) and stays inside the tree.
    if (left[i]! <= i || left[i]! >= nn) bad(`${path}.left[${i}]`, `must be a node index in (${i}, ${nn}), got ${left[i]}`);
    if (right[i]! <= i || right[i]! >= nn) bad(`${path}.right[${i}]`, `must be a node index in (${i}, ${nn}), got ${right[i]}`);
    const cs = catStart[i]!;
    if (cs >= 0) {
      if (catWords[i]! < 1 || cs + catWords[i]! > catBits.length) bad(`${path}.catWords[${i}]`, `bitset [${cs}, ${cs + catWords[i]!}) is outside catBits (length ${catBits.length})`);
    } else if (cs !== -1) bad(`${path}.catStart[${i}]`, `must be -1 (numeric split) or an offset ≥ 0, got ${cs}`);
  }
  return {
    nNodes: nn,
    nOutputs,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    missingLeft: Uint8Array.from(missingLeft),
    catStart: Int32Array.from(catStart),
    catWords: Int32Array.from(catWords),
    catBits: Uint32Array.from(catBits),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
    gain: Float64Array.from(gain),
  };
}
