/**
 * The realism measurement on one larger simulated fleet (default 100 machines × 365 days, seed 42): the calibration
 * figures with less sampling noise than 20 machines × 90 days. Run: node dist/bench/sim-realism/measure-big.js [machines] [days] [seed]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from '../../src/simulator/index.js';
import { formatPrecursorReport, measurePrecursors } from '../../src/data/profile/precursors.js';

const machines = Number(process.argv[2] ?? 100), days = Number(process.argv[3] ?? 365), seed = Number(process.argv[4] ?? 42);
const dir = await mkdtemp(join(tmpdir(), 'fw-realism-'));
try {
  const w = await writeFleet({ machines, days, seed, start: '2015-01-01' }, dir);
  const t0 = Date.now();
  console.log(formatPrecursorReport(await measurePrecursors(w.files), `Simulated fleet ${machines} × ${days} days, seed ${seed}`));
  console.log(`(measured in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
