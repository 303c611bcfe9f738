/**
 * Compare forewarn's logistic learner with scikit-learn on the cases written by logistic-vs-sklearn.py (see there
 * for how to run). Prints the largest coefficient / intercept / probability differences per case.
 */
import { readFileSync } from 'node:fs';
import { fitLogistic } from '../../src/models/linear/logistic.js';
import { parseLogisticParams } from '../../src/models/linear/params.js';
import { toRowMatrix } from '../../src/models/dataset.js';
import { buildDesignMatrix } from '../../src/models/linear/design.js';
import { logisticObjective } from '../../src/models/linear/objective.js';

interface Case { name: string; C: number; class_weight: 'balanced' | null; X: number[][]; y: number[]; coef: number[][]; intercept: number[]; proba: number[][] }
const path = process.argv[2] ?? '/tmp/logistic-sklearn.json';
const { sklearn, cases } = JSON.parse(readFileSync(path, 'utf8')) as { sklearn: string; cases: Case[] };
console.log(`scikit-learn ${sklearn} vs forewarn logistic (tol 1e-10)`);
for (const c of cases) {
  const n = c.X.length, p = c.X[0]!.length;
  const K = Math.max(...c.y) + 1;
  const columns = Array.from({ length: p }, (_, j) => Float64Array.from(c.X, (r) => r[j]!));
  const data = { features: columns.map((_, j) => ({ name: `x${j}`, type: 'numeric' as const })), nRows: n, columns, y: Int32Array.from(c.y), classes: Array.from({ length: K }, (_, k) => String(k)) };
  const m = await fitLogistic(data, parseLogisticParams({ C: c.C, class_weight: c.class_weight, tol: 1e-10, max_iter: 100000 }));
  const s = m.state;
  let dc = 0, di = 0, dp = 0, mc = 0;
  c.coef.forEach((row, k) => row.forEach((v, j) => { dc = Math.max(dc, Math.abs(v - s.coefficients[k * p + j]!)); mc = Math.max(mc, Math.abs(v)); }));
  c.intercept.forEach((v, k) => { di = Math.max(di, Math.abs(v - s.intercepts[k]!)); });
  const P = m.predictProba(toRowMatrix(data));
  c.proba.forEach((row, i) => row.forEach((v, k) => { dp = Math.max(dp, Math.abs(v - P[i * K + k]!)); }));
  // Which solution is closer to the optimum? The gradient of the same objective at each (per-sample-mean scale).
  const nOut = K === 2 ? 1 : K;
  const X = buildDesignMatrix(data, s.columns, s.means, s.stds);
  const w = new Float64Array(n).fill(1);
  if (c.class_weight === 'balanced') {
    const cnt = new Array(K).fill(0); c.y.forEach((v) => cnt[v]++);
    c.y.forEach((v, i) => { w[i] = n / (K * cnt[v]); });
  }
  const sumW = w.reduce((a, b) => a + b, 0);
  const fg = logisticObjective({ X, nRows: n, d: p, K: nOut, y: data.y, w, sumW, alpha: 1 / (c.C * sumW) });
  const theta = (coef: number[][], b: number[]): Float64Array => Float64Array.from(coef.flatMap((row, k) => [...row, b[k]!]));
  const gradMax = (t: Float64Array): number => { const g = new Float64Array(t.length); fg(t, g); return Math.max(...g.map(Math.abs)); };
  const ours = theta(Array.from({ length: nOut }, (_, k) => Array.from(s.coefficients.subarray(k * p, (k + 1) * p))), Array.from(s.intercepts));
  console.log(`${c.name.padEnd(28)} max|grad| at ours ${gradMax(ours).toExponential(1)}, at sklearn's ${gradMax(theta(c.coef, c.intercept)).toExponential(1)}`);
  console.log(`${c.name.padEnd(28)} n=${n} K=${K}: max|Δcoef| ${dc.toExponential(2)} (max|coef| ${mc.toFixed(3)}), max|Δintercept| ${di.toExponential(2)}, max|Δp| ${dp.toExponential(2)}, iterations ${m.toJSON().info!.iterations}`);
}
