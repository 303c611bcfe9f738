import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

/**
 * Server-side latency of the self-timed routes (app.ts RouteCfg.selfTimed). Fastify only starts its reply clock
 * (`reply.elapsedTime`) when the route has onResponse hooks or a logger; those routes have neither, so they stamp
 * the request themselves in a one-line onRequest hook (much cheaper than the 'finish' listeners of onResponse).
 */
const KEY = 'fwStartedAt';

export function decorateRequestStart(app: FastifyInstance): void {
  // Declared up front so every request object has the same shape (a late-added property would change its map).
  app.decorateRequest(KEY, 0);
}

export const stampRequestStart: onRequestHookHandler = (req, _reply, done) => {
  (req as unknown as Record<typeof KEY, number>)[KEY] = performance.now();
  done();
};

/** Seconds since the request was stamped, else Fastify's own reply clock (0 when it never started). */
export function elapsedSeconds(req: FastifyRequest, reply: FastifyReply): number {
  const t0 = (req as unknown as Record<typeof KEY, number>)[KEY];
  return (t0 > 0 ? performance.now() - t0 : reply.elapsedTime) / 1000;
}
