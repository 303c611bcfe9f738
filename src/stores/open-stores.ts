import { loadProject, type Project } from '../config/load.js';
import { resolveSetting, setBeforeYaml } from '../config/precedence.js';
import { openStore } from '../db/open-store.js';
import type { SqlStore } from '../db/sql-store.js';
import { openArtifactRepository } from '../artifacts/open-repository.js';
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { SqlRegistryStore } from '../registry/sql-registry-store.js';
import type { RegistryStore } from '../registry/registry-store.js';
import { SqlTrackingStore } from '../tracking/sql-tracking-store.js';
import type { TrackingStore } from '../tracking/tracking-store.js';
import { DEFAULT_ARTIFACTS_URI, DEFAULT_STORE_URL } from '../tracking/config.js';

/**
 * The composition root: "open this project's stores, registry and artifacts". It stands above tracking, registry,
 * db and artifacts (which never import each other for this) and below every caller: pipeline, serving, CLI, and
 * next monitoring, retraining and streaming.
 */

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
 * Open the stores. Precedence per setting is config/precedence.ts (flag > FOREWARN_* env var > forewarn.yaml >
 * default). Relative paths resolve against the project dir (or cwd). The project is only loaded when something still
 * needs it, so `--store <url>` works outside a project.
 */
export async function openStores(opts: OpenStoresOptions = {}): Promise<Stores> {
  let project: Project | undefined = typeof opts.project === 'object' ? opts.project : undefined;
  const bothGiven = setBeforeYaml(opts.store, 'FOREWARN_STORE_URL') && setBeforeYaml(opts.artifacts, 'FOREWARN_ARTIFACTS_URI');
  if (!project && (opts.project !== undefined || !bothGiven)) {
    // Without an explicit project, a missing forewarn.yaml in cwd just means "use the defaults".
    project = await loadProject(opts.project as string | undefined).catch((e) => {
      if (opts.project !== undefined) throw e;
      return undefined;
    });
  }
  const baseDir = project?.dir ?? process.cwd();
  const cfgStore = project?.config.store;
  const cfgArt = project?.config.artifacts;
  const storeUrl = resolveSetting({ flag: opts.store, envVar: 'FOREWARN_STORE_URL', yaml: cfgStore?.url, fallback: DEFAULT_STORE_URL }).value;
  const artifactsUri = resolveSetting({ flag: opts.artifacts, envVar: 'FOREWARN_ARTIFACTS_URI', yaml: cfgArt?.uri, fallback: DEFAULT_ARTIFACTS_URI }).value;
  const sql = await openStore(storeUrl, { baseDir });
  const artifacts = openArtifactRepository(artifactsUri, {
    baseDir,
    s3: { endpoint: cfgArt?.endpoint, region: cfgArt?.region, accessKeyId: cfgArt?.accessKeyId, secretAccessKey: cfgArt?.secretAccessKey, forcePathStyle: cfgArt?.forcePathStyle },
  });
  return {
    sql,
    tracking: new SqlTrackingStore(sql),
    registry: new SqlRegistryStore(sql, { protectedAliases: cfgStore?.protectedAliases }),
    artifacts,
    close: async () => {
      try {
        await artifacts.close();
      } finally {
        await sql.close();
      }
    },
  };
}
