import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { isFwError, CoreErrors } from '../../core/errors.js';
import { StreamErrors } from '../errors.js';
import type { AlertStore } from '../alert-store.js';
import { checkBearer } from '../../serving/auth.js';

export interface StreamRoutesOptions {
  registry: Registry;
  health: () => { ok: boolean; [k: string]: unknown };
  alerts?: AlertStore;
  /** Bearer token for POST (ack); GETs on a loopback bind are open, like `forewarn serve`. */
  token?: string;
}

/**
 * The stream process's HTTP face: /metrics (Prometheus), /health, and the alert list / acknowledge routes. Errors
 * leave as `{code, message}` with a 4xx for the caller's faults.
 */
export async function streamRoutes(app: FastifyInstance, o: StreamRoutesOptions): Promise<void> {
  app.setErrorHandler((err, _req, reply) => {
    const fw = isFwError(err) ? err : null;
    const status = fw ? fw.status : (err as { statusCode?: number }).statusCode ?? 500;
    const code = fw ? fw.code : status < 500 ? CoreErrors.defs.FW_ERR_CORE_INVALID_ARGUMENT.code : 'FW_ERR_CORE_INTERNAL';
    void reply.code(status).send({ code, message: (err as Error).message });
  });
  app.get('/metrics', async (_req, reply) => {
    void reply.type(o.registry.contentType);
    return o.registry.metrics();
  });
  app.get('/health', async (_req, reply) => {
    const h = o.health();
    void reply.code(h.ok ? 200 : 503);
    return h;
  });
  if (!o.alerts) return;
  const store = o.alerts;
  app.get<{ Querystring: { status?: string; machine?: string; acked?: string; limit?: string } }>('/alerts', {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { status: { enum: ['open', 'closed'] }, machine: { type: 'string', minLength: 1, maxLength: 200 }, acked: { enum: ['true', 'false'] }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } } },
  }, async (req) => {
    const q = req.query;
    return { alerts: await store.list({ status: q.status as 'open' | 'closed' | undefined, machine: q.machine, acked: q.acked === undefined ? undefined : q.acked === 'true', limit: q.limit === undefined ? undefined : Number(q.limit) }) };
  });
  app.post<{ Params: { id: string }; Body: { by?: string; note?: string } | undefined }>('/alerts/:id/ack', {
    bodyLimit: 16384,
    schema: { body: { type: ['object', 'null'], additionalProperties: false, properties: { by: { type: 'string', minLength: 1, maxLength: 200 }, note: { type: 'string', maxLength: 2000 } } } },
  }, async (req) => {
    checkBearer(req, o.token);
    const ok = await store.ack(req.params.id, req.body?.by ?? 'api', req.body?.note);
    if (!ok) throw StreamErrors.FW_ERR_STREAM_ALERT_NOT_FOUND(`no alert ${req.params.id}`);
    return { alert: await store.get(req.params.id) };
  });
}
