/**
 * bench: telemetry messages/s through Mosquitto into scored features, next to a bare MQTT subscriber's ceiling in
 * the same run (alternating rounds, so load from other processes hits both), p99 from the message that completes a
 * window to its alert published on MQTT, and memory per machine state.
 *
 *   node --expose-gc dist/bench/streaming/throughput.js [--machines 1000] [--days 10] [--rounds 2] [--mqtt url]
 *
 * Mosquitto drops QoS 0 messages for a subscriber more than max_queued_messages (default 1000) behind, so a
 * saturated subscriber loses messages: the rate is what the subscriber drained, (messages handled) / (last − first
 * arrival), and the losses are printed beside it. A round ends 1.5 s after the last message once the publisher is done.
 * A child process publishes the pre-built fleet at QoS 0 as fast as it can; the subscriber (this process) counts
 * messages (bare) or runs them through MqttSource → StreamProcessor (decode, contract checks, event time, online
 * features, model, decide(), alert book) → retained alert publish (QoS 1). Rate = messages handled / (last − first
 * arrival). The model is the small test fleet's (its spec is the quickstart's Azure feature set).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { smallFleet } from '../../test/e2e/stream-fixture.js';
import { streamSection } from '../../src/streaming/config.js';
import { createProcessor } from '../../src/streaming/run-stream.js';
import { connectMqtt } from '../../src/streaming/mqtt/mqtt-client.js';
import { MqttSource } from '../../src/streaming/mqtt/mqtt-source.js';
import { MqttAlertSink } from '../../src/streaming/mqtt/mqtt-alert-sink.js';
import type { AlertSink } from '../../src/streaming/alert-sink.js';
import { quantile } from '../../src/evaluation/lead-time.js';
import { encodeState } from '../../src/streaming/checkpoint.js';

const arg = (n: string, d: string) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1]! : d; };
const machines = Number(arg('--machines', '1000'));
const days = Number(arg('--days', '10'));
const rounds = Number(arg('--rounds', '2'));
const url = arg('--mqtt', 'mqtt://127.0.0.1:1883');
const gc = (globalThis as { gc?: () => void }).gc;
/** --alerts-client separate: alerts go out on their own MQTT connection (not behind the flooded subscriber socket). */
const separateAlertClient = process.argv.includes('--separate-alert-client');

const f = await smallFleet();
const prefix = `fwbench-${randomBytes(3).toString('hex')}`;
const cfg = streamSection.parse({
  mqtt: { url, qos: 0 },
  tables: {
    telemetry: { topic: `${prefix}/pdm/+/telemetry` }, errors: { topic: `${prefix}/pdm/+/errors`, dedupBy: ['errorID'] }, maint: { topic: `${prefix}/pdm/+/maint`, dedupBy: ['comp'] },
    failures: { topic: `${prefix}/pdm/+/failures`, dedupBy: ['failure'] }, machines: { topic: `${prefix}/pdm/+/machine` },
  },
});
const project = { ...f.project, config: { ...f.project.config, stream: cfg } };

const child = spawn(process.execPath, [fileURLToPath(new URL('./publisher-child.js', import.meta.url)), url, prefix, String(machines), String(days)], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const next = async () => (await lines.next()).value as string;
const total = Number((await next()).split(' ')[1]);
process.stderr.write(`publisher ready: ${total} messages (${machines} machines × ${days} days)\n`);

interface Round { kind: 'bare' | 'stream'; received: number; seconds: number; pubSeconds: number; p99?: number; p50?: number; alerts?: number; points?: number }
const results: Round[] = [];
let memPerMachine = NaN;
let ckBytesPerMachine = NaN;

for (let r = 0; r < rounds; r++) {
  for (const kind of ['bare', 'stream'] as const) {
    const client = await connectMqtt(url, { clientId: `${prefix}-sub-${kind}-${r}` });
    let first = 0;
    let last = 0;
    let received = 0;
    let done!: () => void;
    const finished = new Promise<void>((res) => (done = res));
    let pubDone = false;
    const idleWatch = setInterval(() => {
      if (pubDone && performance.now() - last > 1500) done();
    }, 250);
    const out: Round = { kind, received: 0, seconds: 0, pubSeconds: 0 };
    if (kind === 'bare') {
      client.on('message', (topic) => {
        if (topic === `${prefix}/end`) return done();
        if (received++ === 0) first = performance.now();
        last = performance.now();
      });
      await client.subscribeAsync({ [`${prefix}/pdm/#`]: { qos: 0 }, [`${prefix}/end`]: { qos: 0 } });
    } else {
      gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const lat: number[] = [];
      const alertClient = separateAlertClient ? await connectMqtt(url, { clientId: `${prefix}-alerts-${r}` }) : client;
      const alertSink = new MqttAlertSink(alertClient, `${prefix}/alerts`);
      const timed: AlertSink = { name: 'timed-mqtt', close: async () => {}, publish: async (c, open) => { await alertSink.publish(c, open); if (c.kind === 'opened' && c.triggeredAt !== undefined) lat.push(performance.now() - c.triggeredAt); } };
      const proc = await createProcessor(project, cfg, f.model, { sinks: [timed] });
      const src = new MqttSource(client, { ...cfg.tables, end: { topic: `${prefix}/end` } }, 0, url);
      await src.start();
      let ended = false;
      const loop = (async () => {
        for await (const m of src) {
          if (m.table === 'end') break;
          if (received++ === 0) first = performance.now();
          proc.handle(m);
          last = performance.now();
        }
        ended = true;
      })();
      await new Promise<void>((res) => setTimeout(res, 200));
      child.stdin!.write(`go ${r}\n`);
      const [, , ms] = (await next()).split(' ');
      pubDone = true;
      await finished;
      clearInterval(idleWatch);
      await src.close();
      await loop;
      await proc.idle();
      void ended;
      out.pubSeconds = Number(ms) / 1000;
      const s = Float64Array.from(lat).sort();
      out.p99 = quantile(s, 0.99);
      out.p50 = quantile(s, 0.5);
      out.alerts = lat.length;
      out.points = proc.stats.scoredPoints;
      gc?.();
      memPerMachine = (process.memoryUsage().heapUsed - heap0) / machines;
      ckBytesPerMachine = encodeState(proc.snapshot(null)).length / machines;
      out.received = received;
      out.seconds = (last - first) / 1000;
      results.push(out);
      process.stderr.write(`round ${r + 1} ${kind}: ${out.received} in ${out.seconds.toFixed(2)}s\n`);
      await client.endAsync(true);
      if (alertClient !== client) await alertClient.endAsync(true);
      continue;
    }
    await new Promise<void>((res) => setTimeout(res, 200));
    child.stdin!.write(`go ${r}\n`);
    const [, , ms] = (await next()).split(' ');
    pubDone = true;
    await finished;
    clearInterval(idleWatch);
    out.pubSeconds = Number(ms) / 1000;
    out.received = received;
    out.seconds = (last - first) / 1000;
    results.push(out);
    process.stderr.write(`round ${r + 1} ${kind}: ${out.received} in ${out.seconds.toFixed(2)}s\n`);
    await client.endAsync(true);
  }
}
child.stdin!.write('quit\n');

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
process.stdout.write(`\n${machines} machines × ${days} days = ${total} messages per round (telemetry ${fmt(machines * days * 24)}), QoS 0 in, alerts out retained QoS 1; broker ${url}\n\n`);
process.stdout.write('| round | subscriber | received | lost | msgs/s | publisher s | alerts | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|\n');
results.forEach((x, i) => process.stdout.write(`| ${Math.floor(i / 2) + 1} | ${x.kind === 'bare' ? 'bare mqtt.js subscriber (count only)' : 'forewarn stream (scored features + alerts)'} | ${fmt(x.received)} | ${fmt(total - x.received)} | ${fmt(x.received / x.seconds)} | ${x.pubSeconds.toFixed(2)} | ${x.alerts ?? ''} | ${x.p50 !== undefined ? x.p50.toFixed(2) : ''} | ${x.p99 !== undefined ? x.p99.toFixed(2) : ''} |\n`));
const bare = results.filter((x) => x.kind === 'bare').map((x) => x.received / x.seconds);
const str = results.filter((x) => x.kind === 'stream').map((x) => x.received / x.seconds);
process.stdout.write(`\nstream / bare per round: ${str.map((s, i) => `${((s / bare[i]!) * 100).toFixed(0)}%`).join(', ')}\n`);
process.stdout.write(`memory per machine state: ${(memPerMachine / 1024).toFixed(1)} KiB heap (after GC${gc ? '' : ' — run with --expose-gc for a clean figure'}); checkpoint ${(ckBytesPerMachine / 1024).toFixed(1)} KiB/machine\n`);
