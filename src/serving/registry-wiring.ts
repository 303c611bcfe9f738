import type { Project } from '../config/load.js';
import { openStores } from '../stores/open-stores.js';
import { loadModelBytes } from '../registry/resolve.js';
import { getByUri } from '../artifacts/artifact-ops.js';
import { redactUrl, type SqlStore } from '../db/sql-store.js';
import type { RegistryStore } from '../registry/registry-store.js';
import { RegistryModelSource } from '../inference/registry-model-source.js';

/**
 * The registry-backed model source for `forewarn serve`: the project's store and artifact repository (with the
 * FOREWARN_STORE_URL / FOREWARN_ARTIFACTS_URI overrides), and the registry itself so the service can also mount the
 * registry HTTP API over the same connection.
 */
export async function openRegistrySource(project: Project, requireStatus?: readonly string[]): Promise<{ source: RegistryModelSource; registry: RegistryStore; sql: SqlStore; close(): Promise<void> }> {
  const stores = await openStores({ project });
  const source = new RegistryModelSource({
    registry: stores.registry,
    loadBytes: (v) => loadModelBytes(stores.artifacts, v),
    loadArtifact: (uri: string) => getByUri(stores.artifacts, uri),
    description: `registry:${redactUrl(stores.sql.displayUrl)}`,
    requireStatus,
  });
  return { source, registry: stores.registry, sql: stores.sql, close: () => stores.close() };
}
