/**
 * Serving benchmark. Starts the prediction service in one process (a 200-tree depth-10 random forest on 25 features)
 * and a bare Fastify POST handler with schema validation in another, loads both with wrk from this process, and prints
 * a table. Run: npx tsc -p tsconfig.json && node dist/bench/serving/run.js   (BENCH_SECONDS=10 by default; wrk from
 * Debian: apt-get install -y wrk). Figures on a shared machine are noisy; compare the ratio to the bare ceiling.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { benchModelJson, benchRecord } from './bench-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// BENCH_TREES=1 BENCH_DEPTH=1 isolates the service's own overhead (validation, routing, metrics, serialisation).
const TREES = Number(process.env.BENCH_TREES ?? 200);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 10);

interface Started { child: ChildProcess; url: string; loader: string; readyMs: number; loadSeconds?: number }

async function startChild(args: string[]): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(here, 'server-child.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn' } });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => { buf += d.toString(); const i = buf.indexOf('\n'); if (i >= 0) resolve(buf.slice(0, i)); });
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
  const readyMs = performance.now() - t0;
  const info = JSON.parse(line) as { url: string; loader: string; loadSeconds?: number };
  return { child, readyMs, ...info };
}

/**
 * Optional reference: scikit-learn RF behind Flask + gunicorn (2 workers), when Debian's python3-sklearn,
 * python3-flask and gunicorn are installed (BENCH_SKLEARN=0 skips it). Returns undefined when unavailable.
 */
async function sklearnReference(body: string, dir: string): Promise<WrkResult | undefined> {
  if (process.env.BENCH_SKLEARN === '0') return undefined;
  try { execFileSync('/usr/bin/python3', ['-c', 'import sklearn, flask'], { stdio: 'ignore' }); execFileSync('gunicorn', ['--version'], { stdio: 'ignore' }); } catch {
    console.log('sklearn reference skipped: apt-get install -y python3-sklearn python3-flask gunicorn to include it');
    return undefined;
  }
  const src = join(here, '../../../bench/serving');
  const port = 18000 + Math.floor(Math.random() * 1000);
  const child = spawn('gunicorn', ['-w', '2', '--preload', '--timeout', '300', '-b', `127.0.0.1:${port}`, '--chdir', src, '--log-level', 'warning', 'sklearn_flask_app:app'], { stdio: ['ignore', 'ignore', 'inherit'], detached: false });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 240; i++) {
      try {
        const r = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (r.status === 200) break;
      } catch { /* still starting (training the forest) */ }
      await new Promise((r) => setTimeout(r, 500));
    }
    return wrk(`${url}/predict`, body, 64, SECONDS, dir);
  } finally {
    child.kill('SIGTERM');
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface WrkResult { rps: number; p50: number; p99: number; errors: number }

function toMs(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(url: string, body: string, connections: number, seconds: number, dir: string): WrkResult {
  const lua = join(dir, 'post.lua');
  writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`);
  const threads = Math.min(connections, 2);
  const out = execFileSync('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua, url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps, p50, p99, errors };
}

/**
 * Batch latency two ways: wrk at concurrency 1 with a pre-serialised body (request sent → whole response received,
 * the same clock as every other row), and a Node fetch that also parses the 1,000 predictions on the client (what a
 * Node caller sees end to end). The fetch run also checks every response is complete.
 */
async function batchLatency(url: string, n: number, reps: number, dir: string): Promise<{ p50: number; min: number; wrk: WrkResult }> {
  const body = JSON.stringify({ records: Array.from({ length: n }, (_, i) => benchRecord(i)) });
  const times: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const j = (await res.json()) as { predictions?: unknown[] };
    if (res.status !== 200 || j.predictions?.length !== n) throw new Error(`batch failed: ${res.status}`);
    if (r >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, min: times[0]!, wrk: wrk(`${url}/predict/batch`, body, 1, SECONDS, dir) };
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  try { execFileSync('wrk', ['--version'], { stdio: 'ignore' }); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') { console.error('wrk is not installed: apt-get install -y wrk'); process.exit(2); }
  }
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-serving-'));
  const modelPath = join(dir, `rf-${TREES}x${DEPTH}.json`);
  writeFileSync(modelPath, JSON.stringify(benchModelJson(42, TREES, DEPTH)));
  const body = JSON.stringify(benchRecord(1));
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}); load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${SECONDS}s per wrk run`);
  console.log(`model: ${TREES} trees, depth ${DEPTH}, 25 features, 2 classes; file ${(statSync(modelPath).size / 1e6).toFixed(1)} MB`);

  const rows: string[][] = [];
  const bare = await startChild(['bare']);
  let fw: Started | undefined;
  try {
    // Each server gets the same untimed 2 s at c=64 first: JIT tiers and the heap's young generation settle there,
    // so the timed runs measure the steady state (without it p99 at c=64 carried start-of-run pauses: 18–27 ms vs 8–10).
    wrk(`${bare.url}/predict`, body, 64, 2, dir);
    const b1 = wrk(`${bare.url}/predict`, body, 1, SECONDS, dir);
    const b64 = wrk(`${bare.url}/predict`, body, 64, SECONDS, dir);
    bare.child.kill('SIGTERM');

    fw = await startChild(['forewarn', modelPath]);
    console.log(`served by: ${fw.loader}; model load ${fmt((fw.loadSeconds ?? NaN) * 1000, 0)} ms`);
    const rssIdle = rssMb(fw.child.pid!);
    wrk(`${fw.url}/predict`, body, 64, 2, dir);
    const f1 = wrk(`${fw.url}/predict`, body, 1, SECONDS, dir);
    const f64 = wrk(`${fw.url}/predict`, body, 64, SECONDS, dir);
    const batch = await batchLatency(fw.url, 1000, 20, dir);
    const rssLoaded = rssMb(fw.child.pid!);
    fw.child.kill('SIGTERM');
    const sk = await sklearnReference(body, dir);

    rows.push(['measure', 'forewarn', 'bare Fastify', 'ratio', 'target']);
    rows.push(['c=1 p50 latency (ms)', fmt(f1.p50, 3), fmt(b1.p50, 3), fmt(f1.p50 / b1.p50), '< 1']);
    rows.push(['c=1 p99 latency (ms)', fmt(f1.p99, 3), fmt(b1.p99, 3), fmt(f1.p99 / b1.p99), '']);
    rows.push(['c=1 req/s', fmt(f1.rps, 0), fmt(b1.rps, 0), fmt(f1.rps / b1.rps), '']);
    rows.push(['c=64 req/s', fmt(f64.rps, 0), fmt(b64.rps, 0), fmt(f64.rps / b64.rps), '>= 15000']);
    rows.push(['c=64 p99 latency (ms)', fmt(f64.p99, 2), fmt(b64.p99, 2), fmt(f64.p99 / b64.p99), '< 10']);
    rows.push(['errors (non-2xx + socket)', String(f1.errors + f64.errors + batch.wrk.errors), String(b1.errors + b64.errors), '', '0']);
    rows.push(['batch of 1,000 (wrk c=1): p50 / p99 (ms)', `${fmt(batch.wrk.p50, 1)} / ${fmt(batch.wrk.p99, 1)}`, '', '', '< 10']);
    rows.push(['batch of 1,000 (Node fetch + client JSON.parse): p50 / min (ms)', `${fmt(batch.p50, 1)} / ${fmt(batch.min, 1)}`, '', '', '']);
    rows.push(['spawn → listening (ms)', fmt(fw.readyMs, 0), fmt(bare.readyMs, 0), '', '< 1000']);
    rows.push(['RSS idle / after load (MB)', `${fmt(rssIdle, 0)} / ${fmt(rssLoaded, 0)}`, '', '', '< 200']);
    if (sk) rows.push(['sklearn RF + Flask/gunicorn(2): c=64 req/s, p99 ms', `${fmt(sk.rps, 0)}, ${fmt(sk.p99, 1)}`, '', '', 'reference']);
  } finally {
    bare.child.kill('SIGTERM');
    fw?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('\nReference measured on this machine earlier: sklearn RF behind Flask+gunicorn (2 workers) 270 req/s at c64; XGBoost behind FastAPI 1,870 req/s; bare Fastify ~39,000 req/s.');
}

await main();
