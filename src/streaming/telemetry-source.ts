import type { RawMessage } from './telemetry-event.js';

/**
 * The seam every input implements: NDJSON files (`forewarn simulate --stream` output), MQTT, NATS JetStream. A
 * source yields raw messages in arrival order and never decodes them, so every source gives the decoder, the event
 * time buffer and the scorer exactly the same input (source.contract.ts holds them to that).
 */
export interface TelemetrySource extends AsyncIterable<RawMessage> {
  readonly description: string;
  /** Stop delivering; the iteration ends. Safe to call twice. */
  close(): Promise<void>;
}
