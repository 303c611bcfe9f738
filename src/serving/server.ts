import type { AddressInfo, Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions, type ServingApp } from './app.js';
import { resolveAuthMode } from './auth.js';
import { ServingErrors } from './errors.js';

export interface StartServerOptions extends Omit<BuildAppOptions, 'authMode'> {
  host: string;
  port: number;
  /** false only when the user explicitly disabled auth (--no-auth / serve.auth: false). */
  authEnabled: boolean;
  /** Install SIGTERM/SIGINT handlers that drain and exit (the CLI does; tests embedding the server don't). */
  handleSignals?: boolean;
  drainTimeoutSeconds?: number;
  /** Refuse to start when the first load fails (the CLI does: a typo'd file should not give a server of 503s). */
  requireModel?: boolean;
  /** Runs when the app closes (after draining): release what the model source holds (store pool, S3 client). */
  onClose?: () => Promise<void>;
}

export interface RunningServer extends ServingApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Listen and handle signals. The auth policy is decided here, from the bind address, before anything listens:
 * an exposed address without a token is refused unless auth was switched off explicitly.
 */
export async function startServer(o: StartServerOptions): Promise<RunningServer> {
  const authMode = resolveAuthMode(o.host, o.token, o.authEnabled);
  const served = await buildApp({ ...o, authMode });
  const { app } = served;
  // buildApp has already readied the app (no more hooks), so the source's resources are released after app.close().
  const closeAll = async (): Promise<void> => {
    try { await app.close(); } finally { await o.onClose?.(); }
  };
  if (o.requireModel && !served.slot.current) {
    await closeAll();
    const err = served.slot.lastError;
    throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`cannot start: the model did not load from ${served.slot.sourceDescription}: ${err?.message ?? 'unknown error'}`, { cause: err?.code });
  }
  let url: string;
  try {
    await app.listen({ host: o.host, port: o.port });
    // The address actually bound (Fastify's own answer for 0.0.0.0 is one of the machine's addresses, which made the
    // banner say 127.0.0.1 while the service listened on every interface).
    const a = app.server.address() as AddressInfo;
    url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  } catch (e) {
    await closeAll();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw ServingErrors.FW_ERR_SERVE_BAD_OPTION(`port ${o.port} on ${o.host} is already in use; pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw ServingErrors.FW_ERR_SERVE_BAD_OPTION(`cannot listen on host '${o.host}': it is not an address of this machine`);
    throw e;
  }
  o.logger?.info({ url, authMode, model: served.slot.current?.name, version: served.slot.current?.version }, 'listening');
  if (o.handleSignals) installSignalHandlers(app, closeAll, o.drainTimeoutSeconds ?? 30, o.logger);
  return { ...served, url, close: closeAll };
}

/**
 * SIGTERM/SIGINT: stop accepting; idle keep-alive connections are closed at once (and again as requests finish);
 * a request whose handler is running finishes and its reply carries `Connection: close`; a client still sending its
 * body (a slow or stalled upload) is cut off, so one trickling client cannot hold the shutdown. Exit 0 when done
 * (1 if draining exceeds the timeout).
 */
function installSignalHandlers(app: FastifyInstance, closeAll: () => Promise<void>, drainSeconds: number, log?: BuildAppOptions['logger']): void {
  const sockets = new Set<Socket>();
  app.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  let closing = false;
  const settle = (): void => {
    app.server.closeIdleConnections();
    for (const s of sockets) {
      // The response in progress on this socket (Node's own link; null when the socket is idle between requests).
      const res = (s as unknown as { _httpMessage?: ServerResponse | null })._httpMessage;
      if (!res) continue;
      if (!res.req.complete) s.destroy();
      else if (!res.headersSent) res.shouldKeepAlive = false;
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log?.info({ signal: sig }, 'shutting down: draining in-flight requests');
    const timer = setTimeout(() => {
      log?.error({ drainSeconds }, 'in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, drainSeconds * 1000);
    timer.unref();
    settle();
    // A socket whose request finishes during the drain becomes idle afterwards: keep settling until closed.
    const sweep = setInterval(settle, 50);
    sweep.unref();
    closeAll().then(
      () => {
        log?.info('shut down cleanly');
        clearInterval(sweep);
        clearTimeout(timer);
        process.exitCode = 0;
        // Everything is closed; a stray handle must not keep a finished server alive.
        setTimeout(() => process.exit(0), 1000).unref();
      },
      (e: unknown) => {
        log?.error({ err: (e as Error).message }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
