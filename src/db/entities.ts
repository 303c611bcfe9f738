import type { ModelSignature } from '../models/signature.js';

/** Domain entities: what the stores return. Rows are converted to these at the store boundary (rows.ts). */

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

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';
export type ModelFormat = 'forewarn-json' | 'onnx';

/** One quality gate's outcome (the evaluation area's GateResult is accepted at registration and mapped to this). */
export interface GateResult {
  name: string;
  passed: boolean;
  metric?: string;
  op?: string;
  /** Measured value and threshold (boolean for gates like must_beat_baselines). */
  value?: number | boolean | null;
  threshold?: number | boolean | null;
  message?: string;
}

export interface GateResults {
  passed: boolean;
  gates: GateResult[];
}

export interface RegisteredModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** alias → version */
  aliases: Record<string, number>;
  latestVersion: number | null;
}

export interface ModelVersion {
  modelName: string;
  version: number;
  runId: string | null;
  datasetHash: string | null;
  metrics: Record<string, number>;
  gates: GateResults;
  signature: ModelSignature | null;
  /** Class index → label name (probabilities[i] is for labelMapping[i]). */
  labelMapping: string[] | null;
  artifactUri: string;
  onnxUri: string | null;
  format: ModelFormat;
  tags: Record<string, string>;
  description: string | null;
  approval: { status: ApprovalStatus; actor: string | null; reason: string | null; at: string | null };
  /** Aliases currently pointing here. */
  aliases: string[];
  createdAt: string;
}

export type AuditAction =
  | 'register_model'
  | 'register_version'
  | 'approve'
  | 'reject'
  | 'alias_set'
  | 'alias_move'
  | 'alias_delete'
  | 'rollback'
  | 'force';

export interface AuditEntry {
  id: number;
  modelName: string;
  version: number | null;
  action: AuditAction;
  actor: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  at: string;
}
