import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fleetEvents } from '../../src/simulator/stream.js';
import { smallFleet, processorFor } from './stream-fixture.js';
import { MemoryAlertSink } from '../../src/streaming/alert-sink.js';
import { connectJetStream, ensureStream, publishToJetStream, type JetStreamHandle } from '../../src/streaming/nats/jetstream.js';
import { JetStreamSource } from '../../src/streaming/nats/jetstream-source.js';
import { partitionOf, workerPartitions } from '../../src/streaming/nats/partition.js';

const SERVERS = process.env.FOREWARN_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
let h: JetStreamHandle | undefined;
try {
  h = await connectJetStream(SERVERS);
} catch (e) {
  process.stderr.write(`\n!!! SKIPPING JetStream tests: ${(e as Error).message} !!!\n\n`);
}

test('partitions: deterministic, all machines covered once by any number of workers', () => {
  const machines = Array.from({ length: 1000 }, (_, i) => String(i + 1));
  const P = 8;
  assert.deepEqual(machines.map((m) => partitionOf(m, P)), machines.map((m) => partitionOf(m, P)));
  const counts = new Array(P).fill(0);
  for (const m of machines) counts[partitionOf(m, P)]++;
  assert.ok(Math.min(...counts) > 1000 / P / 2, `balanced enough: ${counts.join(',')}`);
  for (const W of [1, 2, 3, 8]) {
    const owned = Array.from({ length: W }, (_, w) => workerPartitions(w, W, P)).flat().sort((a, b) => a - b);
    assert.deepEqual(owned, [...Array(P).keys()]);
  }
});

test('JetStream scale-out: two workers on one fleet raise exactly the alert episodes of one worker', { skip: !h && 'no NATS JetStream' }, async (t) => {
  const f = await smallFleet();
  const run = randomBytes(4).toString('hex');
  const stream = `FWTEST_${run}`;
  const prefix = `fwtest.${run}`;
  const P = 4;
  t.after(async () => {
    await h!.jsm.streams.delete(stream).catch(() => undefined);
    await h!.close();
  });
  await ensureStream(h!, stream, prefix);
  const events = [...fleetEvents(f.fleet)];
  const n = await publishToJetStream(h!, events, { prefix, partitions: P });
  assert.equal(n, events.length);

  async function worker(w: number, W: number, durablePrefix: string): Promise<MemoryAlertSink> {
    const mine = new Set(workerPartitions(w, W, P));
    const expected = events.filter((e) => mine.has(partitionOf(String(e.machineID), P))).length;
    const sink = new MemoryAlertSink();
    const proc = await processorFor(f, { sinks: [sink] });
    const src = new JetStreamSource(h!, { stream, prefix, partitions: [...mine], durablePrefix });
    await src.start();
    let handled = 0;
    if (expected > 0) {
      for await (const m of src) {
        proc.handle(m);
        m.ack?.();
        if (++handled >= expected) break;
      }
    }
    await src.close();
    await proc.flush();
    assert.deepEqual(proc.stats.deadLetters, {});
    assert.equal(proc.stats.late, 0, 'partition order keeps each machine in time order');
    return sink;
  }

  const one = await worker(0, 1, `single-${run}`);
  const [a, b] = await Promise.all([worker(0, 2, `pair-${run}`), worker(1, 2, `pair-${run}`)]);
  const ids = (s: MemoryAlertSink) => s.episodes().map((e) => `${e.id} ${e.status} ${e.closedAt ?? '-'} ${e.closeReason ?? '-'}`);
  assert.ok(one.episodes().length >= 2, 'the fleet raises alerts');
  assert.ok(a.episodes().length > 0 && b.episodes().length > 0, 'both workers raise some');
  assert.deepEqual([...ids(a), ...ids(b)].sort(), ids(one).sort());
  // And no machine is scored by both workers.
  const ma = new Set(a.episodes().map((e) => e.machine));
  assert.ok(b.episodes().every((e) => !ma.has(e.machine)));
});
