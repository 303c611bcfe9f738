/**
 * Real Azure PdM subset vs simulated fleets of the same size and period, same config and split (the quickstart's
 * forewarn.yaml, test from 2015-03-01): per-class precision/recall, macro F1, event recall, one line per dataset and
 * the mean over the seeds. Run: node dist/bench/sim-realism/compare.js [seeds, default 42,7,11]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { writeFleet } from '../../src/simulator/index.js';
import { learnability, meanLearnability, type Learnability } from '../../src/pipeline/realism.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetsCandidates, datasetsDir } from '../../test/support/datasets-dir.js';
import { realSubsetFiles } from '../../test/support/azure-real-subset.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATA = datasetsDir(repoRoot);
if (!DATA) {
  console.error(`no datasets folder at ${datasetsCandidates(repoRoot).join(' or ')} (set FOREWARN_DATASETS)`);
  process.exit(2);
}
const realFiles = () => realSubsetFiles(DATA);

const seeds = (process.argv[2] ?? '42,7,11').split(',').map(Number);
const CUTOFF = '2015-03-01';
const line = (name: string, r: Learnability) =>
  `| ${name} | ${r.perClass.map((c) => `${c.precision.toFixed(2)} / ${c.recall.toFixed(2)}`).join(' | ')} | ${r.macroF1.toFixed(3)} | ${r.eventRecall?.toFixed(2) ?? '–'} |`;

const real = await learnability(realFiles(), CUTOFF);
console.log(`| data | ${real.perClass.map((c) => `${c.class} P / R`).join(' | ')} | macro F1 | event recall |`);
console.log(`|---|${real.perClass.map(() => '---|').join('')}---|---|`);
console.log(line('real subset', real));
const sims: Learnability[] = [];
for (const seed of seeds) {
  const dir = await mkdtemp(join(tmpdir(), 'fw-realism-'));
  try {
    const w = await writeFleet({ machines: 20, days: 90, seed, start: '2015-01-01' }, dir);
    const r = await learnability(w.files, CUTOFF);
    sims.push(r);
    console.log(line(`simulated, seed ${seed}`, r));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
console.log(line(`simulated, mean of ${seeds.length}`, meanLearnability(sims)));
