import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProbes, formatProbeTable, runProbes } from './probes.js';
import { startProbeTarget } from './probe-target.js';

/** The probe matrix of issue #10 (bench/security/probes.ts prints the same table): no failure of any kind. */
test('probe matrix: every bad request gets a 4xx in the envelope, controls a 2xx; no 5xx, hang or bypass', async (t) => {
  const target = await startProbeTarget();
  try {
    const table = await runProbes(target.port, buildProbes(target.port, target.token));
    t.diagnostic(`\n${formatProbeTable(table)}`);
    assert.ok(table.total >= 800, `${table.total} probes`);
    assert.deepEqual(table.failures, []);
  } finally {
    await target.close();
  }
});
