import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { loadProject, CONFIG_FILE, type Project } from '../config/load.js';
import { serveSection, type ServeConfig } from './config.js';
import { FileModelSource } from '../inference/model-source.js';
import type { ModelSource } from '../inference/model-source.js';
import { startServer, type RunningServer, type StartServerOptions } from './server.js';
import { createLogger } from '../core/logger.js';
import { resolveSetting } from '../config/precedence.js';
import { ServingErrors } from './errors.js';
import { isLoopback } from './auth.js';

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
  const cfg: ServeConfig = project?.config.serve ?? serveSection.parse({});
  const tokenSetting = resolveSetting({ envVar: 'FOREWARN_API_TOKEN', yaml: cfg.token, fallback: undefined });
  // A token from the environment passes the same rule as serve.token in forewarn.yaml (serving/config.ts).
  if (tokenSetting.from === 'env' && !serveSection.shape.token.safeParse(tokenSetting.value).success) {
    throw ServingErrors.FW_ERR_SERVE_BAD_OPTION('FOREWARN_API_TOKEN: a token must have at least 8 characters');
  }
  const token = tokenSetting.value;
  const authEnabled = o.auth !== false && cfg.auth;
  const alias = o.alias ?? cfg.alias;
  const log = createLogger('serve');

  let source: ModelSource;
  const mounts: NonNullable<StartServerOptions['mounts']> = [];
  let closeSource: (() => Promise<void>) | undefined;
  let sharedSql: import('../db/sql-store.js').SqlStore | undefined;
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
    sharedSql = r.sql;
    // The registry HTTP API over the same store: reads placed like the service's reads, writes always behind the token.
    const registry = r.registry;
    mounts.push((app, access) => registryRoutes(app, { store: registry, access }));
  }

  const { openServeMonitoring } = await import('./monitoring-wiring.js');
  const monitoring = await openServeMonitoring(project, sharedSql);
  if (monitoring.routes) mounts.push(monitoring.routes);
  const closeStores = closeSource;
  const server = await startServer({
    recorder: monitoring.recorder,
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
    timeouts: { requestSeconds: cfg.requestTimeoutSeconds, headersSeconds: cfg.headersTimeoutSeconds, keepAliveSeconds: cfg.keepAliveTimeoutSeconds },
    handleSignals: true,
    requireModel: true,
    logger: log,
    // The app's onClose has flushed the prediction log by now; then its store, then the registry's.
    onClose: async () => { try { await monitoring.close(); } finally { await closeStores?.(); } },
    mounts,
  });
  const host = o.host ?? cfg.host;
  const warning = noAuthWarning(authEnabled, host, server.url);
  if (warning) {
    process.stderr.write(warning);
    log.warn({ host, url: server.url }, 'authentication is off on a non-loopback address');
  }
  monitoring.startDrift(() => server.slot.current, server.metrics);
  const m = server.slot.current;
  process.stdout.write(
    `forewarn serving ${m ? `${m.name} v${m.version}` : `(no model loaded yet: ${server.slot.lastError?.message ?? 'unknown'})`} from ${source.description} at ${server.url}\n` +
    `  POST ${server.url}/predict · /invocations · /v2/models/${m?.name ?? '<name>'}/infer · docs ${server.url}/docs · metrics ${server.url}/metrics\n` +
    `  ${monitoring.describe}\n`,
  );
  return server;
}

/** The loud start-up warning for a service without authentication on a non-loopback address (else undefined). */
export function noAuthWarning(authEnabled: boolean, host: string, url: string): string | undefined {
  if (authEnabled || isLoopback(host)) return undefined;
  const line = '!'.repeat(100);
  return (
    `${line}\n!! WARNING: authentication is OFF (--no-auth / serve.auth: false) and the service listens on ${url} (${host}, not a loopback address).\n` +
    `!! Anyone who can reach this address can move the production alias, approve or reject versions, reload the model and read predictions.\n` +
    `!! Set FOREWARN_API_TOKEN (or serve.token) and drop --no-auth, or bind to 127.0.0.1.\n${line}\n`
  );
}
