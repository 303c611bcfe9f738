/**
 * Speed of the simulator and the profile report on the Azure PdM size (100 machines × 365 days = 876,000 telemetry
 * rows). Prints wall and CPU time per step; on a shared machine, wall time is noisy, CPU time less so.
 * Run: node dist/bench/sim-speed.js [machines] [days]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetEvents, simulateFleet, writeFleet } from '../src/simulator/index.js';
import { writeProfileReport } from '../src/data/profile/index.js';

const machines = Number(process.argv[2] ?? 100);
const days = Number(process.argv[3] ?? 365);
const opts = { machines, days, seed: 42 };

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const w = Date.now();
  const c = process.cpuUsage();
  const r = await fn();
  const u = process.cpuUsage(c);
  console.log(`${label.padEnd(44)} wall ${((Date.now() - w) / 1000).toFixed(2)} s   cpu ${((u.user + u.system) / 1e6).toFixed(2)} s`);
  return r;
}

const dir = await mkdtemp(join(tmpdir(), 'fw-bench-'));
try {
  console.log(`${machines} machines × ${days} days = ${(machines * days * 24).toLocaleString('en-US')} telemetry rows`);
  const r = await timed('writeFleet (5 CSV files, atomic)', () => writeFleet(opts, dir));
  await timed('simulateFleet (in memory)', () => simulateFleet(opts));
  await timed('fleetEvents (time-ordered stream, objects)', () => { let n = 0; for (const _ of fleetEvents(opts)) n++; return n; });
  await timed('data profile, all 5 files, time+entity+label', () =>
    writeProfileReport(Object.values(r.files), join(dir, 'profile.html'), { time: 'datetime', entity: 'machineID', label: 'failure' }));
  console.log(`counts: ${JSON.stringify(r.counts)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
