import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/core/logger.js';
import { eventJson, fleetEvents } from '../../src/simulator/stream.js';
import { smallFleet, processorFor } from './stream-fixture.js';
import { streamSection } from '../../src/streaming/config.js';
import { runStream } from '../../src/streaming/run-stream.js';
import { MemoryAlertSink } from '../../src/streaming/alert-sink.js';
import { connectMqtt, mqttReachable } from '../../src/streaming/mqtt/mqtt-client.js';
import { publishEvents } from '../../src/streaming/mqtt/publish-events.js';
import { SqlAlertStore } from '../../src/streaming/alert-store.js';
import { openStores } from '../../src/stores/open-stores.js';

const URL = process.env.FOREWARN_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const up = await mqttReachable(URL);
if (!up) process.stderr.write(`\n!!! SKIPPING MQTT stream tests: no broker at ${URL} (start mosquitto) !!!\n\n`);

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

test('forewarn stream over Mosquitto: the same alert episodes as the in-process replay; retained state per machine; bad messages dead-lettered with reasons; /metrics and /health', { skip: !up && 'no MQTT broker' }, async () => {
  const f = await smallFleet();
  const prefix = `fwtest-${randomBytes(4).toString('hex')}`;
  const stream = streamSection.parse({
    model: f.result.modelName,
    alias: 'latest',
    pollSeconds: 0,
    mqtt: { url: URL, qos: 1, clientId: `${prefix}-stream` },
    tables: {
      telemetry: { topic: `${prefix}/pdm/+/telemetry` },
      errors: { topic: `${prefix}/pdm/+/errors`, dedupBy: ['errorID'] },
      maint: { topic: `${prefix}/pdm/+/maint`, dedupBy: ['comp'] },
      failures: { topic: `${prefix}/pdm/+/failures`, dedupBy: ['failure'] },
      machines: { topic: `${prefix}/pdm/+/machine` },
    },
    deadLetterTopic: `${prefix}/dead`,
    alerts: { topic: `${prefix}/alerts` },
  });
  const project = { ...f.project, config: { ...f.project.config, stream } };

  // Reference: the same events through the processor in-process (no broker), same instants released.
  const mem = new MemoryAlertSink();
  const ref = await processorFor(f, { sinks: [mem] }, stream);
  let i = 0;
  for (const e of fleetEvents(f.fleet)) ref.handle({ origin: `sim:${++i}`, payload: eventJson(e) });
  await ref.idle();
  assert.ok(mem.changes.length > 0, 'the test fleet raises alerts');

  const watcher = await connectMqtt(URL, { clientId: `${prefix}-watch` });
  const retained = new Map<string, { open: { id: string }[] }>();
  const dead: { code: string; reason: string }[] = [];
  watcher.on('message', (topic, payload) => {
    if (topic === `${prefix}/dead`) dead.push(JSON.parse(payload.toString()));
    else retained.set(topic.slice(`${prefix}/alerts/`.length), JSON.parse(payload.toString()));
  });
  await watcher.subscribeAsync({ [`${prefix}/alerts/+`]: { qos: 1 }, [`${prefix}/dead`]: { qos: 1 } });

  const ac = new AbortController();
  let port = 0;
  const listening = new Promise<void>((r) => (port === 0 ? setTimeout(r, 0) : r()));
  const run = runStream({ project, from: { kind: 'mqtt' }, checkpoint: false, http: { host: '127.0.0.1', port: 0 }, log: createLogger('stream-test', 'warn'), onListening: (p) => (port = p), signal: ac.signal });
  await listening;
  for (let w = 0; port === 0 && w < 200; w++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(port > 0, 'the stream process listens');

  const pub = await connectMqtt(URL, { clientId: `${prefix}-pub` });
  const events = [...fleetEvents(f.fleet)];
  const n = await publishEvents(pub, events, { tables: stream.tables, qos: 1 });
  const bad: [string, string][] = [
    [`${prefix}/pdm/1/telemetry`, '{"datetime": "2015-03-01 06:00:00", "machineID": 1, "volt": '],
    [`${prefix}/pdm/999/telemetry`, JSON.stringify({ datetime: '2015-03-01 06:00:00', machineID: 999, volt: 170, rotate: 450, pressure: 100, vibration: 40 })],
    [`${prefix}/pdm/2/telemetry`, JSON.stringify({ datetime: '2015-03-01 06:00:00', machineID: 2, rotate: 450, pressure: 100, vibration: 40 })],
    [`${prefix}/pdm/3/telemetry`, JSON.stringify({ datetime: '2015-03-01 06:00:00', machineID: 3, volt: 'abc', rotate: 450, pressure: 100, vibration: 40 })],
    [`${prefix}/pdm/4/telemetry`, JSON.stringify({ datetime: '2015-03-01 06:00:00', machineID: 4, volt: 170, rotate: -5, pressure: 100, vibration: 40 })],
  ];
  for (const [t, p] of bad) await pub.publishAsync(t, p, { qos: 1 });
  await pub.endAsync();

  const want = events.filter((e) => e.table !== 'machines').length;
  for (let w = 0; w < 600; w++) {
    const got = (await metric(port, 'forewarn_stream_events_total')) - f.fleet.machines;
    const dl = await metric(port, 'forewarn_stream_dead_letters_total');
    if (got >= want && dl >= bad.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json() as { ok: boolean; version: string };
  assert.equal(health.ok, true);
  assert.equal(await metric(port, 'forewarn_stream_scored_machines'), f.fleet.machines);
  assert.equal(await metric(port, 'forewarn_stream_dead_letters_total'), bad.length);
  ac.abort();
  const summary = await run;
  assert.equal(n, events.length);
  assert.equal(summary.stats.scoredPoints, ref.stats.scoredPoints, 'every scoring point of the replay was scored from MQTT');

  // Same episodes (ids are machine:component:time) with the same outcome.
  const stores = await openStores({ project: f.project });
  try {
    const stored = await new SqlAlertStore(stores.sql).list({ limit: 100_000 });
    const mine = stored.filter((a) => mem.episodes().some((e) => e.id === a.id));
    const expect = mem.episodes().map((e) => `${e.id} ${e.status} ${e.closedAt ?? ''}`).sort();
    assert.deepEqual(mine.map((a) => `${a.id} ${a.status} ${a.closedAt ? Date.parse(a.closedAt) : ''}`).sort(), expect);
    assert.ok(mine.every((a) => a.topFeatures.length === 3), 'each episode names its top contributing features');
  } finally {
    await stores.close();
  }
  for (let w = 0; w < 50 && dead.length < bad.length; w++) await new Promise((r) => setTimeout(r, 50));
  await watcher.endAsync();
  assert.equal(dead.length, bad.length, 'every bad message reached the dead-letter topic');
  const reasons = dead.map((d) => `${d.code} ${d.reason}`).join('\n');
  assert.match(reasons, /FW_ERR_STREAM_BAD_MESSAGE not valid JSON/);
  assert.match(reasons, /FW_ERR_STREAM_UNKNOWN_MACHINE .*machine 999/);
  assert.match(reasons, /telemetry\.volt: missing/);
  assert.match(reasons, /telemetry\.volt: expected a finite number, got "abc"/);
  assert.match(reasons, /telemetry\.rotate: -5 is below the contract minimum 0/);
  // Retained current state: every machine that had an episode has a retained message; its open list matches.
  const machines = new Set(mem.episodes().map((e) => e.machine));
  for (const m of machines) assert.ok(retained.has(m), `retained alert state for machine ${m}`);
});
