import type { MqttClientLike } from './mqtt-client.js';
import { StreamErrors } from '../errors.js';

export interface PublishOptions {
  /** table → topic filter with one `+` for the machine (stream.tables). */
  tables: Record<string, { topic: string }>;
  /** Which payload field names the machine. */
  entityField?: string;
  /** Messages per second; undefined = as fast as the client takes them. */
  rate?: number;
  limit?: number;
  qos?: 0 | 1;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Publish events (FleetEvent shape: `table` + columns) to their per-machine topics, paced to `rate`. QoS 0 goes
 * through the client's write buffer; every 1,000 messages the loop waits for the socket to drain, so memory stays
 * flat at any rate. Returns the number published.
 */
export async function publishEvents(client: MqttClientLike, events: Iterable<Record<string, unknown> & { table: string }>, o: PublishOptions): Promise<number> {
  const ef = o.entityField ?? 'machineID';
  const topics = new Map<string, [string, string]>();
  for (const [table, t] of Object.entries(o.tables)) {
    const i = t.topic.indexOf('+');
    if (t.topic.includes('#')) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`stream.tables.${table}.topic: a topic to publish to cannot contain #`);
    topics.set(table, i < 0 ? [t.topic, ''] : [t.topic.slice(0, i), t.topic.slice(i + 1)]);
  }
  const start = Date.now();
  let n = 0;
  const qos = o.qos ?? 0;
  // QoS 1: up to 64 publishes awaiting their PUBACK at once (serial round trips would cap a replay at ~1k msg/s).
  let inflight: Promise<unknown>[] = [];
  for (const e of events) {
    if (o.limit !== undefined && n >= o.limit) break;
    const tp = topics.get(e.table);
    if (!tp) continue;
    const topic = tp[1] === '' && !o.tables[e.table]!.topic.includes('+') ? tp[0] : `${tp[0]}${String(e[ef])}${tp[1]}`;
    const payload = JSON.stringify(e);
    n++;
    if (qos === 1) {
      inflight.push(client.publishAsync(topic, payload, { qos }));
      if (inflight.length >= 64) {
        await Promise.all(inflight);
        inflight = [];
      }
    } else if (n % 1000 === 0) await client.publishAsync(topic, payload, { qos });
    else client.publish(topic, payload, { qos });
    if (o.rate !== undefined && n % Math.max(1, Math.floor(o.rate / 50)) === 0) {
      const ahead = (n / o.rate) * 1000 - (Date.now() - start);
      if (ahead > 0) await sleep(ahead);
    }
  }
  await Promise.all(inflight);
  return n;
}
