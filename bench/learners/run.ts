/**
 * Learner benchmark: our gbdt and random_forest vs scikit-learn RandomForestClassifier and XGBoost (hist), same CSV,
 * same split, `--workers` threads each (default 2; n_jobs / nthread for the references). Prints fit time, single-row predict latency, batch throughput (ours: one thread),
 * ROC-AUC (binary; one-vs-rest macro for multiclass) / accuracy / macro F1 and the ratios against the targets.
 *
 *   node dist/bench/learners/run.js [--rows 100000] [--big] [--skip-python] [--refs rf,xgb,xgb_exact] [--workers 2]
 *     [--only synthetic,downtime,iris,efficiency,multiclass,fleet] [--fleet-machines 100] [--fleet-days 365]
 *     [--max-bin N]   (ours with an explicit max_bin instead of the default: 65535 = exact splits at any size)
 *
 * Ends with the peer-accuracy table: per set, test macro F1 and ROC-AUC of our RF against scikit-learn's and of
 * our GBDT against XGBoost hist and exact, with the difference and whether it is within 0.01.
 *
 * --big adds the 1M×25 synthetic set (ours only, plus peak RSS; add --big-python to also run the references).
 * Timings on a shared machine are noisy: run twice and compare.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { getLearner } from '../../src/models/learner-registry.js';
import { toRowMatrix } from '../../src/models/dataset.js';
import type { Model } from '../../src/models/learner.js';
import { accuracy, rocAuc } from '../../src/models/metrics.js';
import { classificationMetrics, confusionMatrix, rankingMetrics } from '../../src/evaluation/index.js';
import { efficiency, iris, machineDowntime, sharedDatasetsDir, split, synthetic, toCsv } from './datasets.js';
import { resolveMaxBin } from '../../src/models/kernels/binning.js';
import { fleetSet } from './fleet.js';
import type { BenchSet } from './datasets.js';

interface Row { set: string; learner: string; splits?: string; fit_s: number; fit_cpu_s?: number; single_us: number; batch_rows_s: number; auc?: number; accuracy: number; macro_f1?: number; rss_mb?: number }

const args = process.argv.slice(2);
const flag = (n: string): boolean => args.includes(n);
const opt = (n: string, d: string): string => { const i = args.indexOf(n); return i >= 0 && args[i + 1] ? args[i + 1]! : d; };
const nRows = Number(opt('--rows', '100000'));
const workers = Number(opt('--workers', '2'));
const only = opt('--only', '').split(',').filter(Boolean);
const refs = opt('--refs', 'rf,xgb,xgb_exact').split(',');
const maxBinOpt = opt('--max-bin', '');
const fleetMachines = Number(opt('--fleet-machines', '100'));
const fleetDays = Number(opt('--fleet-days', '365'));
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const refScript = resolve(repoRoot, 'bench/learners/reference.py');

const RF = { n_estimators: 200, max_depth: 10, min_samples_split: 2, min_samples_leaf: 1, max_features: 'sqrt', class_weight: 'balanced', random_state: 42 };
const GBDT = { n_estimators: 200, max_depth: 6, learning_rate: 0.1, l2: 1, min_child_weight: 1 };

function measure(m: Model, s: BenchSet): Omit<Row, 'set' | 'learner' | 'fit_s'> {
  const rm = toRowMatrix(s.test);
  const K = s.test.classes.length;
  const p = m.predictProba(rm);
  // batch: repeat until ≥ 1 s
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) { m.predictProba(rm, p); reps++; }
  const batch = (reps * rm.nRows) / ((performance.now() - t0) / 1000);
  // single row: cycle over 256 distinct rows, allocation-free
  const P = rm.nFeatures;
  const rowsN = Math.min(256, rm.nRows);
  const singles = Array.from({ length: rowsN }, (_, i) => rm.data.slice(i * P, (i + 1) * P));
  const out = new Float64Array(K);
  for (let i = 0; i < 5000; i++) m.predictOne(singles[i % rowsN]!, out);
  const N = 50_000;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) m.predictOne(singles[i % rowsN]!, out);
  const single = ((performance.now() - t1) * 1000) / N;
  const res: Omit<Row, 'set' | 'learner' | 'fit_s'> = { single_us: single, batch_rows_s: batch, accuracy: accuracy(p, K, s.test.y), macro_f1: macroF1(p, K, s.test) };
  if (K === 2) {
    const sc = new Float64Array(rm.nRows);
    for (let i = 0; i < rm.nRows; i++) sc[i] = p[i * 2 + 1]!;
    res.auc = rocAuc(sc, s.test.y) ?? undefined;
  } else {
    // one-vs-rest macro ROC-AUC (sklearn multi_class='ovr', average='macro'); undefined when a class is absent
    // (a forest's mean of 200 leaf vectors can exceed 1 by float noise, which the metric's input check refuses)
    const clamped = p.map((x) => Math.min(1, Math.max(0, x)));
    try { res.auc = rankingMetrics(s.test.y, clamped, s.test.classes).rocAuc; } catch { res.auc = undefined; }
  }
  return res;
}

/** Macro F1 of the argmax prediction (first maximum, like numpy's argmax); a class never predicted scores 0. */
function macroF1(p: Float64Array, K: number, d: BenchSet['test']): number {
  const pred = new Int32Array(d.nRows);
  for (let i = 0; i < d.nRows; i++) {
    let b = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + b]!) b = k;
    pred[i] = b;
  }
  return classificationMetrics(confusionMatrix(d.y, pred, d.classes)).macroF1;
}

async function ours(s: BenchSet, kind: 'random_forest' | 'gbdt'): Promise<Row> {
  const L = getLearner(kind);
  const params = L.parseParams({ ...(kind === 'gbdt' ? GBDT : RF), ...(maxBinOpt ? { max_bin: Number(maxBinOpt) } : {}) });
  const c0 = process.cpuUsage();
  const t = performance.now();
  const m = await L.fit(s.train, params, { seed: 42, workers });
  const fit = (performance.now() - t) / 1000;
  const c1 = process.cpuUsage(c0);
  const mb = resolveMaxBin((params as { max_bin: number | null }).max_bin, s.train.nRows);
  const how = mb >= 65_535 ? 'exact' : `max_bin ${mb}`;
  return { set: s.name, learner: `forewarn_${kind === 'gbdt' ? 'gbdt' : 'rf'}`, splits: how, fit_s: fit, fit_cpu_s: (c1.user + c1.system) / 1e6, ...measure(m, s), rss_mb: process.resourceUsage().maxRSS / 1024 };
}

function reference(s: BenchSet, which: string): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-'));
  try {
    writeFileSync(join(dir, 'train.csv'), toCsv(s.train));
    writeFileSync(join(dir, 'test.csv'), toCsv(s.test));
    const out = execFileSync('/usr/bin/python3', [refScript, join(dir, 'train.csv'), join(dir, 'test.csv'), String(s.train.classes.length), which, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return out.trim().split('\n').filter(Boolean).map((l) => ({ set: s.name, ...(JSON.parse(l) as Omit<Row, 'set'>) }));
  } catch (e) {
    console.error(`reference run failed on ${s.name} (install python3-sklearn python3-xgboost?): ${(e as Error).message.split('\n')[0]}`);
    return [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: number | undefined, d = 2): string => (x === undefined ? '-' : x.toFixed(d));
function printTable(title: string, rows: Row[]): void {
  console.log(`\n## ${title}\n`);
  console.log('| set | learner | splits | fit s (wall) | fit CPU s | single µs | batch rows/s | ROC-AUC | accuracy | macro F1 | peak RSS MB |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.set} | ${r.learner} | ${r.splits ?? '-'} | ${f(r.fit_s)} | ${f(r.fit_cpu_s)} | ${f(r.single_us, 1)} | ${Math.round(r.batch_rows_s)} | ${f(r.auc, 4)} | ${f(r.accuracy, 4)} | ${f(r.macro_f1, 4)} | ${r.rss_mb ? Math.round(r.rss_mb) : '-'} |`);
  if (title === 'Multiclass') console.log('\nROC-AUC here is one-vs-rest, macro over classes (sklearn multi_class=\'ovr\', average=\'macro\').');
  const sets = [...new Set(rows.map((r) => r.set))];
  for (const s of sets) {
    const g = (l: string): Row | undefined => rows.find((r) => r.set === s && r.learner === l);
    const rf = g('forewarn_rf'), sk = g('sklearn_rf'), gb = g('forewarn_gbdt'), xg = g('xgboost_hist');
    const d = (x: number | undefined, y: number | undefined): string => (x === undefined || y === undefined ? '-' : (x - y).toFixed(4));
    const metric = (a: Row, b: Row): string => `ΔAUC ${d(a.auc, b.auc)}, Δacc ${d(a.accuracy, b.accuracy)}, ΔmacroF1 ${d(a.macro_f1, b.macro_f1)}`;
    const cpu = (a: Row, b: Row): string => (a.fit_cpu_s && b.fit_cpu_s ? ` [CPU time ratio ${(a.fit_cpu_s / b.fit_cpu_s).toFixed(2)}]` : '');
    const xe = g('xgboost_exact');
    if (gb && xe) console.log(`- ${s}: GBDT fit time / XGBoost exact ${(gb.fit_s / xe.fit_s).toFixed(2)}×${cpu(gb, xe)}, ${metric(gb, xe)}`);
    if (rf && sk) console.log(`- ${s}: RF fit speed-up vs sklearn ${(sk.fit_s / rf.fit_s).toFixed(1)}×${cpu(sk, rf)} (target ≥ 5×), ${metric(rf, sk)} (target ΔAUC ≥ −0.005), single-row ${(sk.single_us / rf.single_us).toFixed(0)}× faster`);
    if (gb && xg) console.log(`- ${s}: GBDT fit time / XGBoost ${(gb.fit_s / xg.fit_s).toFixed(2)}×${cpu(gb, xg)} (target ≤ 2×), ${metric(gb, xg)} (target ΔAUC ≥ −0.005), single-row ${(xg.single_us / gb.single_us).toFixed(0)}× faster`);
  }
}

/** Test macro F1 and ROC-AUC of ours against each peer on the same split; "ok" = ours ≥ peer − 0.01. */
function printPeers(rows: Row[]): void {
  const pairs: [string, string][] = [['forewarn_rf', 'sklearn_rf'], ['forewarn_gbdt', 'xgboost_hist'], ['forewarn_gbdt', 'xgboost_exact']];
  const lines: string[] = [];
  for (const s of [...new Set(rows.map((r) => r.set))]) {
    for (const [a, b] of pairs) {
      const x = rows.find((r) => r.set === s && r.learner === a), y = rows.find((r) => r.set === s && r.learner === b);
      if (!x || !y) continue;
      const dF = (x.macro_f1 ?? NaN) - (y.macro_f1 ?? NaN), dA = (x.auc ?? NaN) - (y.auc ?? NaN);
      const ok = (v: number): string => (Number.isNaN(v) ? '-' : v >= -0.01 ? 'ok' : 'BELOW');
      lines.push(`| ${s} | ${a} (${x.splits}) | ${b} | ${f(x.macro_f1, 4)} | ${f(y.macro_f1, 4)} | ${dF.toFixed(4)} ${ok(dF)} | ${f(x.auc, 4)} | ${f(y.auc, 4)} | ${dA.toFixed(4)} ${ok(dA)} | ${f(x.fit_s)} / ${f(y.fit_s)} |`);
    }
  }
  if (!lines.length) return;
  console.log('\n## Peer accuracy (test set; ok = ours ≥ peer − 0.01)\n');
  console.log('| set | ours | peer | macro F1 ours | macro F1 peer | ΔF1 | ROC-AUC ours | ROC-AUC peer | ΔAUC | fit s ours / peer |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of lines) console.log(l);
}

async function main(): Promise<void> {
  const dir = sharedDatasetsDir(repoRoot);
  const want = (n: string): boolean => only.length === 0 || only.includes(n);
  const binary: BenchSet[] = [];
  const multi: BenchSet[] = [];
  if (want('synthetic')) binary.push(split(`synthetic ${nRows / 1000}k×25 (3% pos)`, synthetic(nRows, 25, [0.97, 0.03], 1)));
  if (want('downtime')) {
    const md = dir ? machineDowntime(dir) : null;
    if (md) binary.push(split('machine downtime', md)); else console.log('machine downtime dataset not found: skipped');
  }
  if (want('efficiency')) {
    const ef = dir ? efficiency(dir) : null;
    if (ef) multi.push(split('efficiency (217-row sample)', ef)); else console.log('efficiency dataset not found: skipped');
  }
  if (want('iris')) {
    const ir = dir ? iris(dir) : null;
    if (ir) multi.push(split('iris', ir)); else console.log('iris dataset not found: skipped');
  }
  if (want('fleet')) {
    const fl = await fleetSet(fleetMachines, fleetDays);
    console.log(fl.describe);
    multi.push(fl);
  }
  if (want('multiclass')) multi.push(split('synthetic 50k×20, 5 classes', synthetic(50_000, 20, [0.4, 0.25, 0.15, 0.12, 0.08], 2)));
  const big = flag('--big') ? split('synthetic 1M×25 (3% pos)', synthetic(1_000_000, 25, [0.97, 0.03], 3)) : null;

  const all: Row[] = [];
  console.log(`# forewarn tree learners bench — ${new Date().toISOString()}, node ${process.version}, ${workers} workers for fitting, predictions single-threaded`);
  for (const [title, sets] of [['Binary', binary], ['Multiclass', multi]] as const) {
    const rows: Row[] = [];
    for (const s of sets) {
      rows.push(await ours(s, 'random_forest'));
      if (!flag('--skip-python') && refs.includes('rf')) rows.push(...reference(s, 'rf'));
      rows.push(await ours(s, 'gbdt'));
      const xr = refs.filter((r) => r === 'xgb' || r === 'xgb_exact');
      if (!flag('--skip-python') && xr.length) rows.push(...reference(s, xr.join(',')));
    }
    if (rows.length) printTable(title, rows);
    all.push(...rows);
  }
  printPeers(all);
  if (big) {
    const rows: Row[] = [await ours(big, 'random_forest'), await ours(big, 'gbdt')];
    if (flag('--big-python')) rows.push(...reference(big, 'rf,xgb'));
    printTable('1M rows', rows);
  }
}

await main();
