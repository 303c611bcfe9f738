import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../db/open-store.js';
import { SqlPredictionLog } from './sql-prediction-log.js';
import type { PredictionRecord } from './prediction-log.js';

const mod = (p: string) => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));
const INTERVAL = 200;

/** A real child process logging one prediction every 2 ms through the buffer; it prints "<seq> <epoch ms>" lines. */
function child(url: string, worker = false) {
  const code = `
    import { openStore } from ${mod('../db/open-store.js')};
    import { SqlPredictionLog } from ${mod('./sql-prediction-log.js')};
    import { PredictionBuffer } from ${mod('./prediction-buffer.js')};
    import { record } from ${mod('./prediction-log.contract.js')};
    import { WorkerPredictionLog } from ${mod('./worker-prediction-log.js')};
    const direct = new SqlPredictionLog(await openStore(${JSON.stringify(url)}), true);
    const log = ${worker} ? new WorkerPredictionLog(direct, ${JSON.stringify(url)}) : direct;
    const buf = new PredictionBuffer(log, () => 1, (es) => es.map(([i, t]) => record(i, { requestId: String(i), time: new Date(t).toISOString() })), { flushIntervalMs: ${INTERVAL} });
    let seq = 0;
    const tick = setInterval(() => {
      const now = Date.now();
      buf.offer([seq, now]);
      if (seq % 10 === 0) process.stdout.write(seq + ' ' + now + '\\n');
      seq++;
    }, 2);
    process.once('SIGTERM', async () => {
      clearInterval(tick);
      await buf.close();
      await log.close();
      if (log !== direct) await direct.close();
      process.stdout.write('closed ' + seq + '\\n');
      process.exit(0);
    });`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = { seq: -1, at: 0 };
  let closed = -1;
  p.stdout.setEncoding('utf8').on('data', (s: string) => {
    for (const line of s.split('\n')) {
      const m = /^(\d+) (\d+)$/.exec(line);
      if (m) last = { seq: Number(m[1]), at: Number(m[2]) };
      const c = /^closed (\d+)$/.exec(line);
      if (c) closed = Number(c[1]);
    }
  });
  const exited = new Promise<number | null>((res) => p.on('exit', (code) => res(code)));
  return { p, last: () => last, closed: () => closed, exited };
}

async function logged(url: string): Promise<PredictionRecord[]> {
  const log = new SqlPredictionLog(await openStore(url), true);
  const out: PredictionRecord[] = [];
  for await (const b of log.read({ model: 'pump' })) out.push(...b);
  await log.close();
  return out;
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting for the child');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const worker of [false, true]) test(`SIGTERM flushes every record; kill -9 loses at most the last flush interval (${worker ? 'worker-thread writer' : 'direct writer'})`, { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-durable-'));
  try {
    // SIGTERM: the count the child reports after closing is exactly what is in the log.
    const termUrl = `sqlite:${join(dir, 'term.db')}`;
    const a = child(termUrl, worker);
    await waitFor(() => a.last().seq >= 300, 20_000);
    a.p.kill('SIGTERM');
    assert.equal(await a.exited, 0);
    const termRows = await logged(termUrl);
    assert.ok(a.closed() > 300);
    assert.equal(termRows.length, a.closed(), 'every offered record was flushed on SIGTERM');

    // kill -9: every record offered more than one interval (+ one write) before the last line we saw is there.
    const killUrl = `sqlite:${join(dir, 'kill.db')}`;
    const b = child(killUrl, worker);
    await waitFor(() => b.last().seq >= 600, 20_000);
    const seen = b.last();
    b.p.kill('SIGKILL');
    await b.exited;
    const rows = await logged(killUrl);
    assert.ok(rows.length > 0, 'flushed rows survived the kill');
    // What survived is a prefix 0..k with no gap, and record k was offered within one interval (+ one write) of the
    // last line we saw before the kill: the loss is bounded by the flush interval.
    const seqs = rows.map((r) => Number(r.requestId)).sort((x, y) => x - y);
    assert.deepEqual(seqs, [...seqs.keys()], 'no gaps in what was kept');
    const newest = Math.max(...rows.map((r) => Date.parse(r.time)));
    assert.ok(seen.at - newest <= INTERVAL + 150, `the newest logged record is ${seen.at - newest} ms older than the kill (interval ${INTERVAL} ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
