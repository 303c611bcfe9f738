import type { RawMessage } from '../telemetry-event.js';
import type { TelemetrySource } from '../telemetry-source.js';
import type { MqttClientLike } from './mqtt-client.js';
import { TopicMap } from './topic-map.js';
import { StreamErrors } from '../errors.js';
import { PushQueue } from '../push-queue.js';

/**
 * Subscribes to every table's topic filter and yields messages in arrival order, with the table and machine read
 * from the topic. MQTT pushes; the iterator drains an in-memory queue, so a burst never blocks the client's socket
 * (the queue length is exposed for /metrics). A message on a topic no table maps is still yielded (no table): the
 * decoder reads `table` from the payload or dead-letters it.
 */
export class MqttSource implements TelemetrySource {
  readonly description: string;
  private readonly queue = new PushQueue<RawMessage>();
  private readonly topics: TopicMap;
  received = 0;

  constructor(private readonly client: MqttClientLike, private readonly tables: Record<string, { topic: string }>, private readonly qos: 0 | 1, url: string) {
    this.description = `mqtt:${url}`;
    this.topics = new TopicMap(tables);
  }

  get queued(): number {
    return this.queue.length;
  }

  async start(): Promise<void> {
    this.client.on('message', (topic, payload) => {
      this.received++;
      const m = this.topics.match(topic);
      this.queue.push(m ? { origin: topic, payload, table: m.table, entity: m.entity } : { origin: topic, payload });
    });
    const subs = Object.fromEntries(Object.values(this.tables).map((t) => [t.topic, { qos: this.qos }]));
    const granted = await this.client.subscribeAsync(subs);
    const refused = granted.filter((g) => g.qos === 128);
    if (refused.length) throw StreamErrors.FW_ERR_STREAM_BROKER(`the broker refused the subscription to ${refused.map((g) => g.topic).join(', ')}`);
  }

  [Symbol.asyncIterator](): AsyncIterator<RawMessage> {
    return this.queue[Symbol.asyncIterator]();
  }

  async close(): Promise<void> {
    this.queue.end();
  }
}
