import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PredictionBuffer } from './prediction-buffer.js';
import type { PredictionLog, PredictionRecord } from './prediction-log.js';
import { record } from './prediction-log.contract.js';

/** A log that keeps batches in memory and can be told to fail. */
function memoryLog(): PredictionLog & { batches: PredictionRecord[][]; failNext: number } {
  const self = {
    batches: [] as PredictionRecord[][],
    failNext: 0,
    async append(b: readonly PredictionRecord[]) {
      if (self.failNext > 0) {
        self.failNext--;
        throw new Error('store down');
      }
      self.batches.push([...b]);
    },
    async *read() {},
    async count() { return 0; },
    async versions() { return []; },
    async prune() { return 0; },
    async close() {},
  };
  return self;
}

/** Entries are arrays of request indices; each becomes one record. */
const make = (log: PredictionLog, o: ConstructorParameters<typeof PredictionBuffer<number[]>>[3] = {}) =>
  new PredictionBuffer<number[]>(log, (e) => e.length, (es) => es.flat().map((i) => record(i)), { flushIntervalMs: 50, ...o });

test('records reach the log in batches off the caller, on the timer and early at batchSize', async () => {
  const log = memoryLog();
  const b = make(log, { batchSize: 3, flushIntervalMs: 5000 });
  assert.equal(b.offer([1]), true);
  assert.equal(b.offer([2]), true);
  assert.equal(log.batches.length, 0, 'nothing is written synchronously');
  b.offer([3, 4]);
  await sleep(20);
  assert.deepEqual(log.batches.map((x) => x.map((r) => r.requestId)), [['req-1', 'req-2', 'req-3', 'req-4']]);
  const t = make(log, { flushIntervalMs: 30 });
  t.offer([5]);
  await sleep(120);
  assert.equal(log.batches.length, 2);
  assert.equal(t.stats.written, 1);
  await b.close();
  await t.close();
});

test('a full buffer drops and counts; predictions never wait', async () => {
  const log = memoryLog();
  const b = make(log, { capacity: 3, flushIntervalMs: 5000, batchSize: 100 });
  assert.equal(b.offer([1, 2]), true);
  assert.equal(b.offer([3, 4]), false);
  assert.equal(b.offer([5]), true);
  assert.equal(b.offer([6]), false);
  assert.deepEqual({ dropped: b.stats.dropped, pending: b.stats.pending }, { dropped: 3, pending: 3 });
  await b.close();
  assert.deepEqual(log.batches.flat().map((r) => r.requestId), ['req-1', 'req-2', 'req-5']);
  assert.equal(b.offer([7]), false, 'closed');
});

test('a failed flush re-queues and the next one writes; close flushes what is pending', async () => {
  const log = memoryLog();
  const errors: unknown[] = [];
  const b = make(log, { flushIntervalMs: 5000, onError: (e) => errors.push(e) });
  b.offer([1]);
  log.failNext = 1;
  await b.flush();
  assert.equal(b.stats.flushFailures, 1);
  assert.equal(b.stats.pending, 1);
  b.offer([2]);
  await b.close();
  assert.deepEqual(log.batches.flat().map((r) => r.requestId), ['req-1', 'req-2']);
  assert.equal(errors.length, 1);
  assert.equal(b.stats.written, 2);
});

test('sampling keeps about the configured share of requests and counts the rest', async () => {
  let x = 0;
  const b = make(memoryLog(), { sampleRate: 0.25, random: () => ((x = (x * 9301 + 49297) % 233280) / 233280) });
  let kept = 0;
  for (let i = 0; i < 4000; i++) if (b.sampled()) kept++;
  assert.ok(kept > 850 && kept < 1150, `kept ${kept} of 4000 at 25 %`);
  assert.equal(b.stats.sampledOut, 4000 - kept);
  const none = make(memoryLog(), { sampleRate: 0 });
  assert.equal(none.sampled(), false);
  await b.close();
  await none.close();
});

test('bad options are refused with the setting named', () => {
  const log = memoryLog();
  assert.throws(() => make(log, { sampleRate: 1.5 }), /monitoring\.sampleRate/);
  assert.throws(() => make(log, { flushIntervalMs: 60_000 }), /monitoring\.flushIntervalMs.*5000/);
  assert.throws(() => make(log, { capacity: 0 }), /monitoring\.bufferCapacity/);
  assert.throws(() => make(log, { batchSize: NaN }), /monitoring\.batchSize/);
});
