import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentOwner, ownerGoneReason, processStartToken, type LivenessProbe, type RunLiveness } from './run-owner.js';
import { sqliteTestDatabase } from '../db/test-databases.js';
import { SqlTrackingStore, ABANDONED_TAG } from './sql-tracking-store.js';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const probe = (live: Record<number, string | null>): LivenessProbe => ({ host: 'here', processStart: (pid) => (pid in live ? live[pid] : undefined) });
const run = (o: Partial<RunLiveness>): RunLiveness => ({ ownerHost: 'here', ownerPid: 42, ownerStart: 'boot:100', heartbeatAt: iso(T0), startTime: iso(T0), ...o });
const opts = (p: LivenessProbe, now = T0) => ({ staleAfterMs: 600_000, now, probe: p });

test('same host: the PID decides — gone, reused by another process, or alive however late its heartbeat', () => {
  assert.match(ownerGoneReason(run({}), opts(probe({})))!, /pid 42 on here\) is gone/);
  assert.match(ownerGoneReason(run({}), opts(probe({ 42: 'boot:999' })))!, /the pid now belongs to another process/);
  assert.equal(ownerGoneReason(run({}), opts(probe({ 42: 'boot:100' }), T0 + 3_600_000)), null, 'alive, heartbeat an hour late: still the owner');
  assert.equal(ownerGoneReason(run({}), opts(probe({ 42: null }))), null, 'alive, start time unknown on this platform');
});

test('another host, or a run from before owners were recorded: a stale heartbeat decides', () => {
  const other = run({ ownerHost: 'there' });
  assert.equal(ownerGoneReason(other, opts(probe({}), T0 + 599_000)), null);
  assert.match(ownerGoneReason(other, opts(probe({}), T0 + 601_000))!, /pid 42 on there, another host\) has not reported for 601 s/);
  const legacy = run({ ownerHost: null, ownerPid: null, ownerStart: null, heartbeatAt: null });
  assert.equal(ownerGoneReason(legacy, opts(probe({}), T0 + 1000)), null);
  assert.match(ownerGoneReason(legacy, opts(probe({}), T0 + 700_000))!, /older forewarn\) has not reported .*heartbeat never/);
});

test('the real probe: this process is alive with a stable start token; a reaped PID is gone', () => {
  const me = currentOwner();
  assert.equal(me.pid, process.pid);
  assert.equal(processStartToken(process.pid), me.start);
  if (process.platform === 'linux') assert.match(me.start!, /^[0-9a-f-]+:\d+$/);
  assert.equal(processStartToken(2 ** 22 + 12345), undefined); // above Linux's pid_max
});

test('the store: a run of a dead owner is FAILED on read, tagged with the reason; the live one and ended ones are untouched', async () => {
  const db = await sqliteTestDatabase().open();
  try {
    const owner = new SqlTrackingStore(db.store, false, { heartbeatMs: 20 });
    const a = await owner.startRun({ experimentName: 'e', codeVersion: null });
    const b = await owner.startRun({ experimentName: 'e', codeVersion: null });
    await owner.endRun(b.id, 'FINISHED');
    await new Promise((r) => setTimeout(r, 80));
    assert.ok((await owner.getRun(a.id)).heartbeatAt! > a.heartbeatAt!, 'the owner heartbeats');
    await owner.close(); // stops the heartbeat; the run stays RUNNING in the database

    // Seen from the same host where the owner's PID is dead:
    const reader = new SqlTrackingStore(db.store, false, { probe: { host: a.owner!.host, processStart: () => undefined } });
    const got = await reader.getRun(a.id);
    assert.equal(got.status, 'FAILED');
    assert.match(got.tags[ABANDONED_TAG]!, new RegExp(`pid ${process.pid} on .* is gone`));
    assert.equal(got.endTime, got.heartbeatAt, 'ended at its last sign of life');
    assert.equal((await reader.getRun(b.id)).status, 'FINISHED');
    assert.deepEqual(await reader.reconcileAbandonedRuns(), [], 'nothing left to settle');
    await assert.rejects(owner.endRun(a.id, 'FINISHED'), /already ended with status FAILED/);

    // Alive according to the probe: untouched however many readers look.
    const c = await owner.startRun({ experimentName: 'e', codeVersion: null });
    await owner.close();
    const alive = new SqlTrackingStore(db.store, false, { probe: { host: c.owner!.host, processStart: () => c.owner!.start } });
    assert.equal((await alive.searchRuns()).find((r) => r.id === c.id)!.status, 'RUNNING');
  } finally {
    await db.cleanup();
  }
});
