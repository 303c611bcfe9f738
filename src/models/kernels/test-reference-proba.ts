/**
 * Test support: one row's probabilities by the reference walk (`leafIndex`), leaf values added tree by tree in model
 * order. Every fast kernel must reproduce these bit for bit, so the kernel tests compare against this one definition.
 */
import { leafIndex } from '../format/tree-arrays.js';
import type { TreeEnsembleModel } from '../ensemble/tree-ensemble.js';

export function referenceProba(m: TreeEnsembleModel, data: Float64Array, off: number): number[] {
  const K = m.classes.length;
  const raw = new Float64Array(m.nOutputs);
  if (m.link !== 'mean') raw.set(m.baseScore);
  m.trees.forEach((t, ti) => {
    const leaf = leafIndex(t, data, off);
    if (m.link === 'mean') for (let k = 0; k < K; k++) raw[k] += t.value[leaf * K + k]!;
    else raw[m.treeClass[ti]!] += t.value[leaf]!;
  });
  if (m.link === 'logistic') { const p1 = 1 / (1 + Math.exp(-raw[0]!)); return [1 - p1, p1]; }
  if (m.link === 'softmax') { const mx = Math.max(...raw); const e = Array.from(raw, (r) => Math.exp(r - mx)); const s = e.reduce((a, b) => a + b); return e.map((x) => x / s); }
  const s = raw.reduce((a, b) => a + b);
  return Array.from(raw, (x) => x / s);
}
