/**
 * Data-layer benchmark: generate Azure-format hourly telemetry (100 machines × 8,760 hours = 876,000 rows) as CSV,
 * then time ingest (pre-flight + load + validate + time-series health + report files + Parquet snapshot) and print
 * wall time per phase and peak RSS. Target: under 5 s on a 2-core machine. Figures only, no assertions.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/data/run.js [--machines 100] [--hours 8760] [--bad-fraction 0.01] [--keep]
 */
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../src/config/load.js';
import type { Project } from '../../src/config/load.js';
import { ingestProject } from '../../src/data/ingest.js';
import { Rng } from '../../src/core/random.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

async function generate(path: string, machines: number, hours: number, seed: number, badFraction: number): Promise<number> {
  const rng = new Rng(seed);
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> => new Promise((res) => (out.write(s) ? res() : out.once('drain', () => res())));
  await write('datetime,machineID,volt,rotate,pressure,vibration\n');
  const start = Date.UTC(2015, 0, 1, 6);
  let rows = 0;
  for (let m = 1; m <= machines; m++) {
    let chunk = '';
    for (let h = 0; h < hours; h++) {
      const iso = new Date(start + h * 3_600_000).toISOString();
      const ts = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      // Defects to exercise the quarantine path: an impossible, a non-numeric or a missing reading.
      const bad = badFraction > 0 && rng.next() < badFraction ? ['-1', 'abc', ''][rng.int(3)] : undefined;
      chunk += `${ts},${m},${bad ?? (170 + 15 * rng.normal()).toString()},${(446 + 50 * rng.normal()).toString()},${(100 + 10 * rng.normal()).toString()},${(40 + 5 * rng.normal()).toString()}\n`;
      rows++;
      if (chunk.length > 1 << 20) { await write(chunk); chunk = ''; }
    }
    await write(chunk);
  }
  await new Promise<void>((res) => out.end(() => res()));
  return rows;
}

const machines = arg('--machines', 100);
const hours = arg('--hours', 8760);
const badFraction = arg('--bad-fraction', 0);
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-data-'));
try {
  const csv = join(dir, 'telemetry.csv');
  let t = performance.now();
  const rows = await generate(csv, machines, hours, 42, badFraction);
  console.log(`generated ${rows} rows, ${(statSync(csv).size / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(2)} s (not part of the figure)`);
  const text = `version: 1\nproject: { name: bench }\ndata:\n  tables:\n    telemetry: { path: telemetry.csv, contract: azure-pdm/telemetry }\n  maxQuarantineFraction: 1\n`;
  writeFileSync(join(dir, 'forewarn.yaml'), text);
  const project: Project = { dir, configPath: join(dir, 'forewarn.yaml'), config: parseConfig(text), configText: text, resolve: (p) => join(dir, p), stateDir: join(dir, '.forewarn') };
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const r = await ingestProject(project, { progress: 'silent' });
  const secs = (performance.now() - t) / 1000;
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage().rss);
  const tt = r.tables.telemetry!;
  console.log(`ingest + validate + snapshot: ${rows} rows in ${secs.toFixed(2)} s (${Math.round(rows / secs).toLocaleString('en')} rows/s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (all threads)`);
  const v = r.report.tables[0]!;
  const validated = Object.values(v.timings).reduce((a, b) => a + b, 0);
  console.log(`phases (ms): ${Object.entries(v.timings).map(([k, ms]) => `${k} ${ms}`).join(', ')}, report files + snapshot ${Math.round(secs * 1000 - validated)}`);
  console.log(`accepted ${tt.accepted}, quarantined ${tt.quarantined}, dataset ${r.datasetHash.slice(0, 16)}…, parquet ${(statSync(tt.parquetPath).size / 1e6).toFixed(1)} MB`);
  console.log(`target: < 5 s on 2 cores (${secs < 5 ? 'met' : 'NOT met'} on this run; timings are noisy on a shared machine)`);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
