import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { RawMessage } from './telemetry-event.js';
import type { TelemetrySource } from './telemetry-source.js';

/**
 * NDJSON lines (the output of `forewarn simulate --stream`, one FleetEvent per line) from a file or stdin. The
 * position is the number of lines delivered, so a restart can skip what a checkpoint already covers.
 */
export class NdjsonSource implements TelemetrySource {
  readonly description: string;
  /** Lines delivered so far, including skipped ones (the resume position). */
  position = 0;
  private closed = false;
  private input?: Readable;

  constructor(private readonly from: string | Readable, private readonly skipLines = 0) {
    this.description = typeof from === 'string' ? `ndjson:${from}` : 'ndjson:stdin';
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RawMessage> {
    this.input = typeof this.from === 'string' ? createReadStream(this.from) : this.from;
    const rl = createInterface({ input: this.input, crlfDelay: Infinity });
    const name = typeof this.from === 'string' ? this.from : 'stdin';
    try {
      for await (const line of rl) {
        if (this.closed) break;
        this.position++;
        if (this.position <= this.skipLines) continue;
        if (line.trim() === '') continue;
        yield { origin: `${name}:${this.position}`, payload: line };
      }
    } finally {
      rl.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (typeof this.from === 'string') this.input?.destroy();
  }
}
