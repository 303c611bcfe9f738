import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTestDatabase } from '../../src/db/test-databases.js';
import { crashRounds } from '../support/registry-crash.js';

/**
 * Issue 10 crash test (small N; bench/registry-crash.ts runs the large one): a registry writer process is killed
 * with SIGKILL at a random moment, ROUNDS times per store, and after every kill the registry must pass the full
 * consistency check (registry/consistency.ts: integrity check, contiguous versions, artifacts hash-valid, state
 * explained by the audit log).
 */
const ROUNDS = Number(process.env.FOREWARN_CRASH_ROUNDS ?? 12);
const pgdb = await postgresTestDatabase();

async function crashTest(store: string | null, seed: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-crash-'));
  try {
    writeFileSync(join(dir, 'forewarn.yaml'), `project:\n  name: crash\n${store ? `store:\n  url: ${JSON.stringify(store)}\n` : ''}`);
    // PostgreSQL changes take ~10x longer here (round trips), so its kill window is wider to land mid-write as often.
    const r = await crashRounds({ project: dir, rounds: ROUNDS, seed, maxDelayMs: store ? 1200 : 400 });
    console.log(`crash test (${store ? 'postgres' : 'sqlite'}): ${r.rounds} rounds, ${r.kills} kills, ${r.inconsistencies.length} inconsistencies; final registry ${JSON.stringify(r.final)}`);
    assert.deepEqual(r.writerFailures, []);
    assert.deepEqual(r.inconsistencies, []);
    assert.equal(r.kills, ROUNDS);
    assert.ok(r.final!.versions > 0 && r.final!.auditEntries > r.final!.versions, 'the writers got real work done between kills');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('kill -9 during registry writes, then the consistency check', () => {
  it(`SQLite: ${ROUNDS} rounds, every kill leaves a consistent registry`, () => crashTest(null, 11));
  it(`PostgreSQL: ${ROUNDS} rounds, every kill leaves a consistent registry`, { skip: pgdb.skip }, async () => {
    const db = await pgdb.open();
    try {
      await crashTest(db.url, 12);
    } finally {
      await db.cleanup();
    }
  });
});
