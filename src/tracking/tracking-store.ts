import type { Experiment, Metric, Run, RunEnvironment, RunStatus } from '../entities/tracking.js';

export interface StartRunInput {
  /** Experiment by name; created if it does not exist. */
  experimentName: string;
  name?: string;
  /** Hyperparameter-search trials are children of the search run. */
  parentRunId?: string;
  datasetHash?: string;
  configHash?: string;
  /** Git commit; default `detectCodeVersion()` of the cwd; pass null to record none. */
  codeVersion?: string | null;
  /** Defaults to `currentEnvironment()`. */
  environment?: RunEnvironment;
  artifactUri?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
}

export interface MetricInput {
  key: string;
  value: number;
  /** Default 0. Non-negative integer (epoch, boosting round, fold). */
  step?: number;
  /** Default now (ISO-8601). */
  timestamp?: string;
}

export interface AbandonedRun {
  runId: string;
  /** Why its owner is considered gone. */
  reason: string;
}

export interface SearchRunsQuery {
  /** Experiment names or ids; omitted = all experiments. */
  experiments?: string[];
  statuses?: RunStatus[];
  /** null: only top-level runs; an id: only that run's children; omitted: all. */
  parentRunId?: string | null;
  /** Order by the latest value of a metric; runs without it come last. Default: newest first. */
  orderBy?: { metric: string; direction?: 'asc' | 'desc' };
  /** Default 100, max 10 000. */
  limit?: number;
  offset?: number;
}

/**
 * Experiment tracking (MLflow-like). Every method validates its arguments and throws an FwError naming the field;
 * multi-row writes run in one transaction (all or nothing).
 */
export interface TrackingStore {
  /** Create an experiment; FW_ERR_TRACKING_CONFLICT if the name is taken. */
  createExperiment(name: string, opts?: { description?: string; tags?: Record<string, string> }): Promise<Experiment>;
  /** By name or id; FW_ERR_TRACKING_NOT_FOUND (listing existing names) if absent. */
  getExperiment(nameOrId: string): Promise<Experiment>;
  /** Get by name, creating it if absent (safe against a concurrent creator). */
  getOrCreateExperiment(name: string): Promise<Experiment>;
  /** All experiments, oldest first. */
  listExperiments(): Promise<Experiment[]>;

  /** Start a RUNNING run with its provenance, initial params and tags, in one transaction. */
  startRun(input: StartRunInput): Promise<Run>;
  /** Set the final status (FINISHED/FAILED/KILLED) and end time; conflict if the run already ended. */
  endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<Run>;
  /** The run with params, latest metrics, tags and artifact URIs. Accepts a unique id prefix (≥4 chars). */
  getRun(runId: string): Promise<Run>;

  /** Params are immutable: re-logging a key with the same value is a no-op, with another value a conflict. */
  logParams(runId: string, params: Record<string, string | number | boolean>): Promise<void>;
  /** Append metric points (history kept per step) in one transaction. Values must be finite. */
  logMetrics(runId: string, metrics: MetricInput[]): Promise<void>;
  /** One point; built on logMetrics. */
  logMetric(runId: string, key: string, value: number, step?: number): Promise<void>;
  /** Tags are mutable (upsert). */
  setTags(runId: string, tags: Record<string, string>): Promise<void>;
  /** Record a named artifact URI for the run (model JSON, report, ONNX...). */
  logArtifact(runId: string, name: string, uri: string): Promise<void>;
  /** Every point of one metric, ordered by step then time. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;

  /** Runs matching the query (see SearchRunsQuery). Abandoned runs are settled first (reconcileAbandonedRuns). */
  searchRuns(query?: SearchRunsQuery): Promise<Run[]>;

  /**
   * Mark FAILED every RUNNING run whose owner process is gone, with a `forewarn.abandoned` tag saying why, and
   * return them. A run records its owner (host, PID, process start time) and a heartbeat; on the owner's host the
   * PID decides (dead, or reused by another process), elsewhere a stale heartbeat does (see run-owner.ts).
   *
   * Where: forewarn has no daemon, so the readers settle it: searchRuns (hence `runs list`) and getRun call this
   * before answering. Whoever looks first sees and records the truth, and a killed run is FAILED the next time
   * anyone lists runs, from any process; the change is conditional, so concurrent readers and a late heartbeat
   * cannot fail a live run or fail one twice.
   */
  reconcileAbandonedRuns(): Promise<AbandonedRun[]>;

  close(): Promise<void>;
}
