import type { Project } from '../config/load.js';
import { RegistryModelSource, type RegistryReader, type RegistryVersionLike } from './registry-model-source.js';
import { ServingErrors } from './errors.js';

/**
 * Open the project's registry (SQL store + artifact repository, from forewarn.yaml `store:` and `artifacts:`) as a
 * ModelSource. The registry modules are imported lazily by path: serving builds without them, and a build that
 * lacks them says so instead of crashing.
 */
export async function openRegistrySource(project: Project, requireStatus?: readonly string[]): Promise<{ source: RegistryModelSource; close(): Promise<void> }> {
  const need = async (spec: string, what: string): Promise<Record<string, unknown>> => {
    try {
      return (await import(spec)) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
        throw ServingErrors.FW_ERR_SERVE_BAD_OPTION(`serving from the registry needs ${what}, which is not in this build; serve a file with --model-file instead`);
      }
      throw e;
    }
  };
  const db = await need('../db/open-store.js', 'the SQL store (src/db)');
  const reg = await need('../registry/sql-registry-store.js', 'the model registry (src/registry)');
  const resolve = await need('../registry/resolve.js', 'the model registry (src/registry)');
  const arts = await need('../artifacts/open-repository.js', 'the artifact repository (src/artifacts)');
  const cfg = project.config as unknown as { store?: { url?: string }; artifacts?: Record<string, unknown> };
  const url = cfg.store?.url ?? 'sqlite:.forewarn/forewarn.db';
  const store = await (db.openStore as (u: string, o: unknown) => Promise<{ close(): Promise<void> }>)(url, { baseDir: project.dir });
  const registry = new (reg.SqlRegistryStore as new (s: unknown) => RegistryReader & { close(): Promise<void> })(store);
  const a = cfg.artifacts ?? {};
  const s3 = Object.fromEntries(['endpoint', 'region', 'accessKeyId', 'secretAccessKey', 'forcePathStyle'].filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
  const repo = (arts.openArtifactRepository as (u: string, o: unknown) => unknown)(String(a.uri ?? '.forewarn/artifacts'), { baseDir: project.dir, s3 });
  const loadModelBytes = resolve.loadModelBytes as (r: unknown, v: RegistryVersionLike) => Promise<Uint8Array>;
  const source = new RegistryModelSource({
    registry,
    loadBytes: (v) => loadModelBytes(repo, v),
    description: `registry:${url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@')}`,
    requireStatus,
  });
  return { source, close: () => store.close() };
}
