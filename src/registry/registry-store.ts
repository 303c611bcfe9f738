import type { AliasHistoryEntry, AuditEntry, GateResults, ModelFormat, ModelVersion, RegisteredModel } from '../entities/registry.js';
import type { ModelSignature } from '../entities/signature.js';
import type { DecisionRule } from '../entities/decision-rule.js';

export interface RegisterVersionInput {
  modelName: string;
  /** Who registers (pipeline user, CI job). */
  actor: string;
  description?: string;
  runId?: string;
  datasetHash?: string;
  metrics?: Record<string, number>;
  /** Gate results as evaluation produced them; `passed` is the overall verdict. Missing = not evaluated = not passed. */
  gates?: GateResults;
  signature?: ModelSignature;
  /** Class index → label. Defaults to signature.labels. */
  labelMapping?: string[];
  /** URI of the model JSON in the artifact repository. */
  artifactUri: string;
  onnxUri?: string;
  /** Default 'forewarn-json'. */
  format?: ModelFormat;
  tags?: Record<string, string>;
  /** The evaluated alert rule, applied by the service as evaluated. */
  decision?: DecisionRule;
}

export interface ChangeBy {
  actor: string;
  reason?: string;
}

export interface AliasChange extends ChangeBy {
  /** Override the protected-alias rule (approved + gates passed); needs a reason; audited as 'force'. */
  force?: boolean;
}

/**
 * Model registry with SageMaker-style approval and MLflow-style aliases. Every change is one transaction together
 * with its append-only audit entry. Errors are FwErrors naming the field / model / version / alias.
 */
export interface RegistryStore {
  /** Create an empty registered model; FW_ERR_REGISTRY_CONFLICT if it exists. */
  createModel(name: string, opts: ChangeBy & { description?: string; tags?: Record<string, string> }): Promise<RegisteredModel>;
  /** Model with its aliases and latest version; not-found lists existing models. */
  getModel(name: string): Promise<RegisteredModel>;
  listModels(): Promise<RegisteredModel[]>;

  /** New version (number = previous max + 1; model created if absent), status PendingManualApproval. */
  registerVersion(input: RegisterVersionInput): Promise<ModelVersion>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  /** All versions, oldest first. */
  listVersions(name: string): Promise<ModelVersion[]>;

  /** PendingManualApproval/Rejected → Approved. Needs actor and reason. */
  approveVersion(name: string, version: number, by: Required<ChangeBy>): Promise<ModelVersion>;
  /** PendingManualApproval/Approved → Rejected; refused while an alias points at the version. */
  rejectVersion(name: string, version: number, by: Required<ChangeBy>): Promise<ModelVersion>;

  /** Point an alias at a version (create or move). Protected aliases need Approved + gates passed, or force+reason. */
  setAlias(name: string, alias: string, version: number, change: AliasChange): Promise<ModelVersion>;
  /** Remove an alias. */
  deleteAlias(name: string, alias: string, by: ChangeBy): Promise<void>;
  /** Move an alias back to its previous target (repeatable: walks back through the alias history). */
  rollbackAlias(name: string, alias: string, change: AliasChange): Promise<ModelVersion | null>;
  /** The version an alias points at. `latest` is built in: the highest version. */
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
  aliasHistory(name: string, alias: string): Promise<AliasHistoryEntry[]>;

  /** Audit entries for a model, oldest first (the newest `limit`, default 1000). */
  auditLog(name: string, opts?: { limit?: number }): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
