import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest, type onRequestHookHandler, type onResponseHookHandler } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import type { ModelSource } from './model-source.js';
import { ModelSlot } from './model-slot.js';
import { ServingMetrics } from './metrics.js';
import { createContext } from './context.js';
import type { PredictionRecorder } from './prediction-recorder.js';
import { installErrorHandling } from './error-handler.js';
import { checkBearer, type AuthMode } from './auth.js';
import { predictRoutes } from './protocols/predict-routes.js';
import { mlflowRoutes } from './protocols/mlflow-routes.js';
import { v2Routes } from './protocols/v2-routes.js';
import { adminRoutes } from './protocols/admin-routes.js';
import { installJsonParser } from './json-body.js';
import { decorateRequestStart, elapsedSeconds, stampRequestStart } from './request-timing.js';

export const SERVER_VERSION = '0.1.0';

/**
 * Route config flags. `selfTimed`: the handler records its own successful replies in the request metrics and the
 * error handler its failures, so the route needs no onResponse hook (the hook runner costs ~5 µs per request, a tenth
 * of a /predict call with a small model); its clock starts in a tiny onRequest hook (request-timing.ts).
 */
type RouteCfg = { public?: boolean; mutating?: boolean; selfTimed?: boolean };

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
  /** Serve /docs and /openapi.json (default true). */
  docs?: boolean;
  /** Process metrics (CPU, memory, event loop) in /metrics (default true). */
  defaultMetrics?: boolean;
  /** The prediction log's recorder (monitoring); flushed when the app closes, after in-flight requests drained. */
  recorder?: PredictionRecorder;
  /** Extra route plugins (e.g. the registry's `registryRoutes`), mounted under the same auth and error handling. */
  plugins?: { plugin: FastifyPluginAsync; prefix?: string; mutating?: boolean; /** URL prefix whose writes need the token (default: prefix). */ guardPrefix?: string }[];
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
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    // No coercion: "12" is not a number and an unknown field is an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: false, allowUnionTypes: true } },
    return503OnClosing: true,
  });
  // Only JSON (and CSV on /invocations) is accepted; Fastify's default text/plain parser would turn a wrong
  // Content-Type into a confusing "expected object" instead of a 415.
  app.removeContentTypeParser('text/plain');
  installJsonParser(app);
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
  installErrorHandling(app, opts.logger, (req, reply) => {
    const label = req.is404 ? 'unmatched' : (req.routeOptions.config as RouteCfg).selfTimed ? req.routeOptions.url : undefined;
    if (label !== undefined) metrics.observeRequest(label, req.method, reply.statusCode, elapsedSeconds(req, reply));
  });

  const mode = opts.authMode ?? 'mutating';
  const mutatingPrefixes = (opts.plugins ?? []).filter((p) => p.mutating).map((p) => p.guardPrefix ?? p.prefix ?? '/');
  // Hooks on the hot path are callback-style (an async hook costs a promise + microtask per request) and read the
  // route's options once at registration (onRoute) rather than per request: Fastify's `req.routeOptions` getter
  // builds a fresh 12-field object on every access.
  const authHook = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    try {
      checkBearer(req, opts.token);
    } catch (e) {
      return done(e as Error);
    }
    done();
  };
  if (mode === 'all' || (mode === 'mutating' && mutatingPrefixes.length > 0)) {
    // Every request may need the token (also unmatched URLs under a guarded prefix), so the check stays global.
    app.addHook('onRequest', (req, reply, done) => {
      const cfg = req.routeOptions.config as RouteCfg;
      if (cfg.public) return done();
      const pluginWrite = req.method !== 'GET' && req.method !== 'HEAD' && mutatingPrefixes.some((p) => req.url.startsWith(p));
      if (mode === 'all' || cfg.mutating || pluginWrite) return authHook(req, reply, done);
      done();
    });
  }
  const withHook = <H>(existing: H | H[] | undefined, h: H): H[] => (existing === undefined ? [h] : Array.isArray(existing) ? [...existing, h] : [existing, h]);
  app.addHook('onRoute', (route) => {
    // 'mutating' mode without guarded prefixes: only routes marked mutating check the token (unmatched URLs never did).
    if (mode === 'mutating' && mutatingPrefixes.length === 0 && (route.config as RouteCfg | undefined)?.mutating) {
      route.onRequest = withHook(route.onRequest as onRequestHookHandler | onRequestHookHandler[] | undefined, authHook as onRequestHookHandler);
    }
    if ((route.config as RouteCfg | undefined)?.selfTimed) {
      // First of the route's hooks, so a refusal by a later one is timed too.
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
  if (opts.docs !== false) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'forewarn prediction service', version: SERVER_VERSION, description: 'Predictions from the model version behind an alias. forewarn /predict, MLflow /invocations and Open Inference Protocol v2 over the same model, validated against its signature.' },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }

  await app.register(adminRoutes(ctx));
  await app.register(predictRoutes(ctx));
  await app.register(mlflowRoutes(ctx, SERVER_VERSION));
  await app.register(v2Routes(ctx, SERVER_VERSION));
  for (const p of opts.plugins ?? []) await app.register(p.plugin, p.prefix ? { prefix: p.prefix } : {});

  app.addHook('onClose', async () => {
    await opts.recorder?.close();
    await slot.close();
  });

  await slot.refresh();
  if (opts.pollSeconds) slot.startPolling(opts.pollSeconds);
  await app.ready();
  return { app, slot, metrics };
}
