import type { Duck } from '../data/duckdb.js';
import type { Project } from '../config/load.js';
import { openSnapshot } from '../data/snapshot/attach.js';
import { pipelineContext } from '../pipeline/context.js';
import { ingestStep } from '../pipeline/steps/ingest-step.js';
import { FeatureErrors } from './errors.js';

/**
 * The tables the `features` commands read: the same validated, content-addressed snapshot `forewarn run` uses, so a
 * feature table built by hand never sees rows the contracts quarantine. Without `dataset`, the project's tables go
 * through the pipeline's own (cached) ingest step: unchanged files are only re-hashed, not re-validated. With it, an
 * existing snapshot (`forewarn data ingest` printed its hash) is attached as is.
 */
export async function attachProjectTables(duck: Duck, project: Project, opts: { dataset?: string } = {}): Promise<{ tables: string[]; datasetHash: string }> {
  const tables = Object.keys(project.config.data?.tables ?? {});
  if (tables.length === 0 && !opts.dataset) throw FeatureErrors.FW_ERR_FEATURES_UNKNOWN_TABLE(`${project.configPath}: data.tables is empty; declare the tables the features read`);
  const datasetHash = opts.dataset ?? (await ingestStep(pipelineContext(project, () => undefined, { progress: 'silent' }))).output.datasetHash;
  const m = await openSnapshot(duck, project.stateDir, datasetHash);
  return { tables: Object.keys(m.tables), datasetHash };
}
