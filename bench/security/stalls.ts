/**
 * Longest event-loop stall per adversarial body (test/security/adversarial.ts) at the default limits, on a service
 * in this process. Prints one line per body: status, stall (min over up to 3 runs, ms), per-run stalls, response ms.
 *   npx tsc -p tsconfig.json && node dist/bench/security/stalls.js [filter]
 */
import { adversarialBodies } from '../../test/security/adversarial.js';
import { startDefaultService, stallMatrix } from '../../test/security/stall-harness.js';

const filter = process.argv[2];
const svc = await startDefaultService();
try {
  const bodies = adversarialBodies().filter((b) => !filter || (filter.startsWith('!') ? !b.name.includes(filter.slice(1)) : b.name.includes(filter)));
  const rows = await stallMatrix(svc.port, bodies, 120_000);
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(w)}  ${String(r.status).padStart(4)}  stall ${r.stallMs.toFixed(1).padStart(8)} ms  runs [${r.runs.map((x) => x.toFixed(0)).join(', ')}]  response ${r.responseMs.toFixed(0)} ms`);
  const worst = rows.reduce((a, b) => (b.stallMs > a.stallMs ? b : a));
  console.log(`longest stall: ${worst.stallMs.toFixed(1)} ms (${worst.name}); ${rows.length} bodies`);
} finally {
  await svc.close();
}
