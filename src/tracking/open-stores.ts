import { loadProject, type Project } from '../config/load.js';
import { openStore } from '../db/open-store.js';
import type { SqlStore } from '../db/sql-store.js';
import { openArtifactRepository } from '../artifacts/open-repository.js';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { SqlRegistryStore } from '../registry/sql-registry-store.js';
import type { RegistryStore } from '../registry/registry-store.js';
import { SqlTrackingStore } from './sql-tracking-store.js';
import type { TrackingStore } from './tracking-store.js';

/** Everything the pipeline, CLI and service need to record and find models, over one SQL connection/pool. */
export interface Stores {
  sql: SqlStore;
  tracking: TrackingStore;
  registry: RegistryStore;
  artifacts: ArtifactRepository;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  /** Project folder (or forewarn.yaml path) to read `store:`/`artifacts:` from. Ignored for parts given explicitly. */
  project?: string | Project;
  /** Store URL; wins over FOREWARN_STORE_URL and the config. */
  store?: string;
  /** Artifact root URI; wins over FOREWARN_ARTIFACTS_URI and the config. */
  artifacts?: string;
}

/**
 * Open the stores. Precedence per setting: explicit option > FOREWARN_* env var > forewarn.yaml > built-in default
 * (sqlite:.forewarn/forewarn.db, .forewarn/artifacts). Relative paths resolve against the project dir (or cwd).
 * The project is only loaded when something still needs it, so `--store <url>` works outside a project.
 */
export async function openStores(opts: OpenStoresOptions = {}): Promise<Stores> {
  const storeUrl = opts.store ?? process.env.FOREWARN_STORE_URL;
  const artifactsUri = opts.artifacts ?? process.env.FOREWARN_ARTIFACTS_URI;
  let project: Project | undefined = typeof opts.project === 'object' ? opts.project : undefined;
  if (!project && (opts.project !== undefined || !storeUrl || !artifactsUri)) {
    // Without an explicit project, a missing forewarn.yaml in cwd just means "use the defaults".
    project = await loadProject(opts.project as string | undefined).catch((e) => {
      if (opts.project !== undefined) throw e;
      return undefined;
    });
  }
  const baseDir = project?.dir ?? process.cwd();
  const cfgStore = project?.config.store;
  const cfgArt = project?.config.artifacts;
  const sql = await openStore(storeUrl ?? cfgStore?.url ?? 'sqlite:.forewarn/forewarn.db', { baseDir });
  const artifacts = openArtifactRepository(artifactsUri ?? cfgArt?.uri ?? '.forewarn/artifacts', {
    baseDir,
    s3: { endpoint: cfgArt?.endpoint, region: cfgArt?.region, accessKeyId: cfgArt?.accessKeyId, secretAccessKey: cfgArt?.secretAccessKey, forcePathStyle: cfgArt?.forcePathStyle },
  });
  return {
    sql,
    tracking: new SqlTrackingStore(sql),
    registry: new SqlRegistryStore(sql, { protectedAliases: cfgStore?.protectedAliases }),
    artifacts,
    close: async () => {
      (artifacts as { destroy?: () => void }).destroy?.();
      await sql.close();
    },
  };
}
