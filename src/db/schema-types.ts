import type { Generated } from 'kysely';

/**
 * Table row types as stored. Times are ISO-8601 UTC text (sorts correctly and reads the same in both dialects);
 * JSON values are text columns encoded/decoded at the store boundary (json-columns.ts); booleans are 0/1 integers.
 */
export interface ExperimentsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface RunsTable {
  id: string;
  experiment_id: string;
  name: string | null;
  status: string;
  start_time: string;
  end_time: string | null;
  parent_run_id: string | null;
  dataset_hash: string | null;
  config_hash: string | null;
  code_version: string | null;
  environment: string | null;
  artifact_uri: string | null;
  /** The process that executes the run (0002): host name, PID, OS start time of that process. */
  owner_host: string | null;
  owner_pid: number | null;
  owner_start: string | null;
  /** ISO time the owner last reported alive. */
  heartbeat_at: string | null;
}

export interface ParamsTable { run_id: string; key: string; value: string }
export interface RunTagsTable { run_id: string; key: string; value: string }
export interface ExperimentTagsTable { experiment_id: string; key: string; value: string }
export interface RunArtifactsTable { run_id: string; name: string; uri: string }

export interface MetricsTable {
  id: Generated<number>;
  run_id: string;
  key: string;
  value: number;
  step: number;
  timestamp: string;
}

export interface LatestMetricsTable {
  run_id: string;
  key: string;
  value: number;
  step: number;
  timestamp: string;
}

export interface RegisteredModelsTable {
  name: string;
  description: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
}

export interface ModelVersionsTable {
  model_name: string;
  version: number;
  run_id: string | null;
  dataset_hash: string | null;
  metrics: string;
  gates: string;
  gates_passed: number;
  signature: string | null;
  label_mapping: string | null;
  artifact_uri: string;
  onnx_uri: string | null;
  format: string;
  tags: string;
  description: string | null;
  approval_status: string;
  approval_actor: string | null;
  approval_reason: string | null;
  approval_time: string | null;
  created_at: string;
  /** JSON DecisionRule; null for versions registered before 0002 (their rule, if any, is in `decision.*` tags). */
  decision: string | null;
}

export interface ModelAliasesTable {
  model_name: string;
  alias: string;
  version: number;
  updated_at: string;
}

/** Every alias change in order: rollback replays this to find the previous target. */
export interface AliasHistoryTable {
  id: Generated<number>;
  model_name: string;
  alias: string;
  action: string;
  version: number | null;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  model_name: string;
  version: number | null;
  action: string;
  actor: string;
  reason: string | null;
  before: string | null;
  after: string | null;
  at: string;
}

/** One served prediction (src/monitoring/sql-prediction-log.ts); insert-only. */
export interface PredictionLogTable {
  id: Generated<number>;
  ts: string;
  request_id: string;
  model_name: string;
  model_version: string;
  inputs: string;
  probabilities: string;
  label: string;
  alert: number | null;
  decision_label: string | null;
  score: number | null;
  latency_ms: number;
  replica: string;
  entity: string | null;
  event_time: string | null;
}

/** A registered version's reference profile (monitoring/baseline.ts), JSON text. */
export interface ModelBaselinesTable {
  model_name: string;
  version: number;
  rows: number;
  baseline: string;
  created_at: string;
}

export interface Database {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  params: ParamsTable;
  run_tags: RunTagsTable;
  run_artifacts: RunArtifactsTable;
  metrics: MetricsTable;
  latest_metrics: LatestMetricsTable;
  registered_models: RegisteredModelsTable;
  model_versions: ModelVersionsTable;
  model_aliases: ModelAliasesTable;
  alias_history: AliasHistoryTable;
  audit_log: AuditLogTable;
  prediction_log: PredictionLogTable;
  model_baselines: ModelBaselinesTable;
  stream_alerts: StreamAlertsTable;
}

export interface StreamAlertsTable {
  id: string;
  model_name: string;
  model_version: string;
  machine: string;
  component: string;
  status: string;
  opened_at: string;
  closed_at: string | null;
  close_reason: string | null;
  probability: number;
  max_probability: number;
  score: number;
  expected_from: string;
  expected_to: string;
  top_features: string;
  acked_at: string | null;
  acked_by: string | null;
  ack_note: string | null;
  updated_at: string;
}
