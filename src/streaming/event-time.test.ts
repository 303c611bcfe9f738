import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventTimeBuffer } from './event-time.js';
import type { TelemetryEvent } from './telemetry-event.js';

const H = 3_600_000;
const ev = (entity: string, h: number, table = 'telemetry'): TelemetryEvent => ({ table, entity, t: h * H, row: { machineID: entity, h } });
const key = (e: TelemetryEvent) => `${e.table}\0${e.entity}\0${e.t}`;

test('out-of-order events within the lateness are released in event-time order, per machine', () => {
  const b = new EventTimeBuffer(2 * H);
  const order = [ev('1', 0), ev('1', 2), ev('2', 1), ev('1', 1), ev('2', 0), ev('1', 3), ev('1', 5), ev('2', 4)];
  const released: string[] = [];
  for (const e of order) {
    assert.equal(b.offer(e, key(e)), 'accepted');
    for (const i of b.drain(e.entity)) released.push(`${i.entity}@${i.t / H}`);
  }
  assert.deepEqual(released, ['1@0', '1@1', '1@2', '2@0', '2@1'], 'hours < the machine\'s newest − 2 h are complete');
  assert.equal(b.pendingEvents, 3);
  assert.deepEqual(b.drainAll().map((i) => `${i.entity}@${i.t / H}`), ['1@3', '1@5', '2@4']);
  assert.equal(b.pendingEvents, 0);
});

test('an event behind its machine\'s released instant is late; the same key twice is a duplicate, also after release', () => {
  const b = new EventTimeBuffer(0);
  const a = ev('1', 0);
  assert.equal(b.offer(a, key(a)), 'accepted');
  assert.equal(b.offer(ev('1', 0), key(a)), 'duplicate');
  const c = ev('1', 1);
  b.offer(c, key(c));
  assert.deepEqual(b.drain('1').map((i) => i.t), [0]);
  assert.equal(b.offer(ev('1', 0), key(a)), 'duplicate', 'a repeat of a released event is still recognised');
  const err = ev('1', 0, 'errors');
  assert.equal(b.offer(err, key(err)), 'late');
  const other = ev('2', 0);
  assert.equal(b.offer(other, key(other)), 'accepted', 'another machine has its own watermark');
});

test('snapshot/restore keeps pending events and duplicate memory', () => {
  const b = new EventTimeBuffer(H);
  for (const e of [ev('1', 0), ev('1', 1), ev('1', 3)]) b.offer(e, key(e));
  b.drain('1');
  const s = JSON.parse(JSON.stringify(b.snapshot()));
  const r = new EventTimeBuffer(H);
  r.restore(s);
  assert.equal(r.offer(ev('1', 1), key(ev('1', 1))), 'duplicate');
  assert.equal(r.offer(ev('1', 0), key(ev('1', 0))), 'duplicate');
  assert.deepEqual(r.drainAll().map((i) => i.t / H), [3], 'hours 0 and 1 were released before the snapshot');
});
