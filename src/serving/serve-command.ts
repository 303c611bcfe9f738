import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { loadProject, CONFIG_FILE, type Project } from '../config/load.js';
import { serveSection, type ServeConfig } from './config.js';
import { FileModelSource } from '../inference/model-source.js';
import type { ModelSource } from '../inference/model-source.js';
import { startServer, type RunningServer, type StartServerOptions } from './server.js';
import { createLogger } from '../core/logger.js';
import { ServingErrors } from './errors.js';

export interface ServeCliOptions {
  project?: string;
  model?: string;
  alias?: string;
  modelFile?: string;
  host?: string;
  port?: number;
  pollSeconds?: number;
  /** commander's --no-auth sets auth=false. */
  auth?: boolean;
  requireApproved?: boolean;
  bodyLimitBytes?: number;
  maxBatch?: number;
}

/**
 * `forewarn serve`: merge forewarn.yaml `serve:` (when there is a project) with flags, pick the model source (a file,
 * or the registry alias), and start the server with signal handling. Returns once listening.
 */
export async function runServe(o: ServeCliOptions): Promise<RunningServer> {
  let project: Project | undefined;
  const dir = resolve(o.project ?? '.');
  if (o.project !== undefined || existsSync(join(dir, CONFIG_FILE)) || !o.modelFile) project = await loadProject(o.project);
  const cfg: ServeConfig = (project?.config as { serve?: ServeConfig } | undefined)?.serve ?? serveSection.parse({});
  const token = process.env.FOREWARN_API_TOKEN || cfg.token;
  if (process.env.FOREWARN_API_TOKEN !== undefined && process.env.FOREWARN_API_TOKEN.length > 0 && process.env.FOREWARN_API_TOKEN.length < 8) {
    throw ServingErrors.FW_ERR_SERVE_BAD_OPTION('FOREWARN_API_TOKEN: a token must have at least 8 characters');
  }
  const authEnabled = o.auth !== false && cfg.auth;
  const alias = o.alias ?? cfg.alias;
  const log = createLogger('serve');

  let source: ModelSource;
  const mounts: NonNullable<StartServerOptions['mounts']> = [];
  let closeSource: (() => Promise<void>) | undefined;
  let modelName = o.model ?? cfg.model;
  if (o.modelFile) {
    source = new FileModelSource({ path: resolve(o.modelFile), name: o.model });
    modelName = undefined;
  } else {
    if (!modelName) throw ServingErrors.FW_ERR_SERVE_BAD_OPTION('which model? pass --model <registered name> (or set serve.model in forewarn.yaml), or --model-file <model.json|model.onnx>');
    // Imported here, not at the top: the registry pulls in the SQL store and its drivers (~230 ms and ~30 MB of
    // modules), which `--model-file` serving never uses.
    const [{ openRegistrySource }, { registryRoutes }] = await Promise.all([import('./registry-wiring.js'), import('../registry/http/registry-routes.js')]);
    const r = await openRegistrySource(project!, o.requireApproved ? ['Approved'] : undefined);
    source = r.source;
    closeSource = r.close;
    // The registry HTTP API over the same store: reads placed like the service's reads, writes always behind the token.
    const registry = r.registry;
    mounts.push((app, access) => registryRoutes(app, { store: registry, access }));
  }

  const server = await startServer({
    source,
    modelName,
    alias,
    token,
    authEnabled,
    host: o.host ?? cfg.host,
    port: o.port ?? cfg.port,
    pollSeconds: o.pollSeconds ?? cfg.pollSeconds,
    bodyLimitBytes: o.bodyLimitBytes ?? cfg.bodyLimitBytes,
    maxBatchRecords: o.maxBatch ?? cfg.maxBatchRecords,
    explainTopK: cfg.explainTopK,
    drainTimeoutSeconds: cfg.drainTimeoutSeconds,
    handleSignals: true,
    requireModel: true,
    logger: log,
    onClose: closeSource,
    mounts,
  });
  const m = server.slot.current;
  process.stdout.write(
    `forewarn serving ${m ? `${m.name} v${m.version}` : `(no model loaded yet: ${server.slot.lastError?.message ?? 'unknown'})`} from ${source.description} at ${server.url}\n` +
    `  POST ${server.url}/predict · /invocations · /v2/models/${m?.name ?? '<name>'}/infer · docs ${server.url}/docs · metrics ${server.url}/metrics\n`,
  );
  return server;
}
