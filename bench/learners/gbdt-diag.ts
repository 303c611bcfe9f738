/**
 * Diagnostics for comparing our gbdt with XGBoost on the same files (not part of the bench table).
 *   node dist/bench/learners/gbdt-diag.js dump DIR [machines]     → DIR/train.csv, test.csv, features.json
 *   node dist/bench/learners/gbdt-diag.js fit DIR OUT.csv '{"n_estimators":..}' [workers]  → test probabilities
 *   node dist/bench/learners/gbdt-diag.js synth DIR rows features w0,w1,.. seed  → synthetic set (bench's split)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLearner } from '../../src/models/learner-registry.js';
import { toRowMatrix } from '../../src/models/dataset.js';
import type { Dataset, FeatureSpec } from '../../src/models/dataset.js';
import { fleetSet } from './fleet.js';
import { split, synthetic, toCsv } from './datasets.js';

const [mode, dir] = process.argv.slice(2);

function load(path: string, features: FeatureSpec[], classes: string[]): Dataset {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).slice(1);
  const n = lines.length, p = features.length;
  const columns = features.map(() => new Float64Array(n));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = lines[i]!.split(',');
    for (let j = 0; j < p; j++) columns[j]![i] = c[j] === '' ? NaN : Number(c[j]);
    y[i] = Number(c[p]);
  }
  return { features, nRows: n, columns, y, classes };
}

if (mode === 'dump' || mode === 'synth') {
  mkdirSync(dir!, { recursive: true });
  let s;
  if (mode === 'dump') s = await fleetSet(Number(process.argv[4] ?? 50), 365);
  else {
    const [rows, nf, w, seed] = process.argv.slice(4);
    s = split('synth', synthetic(Number(rows), Number(nf), w!.split(',').map(Number), Number(seed)));
  }
  writeFileSync(join(dir!, 'train.csv'), toCsv(s.train));
  writeFileSync(join(dir!, 'test.csv'), toCsv(s.test));
  writeFileSync(join(dir!, 'features.json'), JSON.stringify({ features: s.train.features, classes: s.train.classes }));
  console.log((s as { describe?: string }).describe ?? s.name, s.train.features.map((f) => f.type).join(' '));
} else if (mode === 'fit') {
  const meta = JSON.parse(readFileSync(join(dir!, 'features.json'), 'utf8')) as { features: FeatureSpec[]; classes: string[] };
  const train = load(join(dir!, 'train.csv'), meta.features, meta.classes);
  const test = load(join(dir!, 'test.csv'), meta.features, meta.classes);
  const L = getLearner('gbdt');
  const params = L.parseParams({ n_estimators: 200, max_depth: 6, learning_rate: 0.1, l2: 1, min_child_weight: 1, ...JSON.parse(process.argv[5] ?? '{}') });
  const t = performance.now();
  const m = await L.fit(train, params, { seed: 42, workers: Number(process.argv[6] ?? 2) });
  const fit = (performance.now() - t) / 1000;
  const rm = toRowMatrix(test);
  const K = meta.classes.length;
  const pr = m.predictProba(rm);
  const out: string[] = [];
  for (let i = 0; i < rm.nRows; i++) out.push(Array.from(pr.subarray(i * K, (i + 1) * K)).join(','));
  writeFileSync(process.argv[4]!, out.join('\n') + '\n');
  if (process.env.DIAG_JSON) writeFileSync(process.env.DIAG_JSON, JSON.stringify(m.toJSON()));
  console.log(JSON.stringify({ fit_s: fit }));
}
