/**
 * Feature-build speed on an Azure-PdM-sized dataset: 100 machines × 1 year of hourly telemetry (876,000 rows),
 * ~4k errors, ~3k maintenance records, generated in DuckDB (synthetic values; only the shape matters here).
 * Prints figures; asserts nothing about time.
 *   npx tsc -p tsconfig.json && node dist/bench/features-azure-pdm.js [--threads N] [--machines N] [--online] [--parity]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openDuck } from '../src/data/duckdb.js';
import { parseConfig } from '../src/config/load.js';
import { resolveFeatureSpec } from '../src/features/resolve.js';
import { buildFeatureTable } from '../src/features/offline/build.js';
import { toDataset } from '../src/features/dataset.js';
import { OnlineFeatureEngine } from '../src/features/online/engine.js';
import { checkParity } from '../src/features/parity.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const threads = arg('--threads', 2);
const machines = arg('--machines', 100);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cfg = parseConfig(readFileSync(join(root, 'src/features/examples/azure-pdm.yaml'), 'utf8'));

/** Process CPU time (all DuckDB threads included): steadier than wall time on a shared, loaded machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const duck = await openDuck(':memory:', threads);
let t = performance.now();
await duck.run(`select setseed(0.42)`);
await duck.run(`create table telemetry as select m::integer as machineID, timestamp '2015-01-01 06:00:00' + to_hours(h) as datetime,
  170 + 15 * (random() - 0.5) as volt, 450 + 50 * (random() - 0.5) as rotate, 100 + 10 * (random() - 0.5) as pressure, 40 + 5 * (random() - 0.5) as vibration
  from range(1, ${machines + 1}) a(m), range(0, 8760) b(h) order by m, h`);
await duck.run(`create table errors as select machineID, datetime, 'error' || (1 + floor(random() * 5))::integer as errorID from telemetry where random() < 0.0045`);
await duck.run(`create table maint as select machineID, datetime, 'comp' || (1 + floor(random() * 4))::integer as comp from telemetry where random() < 0.0038 and hour(datetime) = 6`);
await duck.run(`create table failures as select machineID, datetime, comp as failure from maint where random() < 0.23`);
await duck.run(`create table machines as select m::integer as machineID, 'model' || (1 + m % 4) as model, (m % 20)::integer as age from range(1, ${machines + 1}) a(m)`);
const [{ n }] = await duck.all<{ n: number }>(`select count(*)::bigint as n from telemetry`);
console.log(`generated ${n} telemetry rows in ${(performance.now() - t).toFixed(0)} ms (threads=${threads})`);

t = performance.now();
const spec = await resolveFeatureSpec(duck, cfg.features!, cfg.label);
console.log(`resolve spec (${spec.features.length} features): ${(performance.now() - t).toFixed(0)} ms`);
let c = cpuMs();
const built = await buildFeatureTable(duck, spec, 'features');
console.log(`build classic Azure feature table + label (every 3h): ${built.rows} rows in ${built.elapsedMs.toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU`);

const everyRow = { ...spec, base: { ...spec.base, everyMs: null } };
c = cpuMs();
const built2 = await buildFeatureTable(duck, everyRow, 'features_all');
console.log(`same, every telemetry row: ${built2.rows} rows in ${built2.elapsedMs.toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU`);

t = performance.now();
c = cpuMs();
const fd = await toDataset(duck, 'features', spec);
console.log(`toDataset: ${fd.dataset.nRows} rows × ${fd.dataset.columns.length} features in ${(performance.now() - t).toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU`);

if (process.argv.includes('--online')) {
  t = performance.now();
  const engine = new OnlineFeatureEngine(everyRow);
  const events: { t: number; table: string; row: Record<string, unknown> }[] = [];
  for (const table of ['telemetry', 'errors', 'maint', 'machines']) {
    for (const row of await duck.all(`select * from ${table}`)) events.push({ t: row.datetime instanceof Date ? row.datetime.getTime() : -Infinity, table, row });
  }
  events.sort((a, b) => a.t - b.t);
  const loaded = performance.now() - t;
  t = performance.now();
  c = cpuMs();
  let points = 0;
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && events[j]!.t === events[i]!.t) engine.ingest(events[j]!.table, events[j++]!.row);
    for (let k = i; k < j; k++) if (events[k]!.table === 'telemetry') (engine.features(events[k]!.row), points++);
    i = j;
  }
  const ms = performance.now() - t;
  console.log(`online engine: ${events.length} events, ${points} feature vectors in ${ms.toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU (${((points / ms) * 1000).toFixed(0)} vectors/s wall; reading rows took ${loaded.toFixed(0)} ms)`);
}
if (process.argv.includes('--parity')) {
  t = performance.now();
  const r = await checkParity(duck, everyRow);
  console.log(`parity over the full year: ${r.rows} rows × ${r.features} features, max |diff| ${r.maxAbsDiff.toExponential(2)}, max relative ${r.maxRelDiff.toExponential(2)}, ${r.ok ? 'OK' : `${r.mismatches.length} mismatches`} (${(performance.now() - t).toFixed(0)} ms)`);
}
duck.close();
