/**
 * Soak: c=16 mixed traffic (/predict, /predict/batch of 10, /invocations JSON and CSV, v2 infer, /health) against a
 * real service process for SOAK_SECONDS (default 60), in 10 wrk segments; prints throughput, errors (non-2xx and
 * socket errors) and the server's RSS at start, middle and end.
 *   npx tsc -p tsconfig.json && SOAK_SECONDS=600 nice node dist/bench/soak/run.js
 * Needs wrk (Debian: apt-get install -y wrk).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOOD_RECORD } from '../../src/serving/test-fixtures.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 16);
const SEGMENTS = 10;
const here = dirname(fileURLToPath(import.meta.url));

const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const features = Object.keys(GOOD_RECORD);
const rec = GOOD_RECORD as Record<string, unknown>;
const requests: [string, string, string, string][] = [
  ['POST', '/predict', 'application/json', JSON.stringify(GOOD_RECORD)],
  ['POST', '/predict/batch', 'application/json', JSON.stringify({ records: Array.from({ length: 10 }, () => GOOD_RECORD) })],
  ['POST', '/invocations', 'application/json', JSON.stringify({ dataframe_split: { columns: features, data: [features.map((f) => rec[f])] } })],
  ['POST', '/invocations', 'text/csv', `${features.join(',')}\n${features.map((f) => rec[f]).join(',')}\n`],
  ['POST', '/v2/models/pump/infer', 'application/json', JSON.stringify({ inputs: features.map((f) => ({ name: f, shape: [1], datatype: typeof rec[f] === 'string' ? 'BYTES' : 'FP64', data: [rec[f]] })) })],
  ['GET', '/health', '', ''],
];

const dir = mkdtempSync(join(tmpdir(), 'fw-soak-'));
const lua = join(dir, 'mix.lua');
writeFileSync(lua, `
local reqs = {}
init = function(args)
${requests.map(([m, p, ct, b], i) => `reqs[${i + 1}] = wrk.format(${JSON.stringify(m)}, ${JSON.stringify(p)}, ${ct ? `{["Content-Type"] = ${JSON.stringify(ct)}}` : '{}'}, ${b ? JSON.stringify(b) : 'nil'})`).join('\n')}
end
local i = 0
request = function()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end
local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("SUMMARY %d %d %d %d %d %d %.0f\\n", summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status, latency:percentile(99)))
end
`);

const child = spawn(process.execPath, [join(here, 'server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
});
try {
  const rss: number[] = [rssMiB(pid)];
  let total = 0;
  let errors = 0;
  let p99max = 0;
  const seg = Math.max(1, Math.round(SECONDS / SEGMENTS));
  const t0 = Date.now();
  for (let s = 0; s < SEGMENTS; s++) {
    const out = execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seg}s`, '-s', lua, url], { encoding: 'utf8' });
    const m = /SUMMARY (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out)!;
    const [n, connect, read, write, timeout, status, p99] = m.slice(1).map(Number) as number[];
    total += n!;
    errors += connect! + read! + write! + timeout! + status!;
    p99max = Math.max(p99max, p99!);
    rss.push(rssMiB(pid));
    console.log(`segment ${s + 1}/${SEGMENTS}: ${n} requests, errors connect ${connect} read ${read} write ${write} timeout ${timeout} non-2xx ${status}, p99 ${(p99! / 1000).toFixed(1)} ms, RSS ${rss[rss.length - 1]!.toFixed(1)} MiB`);
  }
  const secs = (Date.now() - t0) / 1000;
  const mid = rss[Math.floor(rss.length / 2)]!;
  console.log(`soak c=${CONNECTIONS} ${secs.toFixed(0)} s: ${total} requests (${(total / secs).toFixed(0)}/s), ${errors} errors, worst segment p99 ${(p99max / 1000).toFixed(1)} ms; RSS start ${rss[0]!.toFixed(1)} MiB, middle ${mid.toFixed(1)} MiB, end ${rss[rss.length - 1]!.toFixed(1)} MiB`);
  if (errors > 0) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
