import { isIP } from 'node:net';
import type { RouteAccess } from '../http/bearer-auth.js';
import { ServingErrors } from './errors.js';

/**
 * Who may call what. 'mutating': only routes that change state need the token (loopback default);
 * 'all': every route except the health probes needs it (non-loopback default);
 * 'off': nothing is checked (only when asked for explicitly).
 * The routes themselves are placed by src/http/bearer-auth.ts (authenticated / readRoutes), never matched by URL.
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

export function routeAccess(mode: AuthMode, token: string | undefined): RouteAccess {
  return { auth: { token, disabled: mode === 'off' }, everything: mode === 'all' };
}
