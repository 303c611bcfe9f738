/**
 * The large kill -9 crash test (issue 10): `node dist/bench/registry-crash.js [--rounds 150] [--stores sqlite,postgres]
 * [--max-delay-ms 400 (sqlite) / 1200 (postgres)] [--seed 1]`. Per store, a registry writer process is SIGKILLed at a random moment each round
 * and the full consistency check (registry/consistency.ts, also `forewarn doctor`) runs after every kill. Prints
 * rounds, kills, inconsistencies and the final registry size; exits 1 on any inconsistency or writer failure.
 * PostgreSQL uses its own schema on 127.0.0.1:5432/test (dropped afterwards) and is skipped loudly if unreachable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresTestDatabase } from '../src/db/test-databases.js';
import { crashRounds, type CrashRoundsResult } from '../test/support/registry-crash.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '150' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    'max-delay-ms': { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const rounds = Number(values.rounds);
const maxDelayArg = values['max-delay-ms'] === undefined ? undefined : Number(values['max-delay-ms']);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);
if (maxDelayArg !== undefined && (!Number.isFinite(maxDelayArg) || maxDelayArg < 0)) throw new Error(`--max-delay-ms: expected a non-negative number, got ${values['max-delay-ms']}`);

let failed = false;
for (const kind of values.stores!.split(',').map((s) => s.trim())) {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--stores: unknown store ${JSON.stringify(kind)} (sqlite, postgres)`);
  let url: string | null = null;
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const pg = await postgresTestDatabase();
    if (pg.skip) {
      console.log(`postgres: SKIPPED (${pg.skip})`);
      continue;
    }
    const db = await pg.open();
    await db.store.close();
    url = db.url;
    cleanup = db.cleanup;
  }
  // Default kill window: PostgreSQL changes take ~10x longer here (round trips), so a wider window lands mid-write as often.
  const maxDelayMs = maxDelayArg ?? (kind === 'postgres' ? 1200 : 400);
  const dir = mkdtempSync(join(tmpdir(), `fw-crash-bench-${kind}-`));
  const t0 = Date.now();
  let r: CrashRoundsResult;
  try {
    writeFileSync(join(dir, 'forewarn.yaml'), `project:\n  name: crash-bench\n${url ? `store:\n  url: ${JSON.stringify(url)}\n` : ''}`);
    r = await crashRounds({
      project: dir, rounds, maxDelayMs, seed: Number(values.seed) + (kind === 'postgres' ? 1000 : 0),
      onRound: (round, rep) => { if (round % 25 === 0) console.log(`  ${kind} round ${round}/${rounds}: ${rep.ok ? 'consistent' : `${rep.problems.length} problems`}, ${rep.checked.versions} versions, ${rep.checked.auditEntries} audit entries`); },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
  const s = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(`${kind}: ${r.rounds} rounds, ${r.kills} kills, ${r.inconsistencies.length} inconsistencies, ${r.writerFailures.length} writer failures; final ${r.final!.models} models, ${r.final!.versions} versions, ${r.final!.aliases} aliases, ${r.final!.auditEntries} audit entries, ${r.final!.artifacts} artifacts, integrity check ${r.final!.integrityCheck}; ${s} s wall`);
  for (const i of r.inconsistencies) console.log(`  round ${i.round}: ${i.problems.join(' | ')}`);
  for (const f of r.writerFailures) console.log(`  ${f}`);
  if (r.inconsistencies.length || r.writerFailures.length) failed = true;
}
process.exitCode = failed ? 1 : 0;
