/**
 * Prediction-logging overhead on POST /predict at c=64: the same service with the prediction log off and on (100 %
 * sampling into SQLite, default 1 s flush), both running, loaded alternately with wrk (off, on, off, on, ...) so
 * machine noise hits both alike. Prints per-round figures, the median ratio, and what the log kept and dropped.
 * Run: npx tsc -p tsconfig.json && node dist/bench/monitoring/logging-overhead.js   (ROUNDS=4, BENCH_SECONDS=8)
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchModelJson, benchRecord } from '../serving/bench-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 4);

async function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(here, 'log-server-child.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn' } });
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => { buf += d.toString(); const i = buf.indexOf('\n'); if (i >= 0) res((JSON.parse(buf.slice(0, i)) as { url: string }).url); });
    child.once('exit', (c) => rej(new Error(`server exited ${c}`)));
  });
  return { child, url };
}

function wrk(url: string, lua: string, seconds: number): { rps: number; p50: number; p99: number; errors: number } {
  const out = execFileSync('wrk', ['-t2', '-c64', `-d${seconds}s`, '--latency', '-s', lua, url], { encoding: 'utf8' });
  const ms = (s: string) => { const m = /^([\d.]+)(us|ms|s)$/.exec(s.trim()); return m ? Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) : NaN; };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''), p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''), errors: non2xx };
}

const dir = mkdtempSync(join(tmpdir(), 'fw-logbench-'));
const model = join(dir, 'model.json');
writeFileSync(model, JSON.stringify(benchModelJson()));
const lua = join(dir, 'post.lua');
writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify(benchRecord(1)))}\n`);
const off = await start([model, 'off']);
const on = await start([model, process.env.LOG_INLINE ? `inline:${join(dir, 'log.db')}` : join(dir, 'log.db')]);
try {
  for (const s of [off, on]) wrk(`${s.url}/predict`, lua, 2); // warm-up
  const rows: string[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = wrk(`${off.url}/predict`, lua, SECONDS);
    const b = wrk(`${on.url}/predict`, lua, SECONDS);
    ratios.push(b.rps / a.rps);
    rows.push(`| ${r + 1} | ${a.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${((b.rps / a.rps - 1) * 100).toFixed(1)} % | ${a.p50.toFixed(2)} / ${a.p99.toFixed(2)} | ${b.p50.toFixed(2)} / ${b.p99.toFixed(2)} | ${a.errors + b.errors} |`);
  }
  await new Promise((r) => setTimeout(r, 2000)); // let the last flush land
  const metrics = await (await fetch(`${on.url}/metrics`)).text();
  const val = (n: string) => Number(new RegExp(`^${n} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  ratios.sort((x, y) => x - y);
  const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!) / 2;
  process.stdout.write(`POST /predict, c=64, wrk ${SECONDS} s per run, ${ROUNDS} paired rounds (log off, then on), bench model 200 trees × depth 10 × 25 features\n\n`);
  process.stdout.write('| round | rps log off | rps log on (100 %, SQLite) | change | p50 / p99 ms off | p50 / p99 ms on | errors |\n|---|---|---|---|---|---|---|\n' + rows.join('\n') + '\n\n');
  process.stdout.write(`median throughput change with logging: ${((median - 1) * 100).toFixed(1)} % (range ${((ratios[0]! - 1) * 100).toFixed(1)} … ${((ratios[ratios.length - 1]! - 1) * 100).toFixed(1)} %)\n`);
  process.stdout.write(`prediction log: written ${val('forewarn_prediction_log_written_total')}, dropped ${val('forewarn_prediction_log_dropped_total')}, pending ${val('forewarn_prediction_log_pending')}, failed flushes ${val('forewarn_prediction_log_flush_failures_total')}\n`);
} finally {
  off.child.kill('SIGTERM');
  on.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  rmSync(dir, { recursive: true, force: true });
}
