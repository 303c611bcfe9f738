import type { ConsumerMessages } from '@nats-io/jetstream';
import type { RawMessage } from '../telemetry-event.js';
import type { TelemetrySource } from '../telemetry-source.js';
import { ensurePartitionConsumer, type JetStreamHandle } from './jetstream.js';
import { PushQueue } from '../push-queue.js';

/**
 * A worker's share of the fleet: the durable consumers of its partitions, merged into one arrival-order queue.
 * Order holds within a partition (so per machine); across partitions it does not matter because event time is
 * judged per machine. Each message carries `ack`: the runner acknowledges it once a checkpoint covers it, so a
 * crashed worker's unacknowledged messages are redelivered to whoever owns the partition next.
 */
export class JetStreamSource implements TelemetrySource {
  readonly description: string;
  private readonly queue = new PushQueue<RawMessage>();
  private readonly subs: ConsumerMessages[] = [];
  received = 0;

  constructor(private readonly h: JetStreamHandle, private readonly o: { stream: string; prefix: string; partitions: number[]; durablePrefix: string }) {
    this.description = `jetstream:${o.stream} partitions ${o.partitions.join(',')}`;
  }

  get queued(): number {
    return this.queue.length;
  }

  async start(): Promise<void> {
    const prefixTokens = this.o.prefix.split('.').length;
    for (const p of this.o.partitions) {
      const durable = await ensurePartitionConsumer(this.h, this.o.stream, this.o.prefix, p, this.o.durablePrefix);
      const c = await this.h.js.consumers.get(this.o.stream, durable);
      const msgs = await c.consume({ max_messages: 2000 });
      this.subs.push(msgs);
      void (async () => {
        for await (const m of msgs) {
          this.received++;
          const tok = m.subject.split('.');
          this.queue.push({ origin: `${m.subject}#${m.seq}`, payload: m.data, table: tok[prefixTokens + 1], entity: tok[prefixTokens + 2], ack: () => m.ack() });
        }
      })();
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<RawMessage> {
    return this.queue[Symbol.asyncIterator]();
  }

  async close(): Promise<void> {
    for (const s of this.subs) await s.close().catch(() => undefined);
    this.queue.end();
  }
}
