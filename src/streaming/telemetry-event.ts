/**
 * What flows through live scoring. A source delivers raw messages (bytes + where they came from); the decoder turns
 * each into a typed event or a dead letter; the event-time buffer orders events; the scorer ingests them.
 */

/** One message as a source delivers it: an MQTT publish, an NDJSON line, a JetStream message. */
export interface RawMessage {
  /** Where it came from, for dead letters and logs: the MQTT topic, `file.ndjson:12`, the NATS subject. */
  origin: string;
  payload: string | Uint8Array;
  /** The table when the transport already says it (an MQTT topic mapped in `stream.tables`), else read from the payload's `table`. */
  table?: string;
  /** The entity when the transport names it (the `+` level of an MQTT topic); the payload's own field wins. */
  entity?: string;
  /** Durable transports (JetStream): acknowledge once a checkpoint covers this message. */
  ack?: () => void;
}

/**
 * A decoded event in the simulator's FleetEvent shape (`{table, machineID, datetime, ...columns}`), with the entity
 * and event time pulled out once. Static rows (the machines table) have t = -Infinity: they have no time.
 */
export interface TelemetryEvent {
  table: string;
  entity: string;
  t: number;
  row: Record<string, unknown>;
}

/** A message that cannot be scored, with the stable code and a reason naming the field and the rule. */
export interface DeadLetter {
  origin: string;
  code: string;
  reason: string;
  payload: string;
}

export function payloadText(p: string | Uint8Array): string {
  return typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
}
