import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ServingErrors } from './errors.js';

/**
 * Who may call what. 'mutating': only endpoints marked `config.mutating` need the token (loopback default);
 * 'all': every endpoint except the health probes (`config.public`) needs it (non-loopback default);
 * 'off': nothing is checked (only when asked for explicitly).
 */
export type AuthMode = 'mutating' | 'all' | 'off';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Decide the mode at start-up; refuses an exposed server without a token unless auth was turned off explicitly. */
export function resolveAuthMode(host: string, token: string | undefined, authEnabled: boolean): AuthMode {
  if (!authEnabled) return 'off';
  if (isLoopback(host)) return 'mutating';
  if (!token) {
    throw ServingErrors.FW_ERR_SERVE_UNSAFE_BIND(`refusing to listen on ${host} (not a loopback address) without an API token: set FOREWARN_API_TOKEN or serve.token, or pass --no-auth / serve.auth: false to serve without authentication`);
  }
  return 'all';
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Throws 401 unless the request carries `Authorization: Bearer <token>`. Constant-time comparison. */
export function checkBearer(req: FastifyRequest, token: string | undefined): void {
  if (!token) {
    throw ServingErrors.FW_ERR_SERVE_UNAUTHORIZED(`${req.method} ${req.url} needs a bearer token, and the server has none configured: set FOREWARN_API_TOKEN or serve.token (or start with --no-auth)`);
  }
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
  if (!m) throw ServingErrors.FW_ERR_SERVE_UNAUTHORIZED(`${req.method} ${req.routeOptions.url ?? req.url} needs the header 'Authorization: Bearer <token>'`);
  if (!timingSafeEqual(digest(m[1]!.trim()), digest(token))) throw ServingErrors.FW_ERR_SERVE_UNAUTHORIZED('the bearer token is wrong');
}
