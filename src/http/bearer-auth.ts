import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpErrors } from './errors.js';

/**
 * Who may call a route is decided by where the route is registered, never by matching URL text: routes that need
 * the token are registered inside the encapsulated scope `authenticated()` opens, whose onRequest hook checks
 * `Authorization: Bearer <token>`. The router has already decoded and matched the path when the hook runs, so
 * `/%61pi/...`, `PUT http://host/api/...`, `//api/...` or `/x/../api/...` reach the same hook as `/api/...` (or no
 * route at all); routes outside the scope never pay for the hook.
 */
export interface BearerAuth {
  /** The token callers must send. Absent: protected routes answer 401 saying how to set one. */
  readonly token?: string;
  /** true only when the operator switched auth off explicitly (--no-auth / serve.auth: false). */
  readonly disabled?: boolean;
}

/** Set on a scope opened by `authenticated()` (and inherited by its children): plugins assert they are inside one. */
const AUTH_SCOPE = 'fwBearerAuth';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Throws 401 unless `header` is `Bearer <token>`. Comparison is constant-time (hashes of equal length). */
export function checkBearer(header: string | string[] | undefined, auth: BearerAuth, what: string): void {
  if (auth.disabled) return;
  if (!auth.token) {
    throw HttpErrors.FW_ERR_HTTP_UNAUTHORIZED(`${what} needs a bearer token, and the server has none configured: set FOREWARN_API_TOKEN or serve.token (or start with --no-auth to switch authentication off)`);
  }
  const m = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (!m) throw HttpErrors.FW_ERR_HTTP_UNAUTHORIZED(`${what} needs the header 'Authorization: Bearer <token>'`);
  if (!timingSafeEqual(digest(m[1]!), digest(auth.token))) throw HttpErrors.FW_ERR_HTTP_UNAUTHORIZED('the bearer token is wrong');
}

/**
 * Open an encapsulated scope whose routes all need the token, and register `routes` in it. Nested calls under an
 * already-authenticated scope with the same policy add no second hook.
 */
export async function authenticated(app: FastifyInstance, auth: BearerAuth, routes: (scope: FastifyInstance) => Promise<void> | void): Promise<void> {
  await app.register(async (scope) => {
    const outer = (scope as unknown as Record<string, unknown>)[AUTH_SCOPE] as BearerAuth | undefined;
    if (outer !== auth) {
      if (outer === undefined) scope.decorate(AUTH_SCOPE, auth);
      else (scope as unknown as Record<string, unknown>)[AUTH_SCOPE] = auth;
      if (!auth.disabled) {
        // Callback style: an async hook costs a promise and a microtask per request.
        scope.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
          try {
            checkBearer(req.headers.authorization, auth, `${req.method} ${req.routeOptions.url ?? '(this route)'}`);
          } catch (e) {
            return done(e as Error);
          }
          done();
        });
      }
    }
    await routes(scope);
  });
}

/** True inside a scope opened by `authenticated()`. */
export function isAuthenticatedScope(app: FastifyInstance): boolean {
  return (app as unknown as Record<string, unknown>)[AUTH_SCOPE] !== undefined;
}

/** For plugins whose routes change state: refuse, at start-up, to be registered outside an authenticated scope. */
export function assertAuthenticatedScope(app: FastifyInstance, plugin: string): void {
  if (!isAuthenticatedScope(app)) {
    throw new Error(`${plugin}: these routes change state and must be registered inside authenticated(app, auth, ...) (src/http/bearer-auth.ts)`);
  }
}

/**
 * What a server's routes need, decided once at start-up (serving/auth.ts picks it from the bind address):
 * `auth` guards the routes that change state; with `everything`, reads need the token too (an exposed bind).
 */
export interface RouteAccess {
  readonly auth: BearerAuth;
  readonly everything: boolean;
}

/**
 * Register read-only routes: open (in a plain scope, no hook: the hot path stays lean) unless the server requires the
 * token for everything, then inside the authenticated scope.
 */
export async function readRoutes(app: FastifyInstance, access: RouteAccess, routes: (scope: FastifyInstance) => Promise<void> | void): Promise<void> {
  if (access.everything) return authenticated(app, access.auth, routes);
  await app.register(async (scope) => {
    await routes(scope);
  });
}
