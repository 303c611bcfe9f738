import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkOne, requestArb, startFuzzTarget } from './fuzz.js';

/** Fixed seed and a bounded budget here; bench/security/fuzz.ts runs the same property for longer. */
test('fuzzer: every endpoint and content type answers without a 5xx, always in the FW_ERR_ envelope, never hangs', async (t) => {
  const target = await startFuzzTarget();
  let sent = 0;
  const statuses = new Map<number, number>();
  try {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        sent++;
        const problem = await checkOne(target, r, 5000, statuses);
        assert.equal(problem, undefined, `${r.route.method} ${r.route.url} [${r.contentType}] auth=${r.auth} body=${JSON.stringify(r.body).slice(0, 300)}`);
      }),
      { seed: 20261207, numRuns: 1500 },
    );
    // The generators must reach past validation too, or the property proves little.
    assert.ok((statuses.get(200) ?? 0) > 50, `only ${statuses.get(200) ?? 0} successful requests`);
  } finally {
    t.diagnostic(`${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    await target.close();
  }
});
