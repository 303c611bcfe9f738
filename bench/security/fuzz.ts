/**
 * The fuzzer of test/security/fuzz.test.ts with a longer budget and a random seed (printed, to replay a failure):
 *   npx tsc -p tsconfig.json && node dist/bench/security/fuzz.js [runs=20000] [seed]
 */
import fc from 'fast-check';
import { checkOne, requestArb, startFuzzTarget } from '../../test/security/fuzz.js';

const runs = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const target = await startFuzzTarget();
const statuses = new Map<number, number>();
let sent = 0;
const t0 = performance.now();
try {
  await fc.assert(
    fc.asyncProperty(requestArb, async (r) => {
      sent++;
      const problem = await checkOne(target, r, 5000, statuses);
      if (problem) throw new Error(`${problem}: ${r.route.method} ${r.route.url} [${r.contentType}] body=${JSON.stringify(r.body).slice(0, 300)}`);
    }),
    { seed, numRuns: runs },
  );
  console.log(`fuzz: ${sent} requests, seed ${seed}, 0 failures, ${((performance.now() - t0) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
} catch (e) {
  console.log(`fuzz: FAILED after ${sent} requests, seed ${seed}\n${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await target.close();
}
