import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { StreamErrors } from '../errors.js';
import type { AlertStore } from '../alert-store.js';
import { installErrorHandler } from '../../http/error-handler.js';
import { authenticated, readRoutes, type RouteAccess } from '../../http/bearer-auth.js';

export interface StreamRoutesOptions {
  registry: Registry;
  health: () => { ok: boolean; [k: string]: unknown };
  alerts?: AlertStore;
  /** From the bind address (serving/auth.ts routeAccess): acknowledging always needs the token. */
  access: RouteAccess;
}

/**
 * The stream process's HTTP face, on the shared HTTP kit: /metrics and /health (open, for probes and Prometheus),
 * GET /alerts (open on loopback, token on an exposed bind), POST /alerts/:id/ack (always in the authenticated
 * scope). Errors leave as the one `{code, message, errors?}` envelope.
 */
export async function streamRoutes(parent: FastifyInstance, o: StreamRoutesOptions): Promise<void> {
  await parent.register(async (root) => {
    installErrorHandler(root);
    root.get('/metrics', async (_req, reply) => {
      void reply.type(o.registry.contentType);
      return o.registry.metrics();
    });
    root.get('/health', async (_req, reply) => {
      const h = o.health();
      void reply.code(h.ok ? 200 : 503);
      return h;
    });
    if (!o.alerts) return;
    const store = o.alerts;
    await readRoutes(root, o.access, (app) => {
      app.get<{ Querystring: { status?: 'open' | 'closed'; machine?: string; acked?: 'true' | 'false'; limit?: number } }>('/alerts', {
        schema: { querystring: { type: 'object', additionalProperties: false, properties: { status: { enum: ['open', 'closed'] }, machine: { type: 'string', minLength: 1, maxLength: 200 }, acked: { enum: ['true', 'false'] }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } } },
      }, async (req) => {
        const q = req.query;
        return { alerts: await store.list({ status: q.status, machine: q.machine, acked: q.acked === undefined ? undefined : q.acked === 'true', limit: q.limit }) };
      });
    });
    await authenticated(root, o.access.auth, (app) => {
      app.post<{ Params: { id: string }; Body: { by?: string; note?: string } | undefined }>('/alerts/:id/ack', {
        bodyLimit: 16384,
        schema: { body: { type: ['object', 'null'], additionalProperties: false, properties: { by: { type: 'string', minLength: 1, maxLength: 200 }, note: { type: 'string', maxLength: 2000 } } } },
      }, async (req) => {
        const ok = await store.ack(req.params.id, req.body?.by ?? 'api', req.body?.note);
        if (!ok) throw StreamErrors.FW_ERR_STREAM_ALERT_NOT_FOUND(`no alert ${req.params.id}`);
        return { alert: await store.get(req.params.id) };
      });
    });
  });
}
