import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/test-memory-source.js';
import { TEST_SIGNATURE, testForest } from '../../src/serving/test-fixtures.js';
import { sqliteTestDatabase } from '../../src/db/test-databases.js';
import { SqlRegistryStore } from '../../src/registry/sql-registry-store.js';
import { registryRoutes } from '../../src/registry/http/registry-routes.js';
import type { AddressInfo } from 'node:net';

/** A listening service shaped like `forewarn serve` with a registry: default limits, a token configured. */
export async function startProbeTarget(): Promise<{ port: number; token: string; close(): Promise<void> }> {
  const token = 'probe-token-123456';
  const opened = await sqliteTestDatabase().open();
  const store = new SqlRegistryStore(opened.store);
  const gates = { passed: true, gates: [{ name: 'auc', passed: true, value: 0.9, threshold: 0.7 }] };
  for (let i = 1; i <= 2; i++) await store.registerVersion({ modelName: 'pump', actor: 'pipeline', artifactUri: `file:///m/${i}.json`, gates });
  await store.approveVersion('pump', 1, { actor: 'ana', reason: 'ok' });
  await store.setAlias('pump', 'production', 1, { actor: 'ana' });
  await store.setAlias('pump', 'staging', 1, { actor: 'ana' });
  const source = new MemoryModelSource('pump').add('1', testForest(1, 20, 6), { signature: TEST_SIGNATURE }).setAlias('production', '1');
  const { app } = await buildApp({ source, modelName: 'pump', token, defaultMetrics: false, mounts: [(a, access) => registryRoutes(a, { store, access })] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (app.server.address() as AddressInfo).port, token, close: async () => { await app.close(); await opened.cleanup(); } };
}
