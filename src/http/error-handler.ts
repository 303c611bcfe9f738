import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isFwError, CoreErrors } from '../core/errors.js';
import { HttpErrors } from './errors.js';
import { describeValue } from '../core/describe-value.js';

/** One field that broke a rule: `records.3.Temp: expected a finite number, got string "hot"`. */
export interface FieldError {
  field: string;
  expected: string;
  got: string;
}

/** The one error envelope of every forewarn HTTP server. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface ErrorHandlingOptions {
  log?: Logger;
  /** Runs after an error reply is sent (the prediction service counts self-timed routes' failures here). */
  onErrorReply?: (req: FastifyRequest, reply: FastifyReply) => void;
  /** Last touch to an envelope before it is sent (Open Inference Protocol clients read `error`, not `message`). */
  finish?: (req: FastifyRequest, body: ErrorEnvelope) => void;
  /** Also answer unmatched URLs (default true). Fastify allows one not-found handler per prefix: a plugin mounted
   * into a host app leaves unmatched URLs to the host. */
  notFound?: boolean;
}

/**
 * Every failure leaves as JSON `{code, message, errors?}` with a 4xx status when the client was at fault. Nothing a
 * client sends can produce a 500: Fastify's own parser, validation, routing and limit errors get FW_ERR_HTTP_* codes.
 * Installed on a scope, it answers for that scope's routes (a host app's own handler elsewhere is left alone).
 */
export function installErrorHandler(app: FastifyInstance, o: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toEnvelope(err, req);
    if (status >= 500) o.log?.error({ err: (err as Error).message, stack: (err as Error).stack, url: clip(req.url, 200) }, 'request failed');
    send(reply, req, status, body, o);
  });
  if (o.notFound !== false) app.setNotFoundHandler((req, reply) => {
    send(reply, req, 404, { code: HttpErrors.defs.FW_ERR_HTTP_NOT_FOUND.code, message: `no route ${clip(req.method, 20)} ${clip(req.url.split('?')[0]!, 200)}; see /docs for the API` }, o);
  });
}

function send(reply: FastifyReply, req: FastifyRequest, status: number, body: ErrorEnvelope, o: ErrorHandlingOptions): void {
  o.finish?.(req, body);
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  void reply.code(status).type('application/json; charset=utf-8').send(body);
  o.onErrorReply?.(req, reply);
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}...` : s);

function toEnvelope(err: FastifyError, req: FastifyRequest): { status: number; body: ErrorEnvelope } {
  if (isFwError(err)) {
    const body: ErrorEnvelope = { code: err.code, message: err.message };
    const details = err.details;
    // Details travel flat beside code and message (`errors`, `line`, ...), never as a nested second envelope.
    if (details && typeof details === 'object' && !Array.isArray(details)) {
      for (const [k, v] of Object.entries(details)) if (k !== 'code' && k !== 'message') body[k] = v;
    }
    return { status: err.status, body };
  }
  if (err.validation) return validationEnvelope(err, req);
  const limit = req.routeOptions.bodyLimit;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { code: HttpErrors.defs.FW_ERR_HTTP_BODY_TOO_LARGE.code, message: `the request body is larger than the limit of ${limit ?? '?'} bytes (serve.bodyLimitBytes); send less per request` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { code: HttpErrors.defs.FW_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE.code, message: `Content-Type '${clip(String(req.headers['content-type'] ?? '(none)'), 100)}' is not accepted by ${req.method} ${req.routeOptions.url ?? ''}; send application/json${req.routeOptions.url === '/invocations' ? ' or text/csv' : ''}` } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: HttpErrors.defs.FW_ERR_HTTP_MALFORMED_BODY.code, message: 'the body is empty but Content-Type is application/json; send a JSON document' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { code: HttpErrors.defs.FW_ERR_HTTP_MALFORMED_BODY.code, message: `the body is not valid JSON: ${clip(err.message, 300)}` } };
  }
  const sc = err.statusCode ?? 500;
  if (sc >= 400 && sc < 500) {
    const malformed = err instanceof SyntaxError;
    return {
      status: sc,
      body: {
        code: sc === 413 ? HttpErrors.defs.FW_ERR_HTTP_BODY_TOO_LARGE.code : malformed ? HttpErrors.defs.FW_ERR_HTTP_MALFORMED_BODY.code : HttpErrors.defs.FW_ERR_HTTP_BAD_REQUEST.code,
        message: malformed ? `the body is not valid JSON: ${clip(err.message, 300)}` : clip(err.message, 500),
      },
    };
  }
  return { status: 500, body: { code: CoreErrors.defs.FW_ERR_CORE_INTERNAL.code, message: 'internal error (this is a bug in forewarn; the server log has the details)' } };
}

function validationEnvelope(err: FastifyError, req: FastifyRequest): { status: number; body: ErrorEnvelope } {
  const where = err.validationContext ?? 'body';
  const errors: FieldError[] = err.validation!.map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    // Body paths are named like the data (`records.3.Packet_Loss_%`); other parts keep their prefix (`params.alias`).
    const pre = where === 'body' ? [] : [where];
    let field = [...pre, ...path].join('.') || where;
    let expected = v.message ?? v.keyword;
    let got = describeValue(valueAt(req, where, path));
    if (v.keyword === 'additionalProperties') {
      field = [...pre, ...path, String(params.additionalProperty)].join('.');
      expected = 'no such field';
      got = describeValue(valueAt(req, where, [...path, String(params.additionalProperty)]));
    } else if (v.keyword === 'required') {
      field = [...pre, ...path, String(params.missingProperty)].join('.');
      expected = 'a value (required)';
      got = 'nothing (missing)';
    } else if (v.keyword === 'type') {
      expected = `${params.type}`;
    } else if (v.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      expected = `one of ${params.allowedValues.map((a) => JSON.stringify(a)).join(', ')}`;
    }
    return { field, expected, got };
  });
  const first = errors[0];
  return {
    status: 400,
    body: {
      code: HttpErrors.defs.FW_ERR_HTTP_INVALID_REQUEST.code,
      message: `the request ${where} has the wrong shape: ${first ? `${first.field}: expected ${first.expected}, got ${first.got}` : err.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      errors,
    },
  };
}

function valueAt(req: FastifyRequest, where: string, path: string[]): unknown {
  let cur: unknown = where === 'querystring' ? req.query : where === 'params' ? req.params : where === 'headers' ? req.headers : req.body;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
