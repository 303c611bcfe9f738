/**
 * Figures for the linear / TreeSHAP / ONNX area. Prints, does not assert. Run:
 *   npx tsc -p tsconfig.json && node dist/bench/models/linear-shap-onnx.js [--quick]
 * Timings depend on the machine and its load; compare runs on the same machine only.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../../src/core/random.js';
import { randomTree, randomRow } from '../../src/models/shap/random-tree.js';
import { gbdtShap } from '../../src/models/shap/ensemble-shap.js';
import { exportTreeEnsemble } from '../../src/models/onnx/tree-ensemble-export.js';
import { ensembleProba } from '../../src/models/onnx/tree-ensemble.js';
import type { GbdtEnsemble } from '../../src/models/onnx/tree-ensemble.js';
import { loadOnnxClassifier } from '../../src/models/onnx/onnx-model.js';
import { fitLogistic } from '../../src/models/linear/logistic.js';
import { parseLogisticParams } from '../../src/models/linear/params.js';
import type { Dataset, FeatureSpec, RowMatrix } from '../../src/models/dataset.js';

const quick = process.argv.includes('--quick');
const rng = new Rng(42);
const P = 20;
const cat = new Set([3, 7]);
const features: FeatureSpec[] = Array.from({ length: P }, (_, j) => (cat.has(j) ? { name: `c${j}`, type: 'categorical', categories: ['a', 'b', 'c', 'd', 'e'] } : { name: `x${j}`, type: 'numeric' }));

// --- TreeSHAP ----------------------------------------------------------------------------------------------------
const T = 100;
const trees = Array.from({ length: T }, () => randomTree(rng, { nFeatures: P, categorical: cat, maxDepth: 6, nOutputs: 1, leaves: 'raw', leafProbability: 0.05 }));
const gb: GbdtEnsemble = { kind: 'gbdt', trees, treeClass: new Int32Array(T), baseScore: Float64Array.of(0), nOutputs: 1 };
const nodes = trees.reduce((s, t) => s + t.nNodes, 0);
const shapRows = quick ? 200 : 2000;
const rows: Float64Array[] = Array.from({ length: shapRows }, () => randomRow(rng, P, cat));
let t0 = performance.now();
let sink = 0;
for (const r of rows) sink += gbdtShap(gb, r, P).expected[0]!;
let ms = performance.now() - t0;
console.log(`TreeSHAP: ${T} trees (depth ≤ 6, ${nodes} nodes), ${P} features: ${(ms / shapRows * 1000).toFixed(0)} µs/row over ${shapRows} rows (${(shapRows / ms * 1000).toFixed(0)} rows/s) [sink ${sink.toFixed(2)}]`);

// --- ONNX vs reference -------------------------------------------------------------------------------------------
const N = quick ? 2000 : 20000;
const batch: RowMatrix = { nRows: N, nFeatures: P, data: new Float64Array(N * P) };
for (let i = 0; i < N; i++) batch.data.set(randomRow(rng, P, cat), i * P);
t0 = performance.now();
const bytes = exportTreeEnsemble(gb, { features, classes: ['ok', 'fail'] });
console.log(`ONNX export: ${(performance.now() - t0).toFixed(1)} ms, ${bytes.length} bytes`);
const clf = await loadOnnxClassifier(bytes, 'bench');
await clf.predictProba({ nRows: 10, nFeatures: P, data: batch.data.subarray(0, 10 * P) }); // warm-up
t0 = performance.now();
const got = await clf.predictProba(batch);
ms = performance.now() - t0;
const ref = new Float64Array(N * 2);
const t1 = performance.now();
for (let i = 0; i < N; i++) ensembleProba(gb, 2, batch.data.subarray(i * P, i * P + P), ref.subarray(i * 2, i * 2 + 2));
const msRef = performance.now() - t1;
let maxd = 0;
for (let i = 0; i < got.length; i++) maxd = Math.max(maxd, Math.abs(got[i]! - ref[i]!));
console.log(`onnxruntime-node (1 thread): ${(N / ms * 1000).toFixed(0)} rows/s on a ${N}-row batch; JS reference walk: ${(N / msRef * 1000).toFixed(0)} rows/s; max |Δp| = ${maxd.toExponential(2)}`);
await clf.close();

// --- Logistic fit ------------------------------------------------------------------------------------------------
for (const [n, K] of [[quick ? 5000 : 50000, 2], [quick ? 3000 : 20000, 5]] as const) {
  const cols = Array.from({ length: P }, () => new Float64Array(n));
  const y = new Int32Array(n);
  const w = Array.from({ length: K }, () => Array.from({ length: P }, () => rng.normal()));
  for (let i = 0; i < n; i++) {
    let best = 0, bestV = -Infinity;
    for (let j = 0; j < P; j++) cols[j]![i] = cat.has(j) ? rng.int(5) : rng.normal() * (j + 1) + j;
    for (let k = 0; k < K; k++) {
      let z = rng.normal() * 2;
      for (let j = 0; j < P; j++) if (!cat.has(j)) z += (w[k]![j]! * (cols[j]![i]! - j)) / (j + 1);
      if (z > bestV) { bestV = z; best = k; }
    }
    y[i] = best;
  }
  const data: Dataset = { features, nRows: n, columns: cols, y, classes: Array.from({ length: K }, (_, k) => `k${k}`) };
  t0 = performance.now();
  const m = await fitLogistic(data, parseLogisticParams({ C: 1 }));
  const info = m.toJSON().info!;
  console.log(`logistic fit: ${n} rows × ${P} features (${info.design_columns} design columns), ${K} classes: ${(performance.now() - t0).toFixed(0)} ms, ${info.iterations} L-BFGS iterations, converged ${info.converged}, max|g| ${(info.gradient_max_abs as number).toExponential(1)}`);
}
