import type { ModelSignature } from './signature.js';
import type { DecisionRule } from './decision-rule.js';

/**
 * Registry entities: what the registry store returns and the CLI, pipeline and HTTP routes read. `db/` converts its
 * rows to these at the store boundary; nothing here knows SQL.
 */

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';
export type ModelFormat = 'forewarn-json' | 'onnx';

/**
 * One quality gate's outcome. The one shape: evaluation produces it, the pipeline summary carries it, the registry
 * stores it.
 */
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
  /** The evaluated alert rule (pipeline candidates); null for versions without one (model files, ONNX imports). */
  decision: DecisionRule | null;
  /**
   * Where `decision` came from: 'recorded' (the typed field), 'legacy-tags' (a version registered before the field
   * existed, read from its decision.* tags), null (no rule).
   */
  decisionSource: 'recorded' | 'legacy-tags' | null;
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

export type AliasHistoryAction = 'set' | 'delete' | 'rollback';

export interface AliasHistoryEntry {
  id: number;
  action: AliasHistoryAction;
  /** Target after this change (null: alias removed). */
  version: number | null;
  at: string;
}
