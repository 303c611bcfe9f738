/**
 * Peak memory of one large Open Inference v2 request at raised limits (1 GiB body, 1M records): a service process
 * (50-tree forest) receives one ~100 MB request of per-feature tensors; prints the body size, status, seconds, the
 * server's RSS before, its peak (VmHWM) and RSS after, and the longest /health latency seen while it was processed.
 *   npx tsc -p tsconfig.json && node dist/bench/security/big-request.js [records=1000000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';

const N = Number(process.argv[2] ?? 1_000_000);
const here = dirname(fileURLToPath(import.meta.url));
const status = (pid: number, key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const child = spawn(process.execPath, [join(here, 'big-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
});
try {
  // Per-feature tensors, values with ~12 significant characters (as a client serialising doubles would send).
  const col = (f: (i: number) => string): string => { const a = new Array<string>(N); for (let i = 0; i < N; i++) a[i] = f(i); return a.join(','); };
  const body = `{"inputs":[` +
    `{"name":"Spindle_Bearing_Temperature(?C)","shape":[${N}],"datatype":"FP64","data":[${col((i) => (20 + (i % 1000) / 7).toFixed(15))}]},` +
    `{"name":"Packet_Loss_%","shape":[${N}],"datatype":"FP64","data":[${col((i) => ((i % 997) / 11).toFixed(15))}]},` +
    `{"name":"Vibration RMS","shape":[${N}],"datatype":"FP64","data":[${col((i) => ((i % 991) / 313 - 1).toFixed(15))}]},` +
    `{"name":"Error_Count","shape":[${N}],"datatype":"INT64","data":[${col((i) => String(i % 50))}]},` +
    `{"name":"Machine_Type","shape":[${N}],"datatype":"BYTES","data":[${col((i) => ['"lathe"', '"mill"', '"press"'][i % 3]!)}]}]}`;
  const before = status(pid, 'VmRSS');
  let worstHealth = 0;
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = performance.now();
      await fetch(`${url}/health`).then((r) => r.text()).catch(() => undefined);
      worstHealth = Math.max(worstHealth, performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const res = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = request(`${url}/v2/models/pump/infer`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (r) => {
      let bytes = 0;
      r.on('data', (c: Buffer) => (bytes += c.length));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const secs = (performance.now() - t0) / 1000;
  done = true;
  await probe;
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`v2 request: ${N} records, ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB body -> ${res.status}, ${(res.bytes / 1e6).toFixed(1)} MB reply in ${secs.toFixed(1)} s; server RSS before ${before.toFixed(0)} MiB, peak ${status(pid, 'VmHWM').toFixed(0)} MiB, 2 s after ${status(pid, 'VmRSS').toFixed(0)} MiB; worst /health latency meanwhile ${worstHealth.toFixed(0)} ms`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}
