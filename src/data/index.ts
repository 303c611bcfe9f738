/** Public API of the data layer: contracts, validation with quarantine, dataset snapshots. */
export { DataErrors } from './errors.js';
export { contractSchema, columnSchema, parseContract, COLUMN_TYPES, type Contract, type ContractInput, type ColumnContract, type ColumnType } from './contracts/schema.js';
export { readyContract, readyContractNames, resolveContract, loadContractFile } from './contracts/registry.js';
export { parseFrequency } from './contracts/frequency.js';
export { preflightCsv, lineOfRecord, DEFAULT_MAX_LINE_BYTES, type Preflight, type PreflightOptions } from './csv/preflight.js';
export { validateTable, type TableValidation, type Violation, type RuleCount } from './validate/validate-table.js';
export { RULES, type Rule, type Severity } from './validate/cell-rules.js';
export { type TimeHealth, type GapExample } from './validate/time-health.js';
export { validateProject, validateSources, dataConfig, type TableSource, type ProjectValidation, type TableResult, type ValidateProjectOptions } from './validate/project.js';
export { ingestProject, type IngestResult, type IngestedTable, type IngestOptions } from './ingest.js';
export { readManifest, snapshotDir, datasetHashOf, type SnapshotManifest, type SnapshotTable } from './snapshot/manifest.js';
export { attachSnapshot, openSnapshot } from './snapshot/attach.js';
export { writeSnapshot } from './snapshot/write.js';
export { inferContract, type InferredContract, type InferOptions } from './infer/infer.js';
