/**
 * Write the event stream as NDJSON to a writable (stdout), optionally paced to a rate. Honours backpressure, and
 * stops quietly when the reader goes away (EPIPE from `| head`), which is a normal end for a stream, not an error.
 */
import { eventJson, fleetEvents } from './stream.js';
import type { SimulateOptions } from './options.js';
import { SimErrors } from './errors.js';
import { CoreErrors } from '../core/errors.js';

export interface StreamOutOptions {
  /** Events per second; undefined = as fast as the reader takes them. */
  rate?: number;
  /** Stop after this many events (tests, demos). */
  limit?: number;
}

export interface StreamOutResult {
  events: number;
  /** True when the reader closed the pipe before the end. */
  closedEarly: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function streamNdjson(options: SimulateOptions, out: NodeJS.WritableStream, so: StreamOutOptions = {}): Promise<StreamOutResult> {
  if (so.rate !== undefined && (!Number.isFinite(so.rate) || so.rate <= 0)) throw SimErrors.FW_ERR_SIM_INVALID_OPTION(`rate: expected events per second > 0, got ${so.rate}`);
  let closed = false;
  let failure: NodeJS.ErrnoException | undefined;
  let wake: (() => void) | undefined;
  const onError = (e: NodeJS.ErrnoException) => {
    // EPIPE: the reader left (`| head`), a normal end. Anything else (disk full behind a redirect) is reported below.
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') failure = e;
    closed = true;
    wake?.();
  };
  out.on('error', onError);
  const write = async (s: string): Promise<void> => {
    if (closed) return;
    if (!out.write(s)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        out.once('drain', resolve);
      });
      wake = undefined;
    }
  };
  const events = fleetEvents(options);
  const start = Date.now();
  // Paced: flush about 20 times a second; unpaced: flush every ~64 KB.
  const batch = so.rate === undefined ? Infinity : Math.max(1, Math.floor(so.rate / 20));
  let n = 0;
  let buf = '';
  let inBuf = 0;
  try {
    for (const e of events) {
      if (closed || (so.limit !== undefined && n >= so.limit)) break;
      buf += eventJson(e) + '\n';
      n++;
      inBuf++;
      if (buf.length >= 65536 || inBuf >= batch) {
        await write(buf);
        buf = '';
        inBuf = 0;
        if (so.rate !== undefined) {
          const ahead = (n / so.rate) * 1000 - (Date.now() - start);
          if (ahead > 0) await sleep(ahead);
        }
      }
    }
    if (buf && !closed) await write(buf);
  } finally {
    out.off('error', onError);
  }
  if (failure) throw CoreErrors.FW_ERR_CORE_IO(`could not write the event stream: ${failure.message}`, undefined, failure);
  return { events: n, closedEarly: closed };
}
