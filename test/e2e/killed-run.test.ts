import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresTestDatabase } from '../../src/db/test-databases.js';
import { runCliProcess } from './cli-process.js';

const HOLD = fileURLToPath(new URL('./fixtures/hold-run.js', import.meta.url));
const pgdb = await postgresTestDatabase();

/** Start a run in a real child process and resolve with the child and the run id it printed. */
async function holdRun(project: string, name: string): Promise<{ child: ChildProcess; runId: string }> {
  const child = spawn(process.execPath, [HOLD, project, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const runId = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code, signal) => reject(new Error(`hold-run exited (${code ?? signal}) before starting a run: ${out}`)));
  });
  return { child, runId };
}

async function listRuns(project: string): Promise<{ runs: { id: string; status: string; tags: Record<string, string>; endTime: string | null }[]; stderr: string }> {
  const r = await runCliProcess(['runs', 'list', '--project', project, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return { runs: JSON.parse(r.stdout), stderr: r.stderr };
}

/**
 * Issue 10: a run whose process is killed (kill -9) stayed RUNNING for ever. Two real child processes start runs;
 * one is SIGKILLed. `forewarn runs list` (another real process) shows the killed one FAILED, says so on stderr and
 * tags why, while the live one stays RUNNING; killed in turn, it is FAILED too and `runs show` names its owner.
 */
async function killedRunIsFailed(project: string): Promise<void> {
  const alive = await holdRun(project, 'alive');
  const doomed = await holdRun(project, 'doomed');
  try {
    doomed.child.kill('SIGKILL');
    await once(doomed.child, 'exit');
    const { runs, stderr } = await listRuns(project);
    const byId = new Map(runs.map((r) => [r.id, r]));
    assert.equal(byId.get(doomed.runId)?.status, 'FAILED', 'the killed run is FAILED');
    assert.match(byId.get(doomed.runId)!.tags['forewarn.abandoned']!, new RegExp(`pid ${doomed.child.pid} on .* is gone`));
    assert.ok(byId.get(doomed.runId)!.endTime, 'an end time (its last heartbeat)');
    assert.match(stderr, new RegExp(`note: run ${doomed.runId.slice(0, 12)} marked FAILED: its process \\(pid ${doomed.child.pid} `));
    assert.equal(byId.get(alive.runId)?.status, 'RUNNING', 'the live run stays RUNNING');
    // Listing again changes nothing and says nothing.
    const again = await listRuns(project);
    assert.equal(again.stderr, '');
    assert.deepEqual(again.runs.map((r) => [r.id, r.status]).sort(), runs.map((r) => [r.id, r.status]).sort());
  } finally {
    alive.child.kill('SIGKILL');
    doomed.child.kill('SIGKILL');
  }
  await once(alive.child, 'exit').catch(() => {});
  const show = await runCliProcess(['runs', 'show', alive.runId, '--project', project]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /status\s+FAILED/);
  assert.match(show.stdout, new RegExp(`owner\\s+pid ${alive.child.pid} on `));
}

test('a run whose process was killed with SIGKILL is shown and recorded FAILED by `runs list` (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-killed-'));
  try {
    writeFileSync(join(dir, 'forewarn.yaml'), 'project:\n  name: killed\n');
    await killedRunIsFailed(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run whose process was killed with SIGKILL is shown and recorded FAILED by `runs list` (PostgreSQL)', { skip: pgdb.skip }, async () => {
  const db = await pgdb.open();
  const dir = mkdtempSync(join(tmpdir(), 'fw-killed-pg-'));
  try {
    writeFileSync(join(dir, 'forewarn.yaml'), `project:\n  name: killed\nstore:\n  url: ${JSON.stringify(db.url)}\n`);
    await killedRunIsFailed(dir);
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
