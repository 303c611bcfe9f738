import type { FastifyPluginAsync } from 'fastify';
import type { ServingContext } from '../context.js';
import { ServingErrors } from '../errors.js';
import { assertAuthenticatedScope } from '../../http/bearer-auth.js';

const tags = ['operations'];

/** Liveness and readiness: public on every bind (orchestrators probe without a token). */
export function probeRoutes(ctx: ServingContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', { schema: { tags, summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));
    app.get('/ready', { schema: { tags, summary: 'Readiness: a model is loaded (503 otherwise)' } }, async (_req, reply) => {
      const m = ctx.slot.current;
      if (!m) return reply.code(503).send({ ready: false, error: ctx.slot.lastError ?? null });
      return { ready: true, model: m.name, version: m.version };
    });
  };
}

/** Model info and Prometheus metrics (read-only). */
export function adminRoutes(ctx: ServingContext): FastifyPluginAsync {
  return async (app) => {

    app.get('/model/info', { schema: { tags, summary: 'The served model: name, version, signature, metrics, approval, load state' } }, async () => {
      const m = ctx.slot.current;
      return {
        source: ctx.slot.sourceDescription,
        alias: ctx.slot.alias,
        loaded: !!m,
        model: m
          ? {
              name: m.name,
              version: m.version,
              format: m.format,
              approval: m.approval,
              labels: m.labels,
              signature: m.signature,
              metrics: m.metrics,
              loaded_at: m.loadedAt.toISOString(),
              load_seconds: m.loadSeconds,
              explainable: !!m.predictor.contributions,
            }
          : null,
        swaps: ctx.slot.swaps,
        last_load_error: ctx.slot.lastError ?? null,
      };
    });

    app.get('/metrics', { schema: { tags, summary: 'Prometheus metrics (text exposition format)' } }, async (_req, reply) => {
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    });
  };
}

/** The reload trigger. Changes what is served, so it is registered only inside the authenticated scope. */
export function controlRoutes(ctx: ServingContext): FastifyPluginAsync {
  return async (app) => {
    assertAuthenticatedScope(app, 'controlRoutes');
    app.post('/model/reload', {
      schema: { tags, summary: 'Re-resolve the alias and hot-swap if it moved (needs the bearer token)', security: [{ bearerAuth: [] }], querystring: { type: 'object', properties: { force: { type: 'string', enum: ['true', 'false'] } }, additionalProperties: false } },
    }, async (req) => {
      const force = (req.query as { force?: string }).force === 'true';
      const r = await ctx.slot.refresh(force);
      if (r.status === 'failed') {
        throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`reload failed, still serving ${ctx.slot.current ? `${ctx.slot.current.name} v${ctx.slot.current.version}` : 'nothing'}: ${r.error.message}`, { error: r.error });
      }
      const m = ctx.slot.current!;
      return { status: r.status, model: m.name, version: m.version };
    });
  };
}
