/**
 * The serving side of the prediction log: what a request hands over (`ServingContext.record`) and how it becomes log
 * records later, off the request path. A request copies its encoded rows and probabilities (they live in reused
 * scratch buffers) and pushes one entry; the flush decodes categories, applies the version's decision rule and
 * writes JSON. Monitoring itself (src/monitoring) never sees a LoadedModel.
 */
import { hostname } from 'node:os';
import { PredictionBuffer, type BufferOptions, type BufferStats } from '../monitoring/prediction-buffer.js';
import type { PredictionLog, PredictionRecord } from '../monitoring/prediction-log.js';
import type { LoadedModel } from '../inference/loaded-model.js';
import { argmaxAt as argmax } from '../core/argmax.js';
import { decide } from '../entities/decision-rule.js';
import { ServingErrors } from './errors.js';

interface ServedEntry {
  t: number;
  requestId: string;
  entity?: string;
  eventTime?: string;
  m: LoadedModel;
  n: number;
  rows: Float64Array;
  probs: Float64Array;
  seconds: number;
}

export interface PredictionRecorder {
  /**
   * Record `n` predictions of one request (rows n × features, probs n × labels; both copied). The optional
   * X-Forewarn-Entity / X-Forewarn-Time headers say which machine and moment the features describe (one value for
   * the whole request); realised performance joins on them. A malformed X-Forewarn-Time is refused (400).
   */
  record(m: LoadedModel, rows: Float64Array, n: number, probs: Float64Array, req: RecordedRequest, seconds: number): void;
  readonly stats: BufferStats;
  /** Flush everything and stop (the log itself is closed by its owner). */
  close(): Promise<void>;
}

export interface RecordedRequest {
  id: string;
  headers: Record<string, string | string[] | undefined>;
}

function header(req: RecordedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export function createRecorder(log: PredictionLog, options: BufferOptions = {}): PredictionRecorder {
  const replica = `${hostname()}:${process.pid}`;
  const buffer = new PredictionBuffer<ServedEntry>(log, (e) => e.n, (entries) => toRecords(entries, replica), options);
  return {
    record(m, rows, n, probs, req, seconds) {
      const entity = header(req, 'x-forewarn-entity');
      let eventTime = header(req, 'x-forewarn-time');
      if (eventTime !== undefined) {
        const t = Date.parse(eventTime);
        if (!Number.isFinite(t)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`header X-Forewarn-Time: expected an ISO-8601 time (e.g. 2015-11-02T06:00:00Z), got ${JSON.stringify(eventTime.slice(0, 40))}`);
        eventTime = new Date(t).toISOString();
      }
      if (!buffer.sampled()) return;
      const P = m.nFeatures, K = m.labels.length;
      buffer.offer({ t: Date.now(), requestId: req.id, entity, eventTime, m, n, rows: rows.slice(0, n * P), probs: probs.slice(0, n * K), seconds });
    },
    stats: buffer.stats,
    close: () => buffer.close(),
  };
}

function toRecords(entries: ServedEntry[], replica: string): PredictionRecord[] {
  const out: PredictionRecord[] = [];
  for (const e of entries) {
    const { m } = e;
    const features = m.predictor.features;
    const P = features.length, K = m.labels.length;
    const time = new Date(e.t).toISOString();
    for (let i = 0; i < e.n; i++) {
      const inputs: PredictionRecord['inputs'] = {};
      for (let j = 0; j < P; j++) {
        const f = features[j]!;
        const v = e.rows[i * P + j]!;
        inputs[f.name] = Number.isNaN(v) ? null : f.type === 'categorical' ? (f.categories?.[v] ?? String(v)) : v;
      }
      const probabilities: Record<string, number> = {};
      for (let k = 0; k < K; k++) probabilities[m.labels[k]!] = e.probs[i * K + k]!;
      const rec: PredictionRecord = {
        time,
        requestId: e.n === 1 ? e.requestId : `${e.requestId}#${i}`,
        model: m.name,
        version: m.version,
        inputs,
        probabilities,
        label: m.labels[argmax(e.probs, i * K, K)]!,
        latencyMs: e.seconds * 1000,
        replica,
        ...(e.entity !== undefined ? { entity: e.entity } : {}),
        ...(e.eventTime !== undefined ? { eventTime: e.eventTime } : {}),
      };
      if (m.decision) {
        const d = decide(m.decision, e.probs, K, i * K);
        rec.decision = { alert: d.alert, label: m.labels[d.classIndex]! };
        rec.score = d.score;
      }
      out.push(rec);
    }
  }
  return out;
}
