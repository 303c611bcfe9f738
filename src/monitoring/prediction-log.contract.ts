import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PredictionLog, PredictionRecord } from './prediction-log.js';

export function record(i: number, extra: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    time: new Date(Date.UTC(2015, 9, 1) + i * 60_000).toISOString(),
    requestId: `req-${i}`,
    model: 'pump',
    version: '1',
    inputs: { volt: 170 + i, model: 'model3', missing: null },
    probabilities: { none: 0.9, comp1: 0.1 },
    label: 'none',
    decision: { alert: i % 2 === 0, label: i % 2 === 0 ? 'comp1' : 'none' },
    score: 0.1,
    latencyMs: 0.25,
    replica: 'host:1',
    entity: String(i % 7),
    eventTime: new Date(Date.UTC(2015, 9, 1) + i * 3_600_000).toISOString(),
    ...extra,
  };
}

/** Batch `b` of a replica in the concurrency case (the other process builds the same). */
export function replicaBatch(replica: string, b: number): PredictionRecord[] {
  return Array.from({ length: 50 }, (_, i) => record(b * 50 + i, { model: 'multi', replica, requestId: `${replica}-${b}-${i}` }));
}

async function all(log: PredictionLog, q: Parameters<PredictionLog['read']>[0], page?: number): Promise<PredictionRecord[]> {
  const out: PredictionRecord[] = [];
  for await (const b of log.read(q, page)) out.push(...b);
  return out;
}

/**
 * What every PredictionLog must do, run per backend. `appendFromOtherProcess` starts another process (another
 * server replica in production) that appends 10 batches × 50 rows of model "multi" while this one does the same.
 */
export function predictionLogContract(label: string, skip: string | false, open: () => Promise<{ log: PredictionLog; appendFromOtherProcess: (replica: string) => Promise<void>; cleanup: () => Promise<void> }>): void {
  describe(`PredictionLog contract: ${label}`, { skip }, () => {
    let log: PredictionLog;
    let appendFromOtherProcess: (replica: string) => Promise<void>;
    let cleanup: () => Promise<void>;
    before(async () => ({ log, appendFromOtherProcess, cleanup } = await open()));
    after(async () => cleanup?.());

    it('round-trips every field and reads by model, version and half-open time range in time order', async () => {
      await log.append([record(2), record(0), record(1, { version: '2', decision: undefined, score: undefined })]);
      await log.append([record(3, { model: 'fan' })]);
      const pump = await all(log, { model: 'pump' });
      assert.deepEqual(pump.map((r) => r.requestId), ['req-0', 'req-1', 'req-2']);
      assert.deepEqual(pump[0], record(0));
      assert.equal(pump[1]!.decision, undefined);
      assert.equal(pump[1]!.score, undefined);
      assert.deepEqual((await all(log, { model: 'pump', version: '1' })).map((r) => r.requestId), ['req-0', 'req-2']);
      const from = record(1).time, to = record(2).time;
      assert.deepEqual((await all(log, { model: 'pump', from, to })).map((r) => r.requestId), ['req-1']);
      assert.equal(await log.count({ model: 'pump' }), 3);
      assert.equal(await log.count({ model: 'nope' }), 0);
      const versions = await log.versions('pump');
      assert.deepEqual(versions.map((v) => [v.version, v.rows]), [['1', 2], ['2', 1]]);
    });

    it('pages through many rows with equal timestamps without losing or repeating one', async () => {
      const t = '2016-01-01T00:00:00.000Z';
      await log.append(Array.from({ length: 1234 }, (_, i) => record(10_000 + i, { model: 'paged', time: t })));
      const rows = await all(log, { model: 'paged' }, 100);
      assert.equal(rows.length, 1234);
      assert.equal(new Set(rows.map((r) => r.requestId)).size, 1234);
    });

    it('replicas appending at once never overwrite each other', async () => {
      const mine = (async () => {
        for (let b = 0; b < 10; b++) await log.append(replicaBatch('a', b));
      })();
      await Promise.all([mine, appendFromOtherProcess('b')]);
      const rows = await all(log, { model: 'multi' });
      assert.equal(rows.length, 1000);
      assert.equal(new Set(rows.map((r) => r.requestId)).size, 1000);
      assert.equal(rows.filter((r) => r.replica === 'b').length, 500);
    });

    it('a batch is atomic: one bad row stores nothing of its batch', async () => {
      const bad = record(1, { model: 'atomic', requestId: null as unknown as string });
      await assert.rejects(log.append([record(0, { model: 'atomic' }), bad]));
      assert.equal(await log.count({ model: 'atomic' }), 0);
    });

    it('prune deletes only rows before the cutoff', async () => {
      await log.append([record(0, { model: 'old' }), record(100, { model: 'old' })]);
      const n = await log.prune(record(50).time);
      assert.ok(n >= 1);
      assert.deepEqual((await all(log, { model: 'old' })).map((r) => r.requestId), ['req-100']);
    });
  });
}
