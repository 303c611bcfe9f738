/**
 * Child process of throughput.ts: builds the fleet's messages up front (so generation is not timed), then on each
 * "go <round>" line publishes all of them at QoS 0 as fast as the socket takes them and answers "done <n> <ms>".
 */
import { createInterface } from 'node:readline';
import { fleetEvents } from '../../src/simulator/stream.js';
import { connectMqtt } from '../../src/streaming/mqtt/mqtt-client.js';

const [url, prefix, machines, days] = process.argv.slice(2) as [string, string, string, string];
const msgs: [string, string][] = [];
for (const e of fleetEvents({ machines: Number(machines), days: Number(days), seed: 99, warmupDays: 30 })) {
  const topic = e.table === 'machines' ? `${prefix}/pdm/${e.machineID}/machine` : `${prefix}/pdm/${e.machineID}/${e.table}`;
  msgs.push([topic, JSON.stringify(e)]);
}
const client = await connectMqtt(url, { clientId: `${prefix}-pub` });
process.stdout.write(`ready ${msgs.length}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'quit') break;
  if (!line.startsWith('go')) continue;
  const t0 = performance.now();
  for (let i = 0; i < msgs.length; i++) {
    const [t, p] = msgs[i]!;
    if (i % 2000 === 1999) await client.publishAsync(t, p, { qos: 0 });
    else client.publish(t, p, { qos: 0 });
  }
  await client.publishAsync(`${prefix}/end`, 'x', { qos: 0 });
  process.stdout.write(`done ${msgs.length} ${(performance.now() - t0).toFixed(0)}\n`);
}
await client.endAsync();
