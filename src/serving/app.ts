import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type onRequestHookHandler, type onResponseHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { ModelSource } from '../inference/model-source.js';
import { ModelSlot } from '../inference/model-slot.js';
import { ServingMetrics } from './metrics.js';
import { createContext } from './context.js';
import { clientErrorHandler, installErrorHandler } from '../http/error-handler.js';
import type { PredictionRecorder } from './prediction-recorder.js';
import type { RouteAccess } from '../http/bearer-auth.js';
import { routeAccess, type AuthMode } from './auth.js';
import { mountPrediction } from './prediction-preset.js';
import { installJsonParser } from './json-body.js';
import { decorateRequestStart, elapsedSeconds, stampRequestStart } from './request-timing.js';
import { ROUTE_PARAM_MAX_LENGTH } from '../core/names.js';

export const SERVER_VERSION = '0.1.0';

/**
 * Route config flags. `selfTimed`: the handler records its own successful replies in the request metrics and the
 * error handler its failures, so the route needs no onResponse hook (the hook runner costs ~5 µs per request, a tenth
 * of a /predict call with a small model); its clock starts in a tiny onRequest hook (request-timing.ts).
 */
type RouteCfg = { selfTimed?: boolean };

export interface BuildAppOptions {
  source: ModelSource;
  /** Model name (registry sources need it; file sources report the file name). */
  modelName?: string;
  alias?: string;
  token?: string;
  /** Default 'mutating' (only reload and registry writes need the token). server.ts decides it from the bind address. */
  authMode?: AuthMode;
  bodyLimitBytes?: number;
  maxBatchRecords?: number;
  explainTopK?: number;
  /** Poll the source every N seconds for a moved alias / replaced file (0 = only on POST /model/reload). */
  pollSeconds?: number;
  logger?: Logger;
  /**
   * Connection timeouts in seconds (defaults: request 30, headers 10, keep-alive 5). Node checks them every
   * `checkIntervalMs` (default 1,000; Node's own default of 30 s would let a trickling client linger that long).
   */
  timeouts?: { requestSeconds?: number; headersSeconds?: number; keepAliveSeconds?: number; checkIntervalMs?: number };
  /** Serve /docs and /openapi.json (default true). */
  docs?: boolean;
  /** Process metrics (CPU, memory, event loop) in /metrics (default true). */
  defaultMetrics?: boolean;
  /** The prediction log's recorder (monitoring); flushed when the app closes, after in-flight requests drained. */
  recorder?: PredictionRecorder;
  /**
   * Extra route sets (e.g. the registry API), mounted with the same error handling. Each places its own routes with
   * `access` (src/http/bearer-auth.ts): reads through readRoutes, writes inside authenticated.
   */
  mounts?: ((app: FastifyInstance, access: RouteAccess) => Promise<void>)[];
}

export interface ServingApp {
  app: FastifyInstance;
  slot: ModelSlot;
  metrics: ServingMetrics;
}

/**
 * Build the prediction service. Loads the model behind the alias (a failed first load still builds the app: /ready
 * answers 503 and /model/info says why), wires every protocol, and never listens: tests use inject(), server.ts
 * calls listen(). Closing the app stops polling and releases the model.
 */
export async function buildApp(opts: BuildAppOptions): Promise<ServingApp> {
  const t = opts.timeouts ?? {};
  const requestMs = (t.requestSeconds ?? 30) * 1000;
  const headersMs = Math.min((t.headersSeconds ?? 10) * 1000, requestMs);
  const keepAliveMs = (t.keepAliveSeconds ?? 5) * 1000;
  const app = Fastify({
    logger: false,
    // Slow clients are cut off by Node's own timers: a body trickled one byte every few seconds gets a 408 after
    // requestMs, instead of holding a connection (and every shutdown) open for ever.
    serverFactory: (handler) => {
      const server = createServer({ connectionsCheckingInterval: t.checkIntervalMs ?? 1000, requestTimeout: requestMs, headersTimeout: headersMs, keepAliveTimeout: keepAliveMs }, handler);
      return server;
    },
    clientErrorHandler,
    keepAliveTimeout: keepAliveMs,
    requestTimeout: requestMs,
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    // No coercion: "12" is not a number and an unknown field is an error, not silently dropped. Schema validation
    // stops at the first error: with allErrors a 1 MiB body of 500,000 wrong items built 500,000 error objects
    // (seconds of blocked event loop). Record fields are checked by the signature validator, which lists them all.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false, useDefaults: false, allowUnionTypes: true } },
    return503OnClosing: true,
    // Fastify's default (100) would 404 model names the registry accepts (up to 128; see core/names.ts).
    routerOptions: { maxParamLength: ROUTE_PARAM_MAX_LENGTH },
  });
  // Only JSON (and CSV on /invocations) is accepted; Fastify's default text/plain parser would turn a wrong
  // Content-Type into a confusing "expected object" instead of a 415.
  app.removeContentTypeParser('text/plain');
  installJsonParser(app, opts.maxBatchRecords ?? 10_000);
  decorateRequestStart(app);
  const metrics = new ServingMetrics(opts.defaultMetrics ?? true);
  const slot = new ModelSlot(opts.source, opts.modelName, opts.alias ?? 'production', {
    onSwap: (next, prev) => metrics.modelLoaded(next, !!prev),
    onLoadError: (e) => metrics.loadFailures.labels(e.code).inc(),
  }, opts.logger);
  const ctx = createContext(slot, metrics, opts.maxBatchRecords ?? 10_000, opts.explainTopK ?? 10, opts.recorder);
  if (opts.recorder) metrics.watchPredictionLog(opts.recorder.stats);
  // Error replies of self-timed routes (see below) and of unmatched URLs are counted here; unmatched URLs share one
  // label value so scanners cannot blow up the series count.
  installErrorHandler(app, {
    log: opts.logger,
    onErrorReply: (req, reply) => {
      const label = req.is404 ? 'unmatched' : (req.routeOptions.config as RouteCfg).selfTimed ? req.routeOptions.url : undefined;
      if (label !== undefined) metrics.observeRequest(label, req.method, reply.statusCode, elapsedSeconds(req, reply));
    },
    // Open Inference Protocol clients read `error`.
    finish: (req, body) => {
      if (req.url.startsWith('/v2')) body.error = body.message;
    },
  });

  const withHook = <H>(existing: H | H[] | undefined, h: H): H[] => (existing === undefined ? [h] : Array.isArray(existing) ? [...existing, h] : [existing, h]);
  app.addHook('onRoute', (route) => {
    if ((route.config as RouteCfg | undefined)?.selfTimed) {
      // First of the route's own hooks (scope hooks such as the bearer check in 'all' mode run before it).
      const existing = route.onRequest as onRequestHookHandler | onRequestHookHandler[] | undefined;
      route.onRequest = [stampRequestStart, ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing])];
      return;
    }
    // The route pattern is the metrics label (low cardinality by construction).
    const label = route.url;
    const observe: onResponseHookHandler = (req, reply, done) => {
      metrics.observeRequest(label, req.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = withHook(route.onResponse as onResponseHookHandler | onResponseHookHandler[] | undefined, observe);
  });

  // Authorization is decided by where each route is registered (src/http/bearer-auth.ts), never by its URL text.
  const access = routeAccess(opts.authMode ?? 'mutating', opts.token);
  await mountPrediction(app, ctx, access, { docs: opts.docs !== false, version: SERVER_VERSION });
  for (const mount of opts.mounts ?? []) await mount(app, access);

  app.addHook('onClose', async () => {
    await opts.recorder?.close();
    await slot.close();
  });

  await slot.refresh();
  if (opts.pollSeconds) slot.startPolling(opts.pollSeconds);
  await app.ready();
  return { app, slot, metrics };
}
