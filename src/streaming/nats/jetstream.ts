import type { NatsConnection } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { StreamErrors } from '../errors.js';
import { eventSubject } from './partition.js';

/**
 * The NATS JetStream side of scale-out: one stream holds every event under `<prefix>.p<k>.<table>.<machine>`; each
 * partition has ONE durable consumer (named after the partition, not the worker), so when workers are added or
 * removed a partition's acknowledged position moves with it to its new owner.
 */
export interface JetStreamHandle {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

export async function connectJetStream(servers: string): Promise<JetStreamHandle> {
  const [{ connect }, { jetstream, jetstreamManager }] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
  let nc: NatsConnection;
  try {
    nc = await connect({ servers, timeout: 3000 });
  } catch (e) {
    throw StreamErrors.FW_ERR_STREAM_BROKER(`NATS ${servers}: ${(e as Error).message}`, undefined, e);
  }
  try {
    const jsm = await jetstreamManager(nc);
    return { nc, js: jetstream(nc), jsm, close: async () => { await nc.drain().catch(() => nc.close()); } };
  } catch (e) {
    await nc.close();
    throw StreamErrors.FW_ERR_STREAM_BROKER(`NATS ${servers}: JetStream is not enabled or not reachable (${(e as Error).message})`, undefined, e);
  }
}

/** Create the stream if it does not exist (subjects `<prefix>.>`, file storage). */
export async function ensureStream(h: JetStreamHandle, name: string, prefix: string): Promise<void> {
  try {
    await h.jsm.streams.info(name);
  } catch {
    await h.jsm.streams.add({ name, subjects: [`${prefix}.>`] });
  }
}

/** The durable consumer of one partition (created on first use). */
export async function ensurePartitionConsumer(h: JetStreamHandle, stream: string, prefix: string, partition: number, durablePrefix: string): Promise<string> {
  const durable = `${durablePrefix}-p${partition}`;
  const { AckPolicy, DeliverPolicy } = await import('@nats-io/jetstream');
  try {
    await h.jsm.consumers.info(stream, durable);
  } catch {
    await h.jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: `${prefix}.p${partition}.>`, max_ack_pending: 50_000 });
  }
  return durable;
}

/** Publish events (FleetEvent shape) to their partition subjects; waits for the stream's acks in batches of 500. */
export async function publishToJetStream(h: JetStreamHandle, events: Iterable<Record<string, unknown> & { table: string }>, o: { prefix: string; partitions: number; entityField?: string; limit?: number }): Promise<number> {
  const ef = o.entityField ?? 'machineID';
  let n = 0;
  let batch: Promise<unknown>[] = [];
  for (const e of events) {
    if (o.limit !== undefined && n >= o.limit) break;
    batch.push(h.js.publish(eventSubject(o.prefix, o.partitions, e.table, String(e[ef])), JSON.stringify(e)));
    n++;
    if (batch.length >= 500) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  return n;
}
