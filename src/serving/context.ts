import type { ModelSlot } from '../inference/model-slot.js';
import type { ServingMetrics } from './metrics.js';
import type { LoadedModel } from '../inference/loaded-model.js';
import { ServingErrors } from './errors.js';
import type { PredictionRecorder, RecordedRequest } from './prediction-recorder.js';

/** What every protocol plugin gets: the model slot, metrics and limits. Plugins never touch each other. */
export interface ServingContext {
  slot: ModelSlot;
  metrics: ServingMetrics;
  maxBatchRecords: number;
  explainTopK: number;
  /** Count `n` (default 1) predictions of `label`; the counters are cached, so this is a map lookup and an add. */
  countLabel(label: string, n?: number): void;
  /**
   * Hand `n` served predictions to the prediction log (monitoring), when one is configured: a sampling check and a
   * copy into a bounded buffer; never waits. Called once per request, after the probabilities are known.
   */
  record(m: LoadedModel, rows: Float64Array, n: number, probs: Float64Array, req: RecordedRequest, seconds: number): void;
}

export function createContext(slot: ModelSlot, metrics: ServingMetrics, maxBatchRecords: number, explainTopK: number, recorder?: PredictionRecorder): ServingContext {
  const cache = new Map<string, { add(n: number): void }>();
  return {
    slot,
    metrics,
    maxBatchRecords,
    explainTopK,
    countLabel(label, n = 1) {
      let c = cache.get(label);
      if (!c) {
        c = metrics.labelCounter(label);
        cache.set(label, c);
      }
      c.add(n);
    },
    record: recorder ? (m, rows, n, probs, req, sec) => recorder.record(m, rows, n, probs, req, sec) : () => {},
  };
}

/** Run `fn` with the current model held (in-flight count), or 503 when none is loaded. */
export async function withModel<T>(ctx: ServingContext, fn: (m: LoadedModel) => T | Promise<T>): Promise<T> {
  const m = ctx.slot.acquire();
  if (!m) {
    const why = ctx.slot.lastError ? ` (last load failed: ${ctx.slot.lastError.message})` : '';
    throw ServingErrors.FW_ERR_SERVE_NOT_READY(`no model is loaded yet${why}`);
  }
  try {
    return await fn(m);
  } finally {
    ctx.slot.release(m);
  }
}

export function tooMany(n: number, max: number, what: string): never {
  throw ServingErrors.FW_ERR_SERVE_BODY_TOO_LARGE(`${what} has ${n} records; the limit is ${max} (serve.maxBatchRecords)`);
}
