/**
 * How failures are announced, on the real Azure PdM subset and on simulated fleets of the same size and period
 * (20 machines, 2015-01-01 + 90 days): prints the tables of docs/simulator-and-profile.md.
 * Run: node dist/bench/sim-realism/measure.js [seeds, default 42,7,11] [--real-only|--sim-only]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { writeFleet } from '../../src/simulator/index.js';
import { formatPrecursorReport, measurePrecursors } from '../../src/data/profile/precursors.js';
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

const args = process.argv.slice(2);
const seeds = (args.find((a) => !a.startsWith('--')) ?? '42,7,11').split(',').map(Number);
if (!args.includes('--sim-only')) {
  const t0 = Date.now();
  console.log(formatPrecursorReport(await measurePrecursors(realFiles()), 'Real Azure PdM subset'));
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
if (!args.includes('--real-only')) {
  for (const seed of seeds) {
    const dir = await mkdtemp(join(tmpdir(), 'fw-realism-'));
    try {
      const r = await writeFleet({ machines: 20, days: 90, seed, start: '2015-01-01' }, dir);
      console.log(formatPrecursorReport(await measurePrecursors(r.files), `Simulated fleet, seed ${seed}`), '\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
