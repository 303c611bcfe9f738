/**
 * Tracking entities: what the tracking store returns (experiments, runs, metrics, params). `db/` converts its rows to
 * these at the store boundary; nothing here knows SQL.
 */

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

export interface Experiment {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: string;
}

/** Where and with what a run executed: enough to reproduce it. */
export interface RunEnvironment {
  nodeVersion: string;
  platform: string;
  arch: string;
  packageVersion: string | null;
  [extra: string]: string | null;
}

export interface Metric {
  key: string;
  value: number;
  step: number;
  timestamp: string;
}

export interface Param {
  key: string;
  value: string;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  startTime: string;
  endTime: string | null;
  parentRunId: string | null;
  datasetHash: string | null;
  configHash: string | null;
  codeVersion: string | null;
  environment: RunEnvironment | null;
  /** Root URI of the run's artifact folder. */
  artifactUri: string | null;
  /** The process executing the run (null for runs recorded before owners were). */
  owner: { host: string; pid: number; start: string | null } | null;
  /** When the owner last reported alive. */
  heartbeatAt: string | null;
  params: Record<string, string>;
  /** Latest value per metric key (highest step, then latest timestamp). */
  metrics: Record<string, number>;
  tags: Record<string, string>;
  /** Named artifact URIs logged for the run (model JSON, report, ONNX...). */
  artifacts: Record<string, string>;
}
