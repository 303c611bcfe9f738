import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../deploy/repo-root.js';

/**
 * The container image, built and run for real with podman (Debian's; no Docker daemon here): local bases from Debian
 * packages + the npm registry (scripts/container/local-base.sh, cached), the repository's Dockerfile, then inside the
 * container the quickstart, `forewarn serve` answering /ready and /predict from the host, as a non-root process.
 * Runtime flags are the ones that work on these machines (runc, cgroupfs, explicit ulimits, host network); serve binds
 * loopback only. Prints the image size and build time. Skips loudly without podman.
 */
const run = promisify(execFile);
const PODMAN = ['--runtime', process.env.FOREWARN_OCI_RUNTIME ?? '/usr/sbin/runc', '--cgroup-manager=cgroupfs'];
const LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
const IMAGE = process.env.FOREWARN_TEST_IMAGE ?? 'localhost/forewarn:test';
const UID = 10001;

const podmanMissing = spawnSync('podman', ['--version']).status !== 0;
if (podmanMissing) process.stderr.write('\n*** SKIPPED: container image test — podman is not installed (apt-get install podman runc debootstrap) ***\n\n');

const podman = (args: string[], timeoutMs = 20 * 60_000) => run('podman', [...PODMAN, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

async function waitReady(url: string, ms: number): Promise<Response> {
  const end = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return r;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready after ${ms} ms (${last})`);
}

test('the image builds with podman, runs the quickstart, serves /ready and /predict to the host as a non-root user', { skip: podmanMissing && 'podman is not installed', timeout: 40 * 60_000 }, async (t) => {
  const t0 = performance.now();
  const base = await run(join(repoRoot, 'scripts/container/local-base.sh'), [], { timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  const args = Object.fromEntries(base.stdout.trim().split('\n').map((l) => l.split('=') as [string, string]));
  assert.ok(args.NODE_IMAGE && args.BUILD_IMAGE, base.stdout);
  t.diagnostic(`local bases ready in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${args.NODE_IMAGE}, ${args.BUILD_IMAGE} (${base.stderr.trim().split('\n').pop()})`);

  const t1 = performance.now();
  // --format docker keeps HEALTHCHECK (the OCI format drops it).
  await podman(['build', '--format', 'docker', ...LIMITS, '--network', 'host', '--build-arg', `NODE_IMAGE=${args.NODE_IMAGE}`, '--build-arg', `BUILD_IMAGE=${args.BUILD_IMAGE}`, '-t', IMAGE, repoRoot]);
  const buildSeconds = (performance.now() - t1) / 1000;
  const inspect = JSON.parse((await podman(['image', 'inspect', IMAGE])).stdout)[0] as { Size: number; Healthcheck?: { Test: string[] }; Config: { User: string; Entrypoint: string[]; Healthcheck?: { Test: string[] } } };
  t.diagnostic(`image ${IMAGE}: ${(inspect.Size / 1e6).toFixed(0)} MB, built in ${buildSeconds.toFixed(0)} s (layer cache applies on rebuilds)`);
  assert.equal(inspect.Config.User, `${UID}:${UID}`);
  assert.deepEqual(inspect.Config.Entrypoint, ['forewarn']);
  // podman reports the health check beside Config, docker inside it.
  assert.ok((inspect.Healthcheck ?? inspect.Config.Healthcheck)?.Test.join(' ').includes('FOREWARN_HEALTHCHECK_URL'), 'HEALTHCHECK kept');

  const data = mkdtempSync(join(tmpdir(), 'fw-container-'));
  const name = `fw-image-test-${process.pid}`;
  try {
    // The container user owns its working folder, as a volume would be in Kubernetes (fsGroup) or compose.
    if (process.getuid?.() === 0) chownSync(data, UID, UID);
    else chmodSync(data, 0o777);
    const t2 = performance.now();
    const qs = await podman(['run', '--rm', ...LIMITS, '--network', 'host', '-v', `${data}:/data`, IMAGE, 'quickstart', '--dir', 'demo', '--machines', '10', '--days', '90'], 10 * 60_000);
    t.diagnostic(`quickstart in the container: ${((performance.now() - t2) / 1000).toFixed(1)} s; ${qs.stdout.split('\n').find((l) => l.startsWith('registration:'))}`);
    assert.match(qs.stdout, /^run [0-9a-f]{32} finished in/m);
    const trainDir = join(data, 'demo/.forewarn/cache/train');
    const models = readdirSync(trainDir).map((h) => join(trainDir, h, 'model.json')).filter((p) => existsSync(p));
    assert.equal(models.length, 1, 'one trained model');

    // Serve the model the quickstart trained (small data may not pass the demo's gates, so not the registry alias).
    const port = await freePort();
    const modelInContainer = models[0]!.replace(data, '/data');
    await podman(['run', '-d', '--name', name, ...LIMITS, '--network', 'host', '-v', `${data}:/data`, '-e', `FOREWARN_HEALTHCHECK_URL=http://127.0.0.1:${port}/health`,
      IMAGE, 'serve', '--model-file', modelInContainer, '--host', '127.0.0.1', '--port', String(port)]);
    const url = `http://127.0.0.1:${port}`;
    const ready = await (await waitReady(`${url}/ready`, 90_000)).json();
    t.diagnostic(`/ready from the host: ${JSON.stringify(ready)}`);
    const info = (await (await fetch(`${url}/model/info`)).json()) as { model: { signature: { inputs: { name: string; type: string; min?: number; max?: number; categories?: string[] }[] } } };
    const inputs = info.model.signature.inputs;
    assert.ok(inputs.length > 0);
    // A record inside the signature: mid-range numbers, the first category seen in training, false for booleans.
    const value = (f: (typeof inputs)[number]) => f.type === 'category' ? f.categories?.[0] ?? null : f.type === 'boolean' ? false
      : f.min !== undefined && f.max !== undefined ? (f.type === 'integer' ? Math.round((f.min + f.max) / 2) : (f.min + f.max) / 2) : 0;
    const record = Object.fromEntries(inputs.map((f) => [f.name, value(f)]));
    const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
    const body = (await res.json()) as { predicted_label?: string; probabilities?: Record<string, number> };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(typeof body.predicted_label, 'string');
    const total = Object.values(body.probabilities ?? {}).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-6, `probabilities sum to 1 (${total})`);
    t.diagnostic(`/predict from the host: ${JSON.stringify(body).slice(0, 160)}`);

    const status = (await podman(['exec', name, 'cat', '/proc/1/status'])).stdout;
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    assert.equal(uid, String(UID), 'PID 1 (forewarn serve) runs as the non-root user');
    t.diagnostic(`serving process uid ${uid}`);
    const hc = await podman(['healthcheck', 'run', name]).then(() => 0, (e: { code?: number }) => e.code ?? 1);
    assert.equal(hc, 0, 'the image HEALTHCHECK passes against the running service');
  } finally {
    await podman(['rm', '-f', name]).catch(() => {});
    // Files written by the container user; as root the test can remove them.
    rmSync(data, { recursive: true, force: true });
  }
});
