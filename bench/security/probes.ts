/**
 * The probe table of issue #10: every probe of test/security/probes.ts against a `forewarn serve`-shaped service
 * (prediction preset + registry API over SQLite, token configured) over raw sockets; prints probes x outcomes
 * (2xx / 4xx / 5xx / hang / bypass / failed) and the failures.
 *   npx tsc -p tsconfig.json && node dist/bench/security/probes.js
 */
import { buildProbes, formatProbeTable, runProbes } from '../../test/security/probes.js';
import { startProbeTarget } from '../../test/security/probe-target.js';

const target = await startProbeTarget();
try {
  const table = await runProbes(target.port, buildProbes(target.port, target.token));
  console.log(formatProbeTable(table));
  console.log(table.failures.length ? `failures:\n${table.failures.join('\n')}` : 'failures: none');
  if (table.failures.length) process.exitCode = 1;
} finally {
  await target.close();
}
