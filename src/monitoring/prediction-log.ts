/**
 * The prediction-log seam: where served predictions are kept for drift and realised-performance checks.
 * Implementations: sql-prediction-log.ts (SQLite in the project folder by default; PostgreSQL when several replicas
 * share one log). The service never calls this directly on a request: it appends to prediction-buffer.ts, which
 * flushes batches here.
 *
 * Contract (prediction-log.contract.ts): append is insert-only and atomic per batch (a batch is all stored or none);
 * concurrent appenders never overwrite each other; read returns rows of one model (optionally one version) in a
 * half-open time range [from, to) ordered by time then insertion; prune deletes rows older than a cutoff.
 */

export interface PredictionRecord {
  /** When the prediction was made (ISO-8601 UTC with milliseconds). */
  time: string;
  requestId: string;
  model: string;
  version: string;
  /** The features as the model received them (categories by name, missing as null). */
  inputs: Record<string, number | string | null>;
  /** Probability per label. */
  probabilities: Record<string, number>;
  /** The argmax label. */
  label: string;
  /** The version's decision rule applied (absent when the version has none). */
  decision?: { alert: boolean; label: string };
  /** The score the rule thresholds: 1 − P(none) or P(positive); absent without a rule. */
  score?: number;
  /** Server-side time until the prediction was computed. */
  latencyMs: number;
  /** Which server process logged it (host:pid), so replicas' rows stay distinguishable. */
  replica: string;
  /** The machine / entity the prediction is about (X-Forewarn-Entity header), for realised performance. */
  entity?: string;
  /** The time the features describe (X-Forewarn-Time header, ISO-8601), for realised performance. */
  eventTime?: string;
}

export interface PredictionQuery {
  model: string;
  version?: string;
  /** Inclusive lower bound, ISO-8601. */
  from?: string;
  /** Exclusive upper bound, ISO-8601. */
  to?: string;
}

export interface PredictionLog {
  /** Store a batch atomically. */
  append(batch: readonly PredictionRecord[]): Promise<void>;
  /** Matching rows in time order, in pages of at most `pageSize` (default 10,000) so a million rows never sit in one array. */
  read(q: PredictionQuery, pageSize?: number): AsyncIterable<PredictionRecord[]>;
  count(q: PredictionQuery): Promise<number>;
  /** Versions with logged rows for a model, with row counts and first/last time. */
  versions(model: string): Promise<{ version: string; rows: number; first: string; last: string }[]>;
  /** Retention: delete rows logged before `before`; returns how many. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}
