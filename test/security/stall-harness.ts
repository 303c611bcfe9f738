import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/testing/memory-source.js';
import { testForest, TEST_SIGNATURE } from '../../src/serving/testing/fixtures.js';
import { rawRequest } from './raw-http.js';
import { repeatableStallMs } from './stall-probe.js';
import type { AdversarialBody } from './adversarial.js';

export interface StallRow {
  name: string;
  status: number;
  stallMs: number;
  runs: number[];
  responseMs: number;
}

/** A prediction service at the default limits, listening on loopback (same process: its event loop is ours). */
export async function startDefaultService(): Promise<{ port: number; close(): Promise<void> }> {
  const source = new MemoryModelSource('pump').add('1', testForest(1, 20, 6), { signature: TEST_SIGNATURE }).setAlias('production', '1');
  const { app } = await buildApp({ source, modelName: 'pump', defaultMetrics: false, docs: false, token: 'tok-12345678' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

/** Send each body (one at a time, 3 runs when it stalls) and record the longest event-loop block it caused. */
export async function stallMatrix(port: number, bodies: AdversarialBody[], timeoutMs = 60_000, runs = 3, goodEnoughMs = 5): Promise<StallRow[]> {
  const rows: StallRow[] = [];
  for (const b of bodies) {
    let status = 0;
    let responseMs = 0;
    const { stall, all } = await repeatableStallMs(async () => {
      const r = await rawRequest(port, `${b.method} ${b.path} HTTP/1.1`, { 'content-type': b.contentType }, b.body, timeoutMs);
      status = r.status;
      responseMs = r.ms;
    }, runs, goodEnoughMs);
    rows.push({ name: b.name, status, stallMs: stall, runs: all, responseMs });
  }
  return rows;
}
