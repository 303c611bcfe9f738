/**
 * Store throughput figures (not a test: prints numbers). Run: `npx tsc -p tsconfig.json && node dist/bench/stores-bench.js`.
 * Uses a temp SQLite file, the local PostgreSQL in a throwaway schema (skipped loudly if unreachable), a temp
 * artifact folder and an s3rver on 127.0.0.1. Timings on a shared machine are noisy: run it 2–3 times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import S3rver from 's3rver';
import { allTestDatabases } from '../src/db/test-databases.js';
import { SqlTrackingStore } from '../src/tracking/sql-tracking-store.js';
import { SqlRegistryStore } from '../src/registry/sql-registry-store.js';
import { LocalArtifactRepository } from '../src/artifacts/local-repository.js';
import { S3ArtifactRepository } from '../src/artifacts/s3-repository.js';
import type { ArtifactRepository } from '../src/artifacts/artifact-repository.js';

async function time<T>(label: string, n: number, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms${n > 1 ? `  (${((n / ms) * 1000).toFixed(0)}/s)` : ''}`);
  return out;
}

for (const tdb of await allTestDatabases()) {
  if (tdb.skip) {
    console.warn(`${tdb.name}: SKIPPED (${tdb.skip})`);
    continue;
  }
  console.log(`\n${tdb.name}`);
  const { store, cleanup } = await tdb.open();
  try {
    const t = new SqlTrackingStore(store);
    const run = await t.startRun({ experimentName: 'bench' });
    const points = Array.from({ length: 10_000 }, (_, i) => ({ key: `m${i % 10}`, value: Math.sin(i), step: Math.floor(i / 10) }));
    await time('logMetrics: one batch of 10 000 points (1 txn)', 10_000, () => t.logMetrics(run.id, points));
    await time('logMetric: 200 single points (200 txns)', 200, async () => {
      for (let i = 0; i < 200; i++) await t.logMetric(run.id, 'single', i, i);
    });
    await time('startRun+params+metric+endRun: 300 runs', 300, async () => {
      for (let i = 0; i < 300; i++) {
        const r = await t.startRun({ experimentName: 'bench', parentRunId: run.id, params: { i, lr: 0.1 } });
        await t.logMetric(r.id, 'auc', (i * 7919) % 1000 / 1000);
        await t.endRun(r.id, 'FINISHED');
      }
    });
    await time('searchRuns: 300 children ordered by auc', 1, () => t.searchRuns({ parentRunId: run.id, orderBy: { metric: 'auc' }, limit: 1000 }));
    await time('getMetricHistory: 1000 points', 1, () => t.getMetricHistory(run.id, 'm3'));
    const r = new SqlRegistryStore(store);
    await time('registerVersion: 100 versions', 100, async () => {
      for (let i = 0; i < 100; i++) await r.registerVersion({ modelName: 'bench', actor: 'b', artifactUri: `file:///m/${i}.json`, gates: { passed: true, gates: [] } });
    });
    await time('approve + setAlias production: 100 versions', 100, async () => {
      for (let i = 1; i <= 100; i++) {
        await r.approveVersion('bench', i, { actor: 'b', reason: 'bench' });
        await r.setAlias('bench', 'production', i, { actor: 'b' });
      }
    });
    await time('rollbackAlias: 50 steps back', 50, async () => {
      for (let i = 0; i < 50; i++) await r.rollbackAlias('bench', 'production', { actor: 'b' });
    });
    await time('resolve production alias: 500 lookups', 500, async () => {
      for (let i = 0; i < 500; i++) await r.getVersionByAlias('bench', 'production');
    });
  } finally {
    await cleanup();
  }
}

async function benchArtifacts(label: string, repo: ArtifactRepository): Promise<void> {
  console.log(`\nartifacts: ${label}`);
  const big = new Uint8Array(8 * 1024 * 1024).map((_, i) => i & 0xff);
  await time('put 8 MiB', 1, () => repo.put('bench/big.bin', big));
  await time('get 8 MiB', 1, () => repo.get('bench/big.bin'));
  const small = new TextEncoder().encode('{"tree":[1,2,3]}');
  await time('put 200 small objects', 200, async () => {
    for (let i = 0; i < 200; i++) await repo.put(`bench/small/${i}.json`, small);
  });
  await time('list 200 keys', 1, () => repo.list('bench/small/'));
}

const dir = mkdtempSync(join(tmpdir(), 'fw-bench-'));
try {
  await benchArtifacts('local filesystem', new LocalArtifactRepository(join(dir, 'local')));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'bench' }] });
  const { port } = await server.run();
  const s3 = new S3ArtifactRepository('s3://bench/p', { endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  await benchArtifacts('S3 (s3rver, same machine)', s3);
  await s3.close();
  await server.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
