import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isFwError, CoreErrors } from '../core/errors.js';
import { ServingErrors } from './errors.js';
import { describeValue, type InputFieldError } from './record-validator.js';

/**
 * Every failure leaves as JSON `{code, message, errors?}` with a 4xx status when the client was at fault. Nothing a
 * client sends can produce a 500: parser, validation and routing errors of Fastify are mapped to our codes here.
 * Open Inference Protocol clients read `error`, so /v2 replies carry it too.
 */
export function installErrorHandling(app: FastifyInstance, log?: Logger, onErrorReply?: (req: FastifyRequest, reply: FastifyReply) => void): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toReply(err, req);
    if (status >= 500) log?.error({ err: (err as Error).message, stack: (err as Error).stack, url: req.url }, 'request failed');
    send(reply, req, status, body);
    onErrorReply?.(req, reply);
  });
  app.setNotFoundHandler((req, reply) => {
    send(reply, req, 404, { code: ServingErrors.defs.FW_ERR_SERVE_NOT_FOUND.code, message: `no route ${req.method} ${req.url.split('?')[0]}; see /docs for the API` });
    onErrorReply?.(req, reply);
  });
}

function send(reply: FastifyReply, req: FastifyRequest, status: number, body: Record<string, unknown>): void {
  if (req.url.startsWith('/v2')) body.error = body.message;
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

function toReply(err: FastifyError, req: FastifyRequest): { status: number; body: Record<string, unknown> } {
  if (isFwError(err)) {
    const details = err.details as { errors?: unknown } | undefined;
    const body: Record<string, unknown> = { code: err.code, message: err.message };
    if (details && typeof details === 'object') Object.assign(body, details);
    return { status: err.status, body };
  }
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const errors: InputFieldError[] = err.validation.map((v) => {
      const params = v.params as Record<string, unknown>;
      const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      // Body paths are named like the data (`records.3.Packet_Loss_%`); other parts keep their prefix.
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
      }
      return { field, expected, got };
    });
    const first = errors[0];
    return {
      status: 400,
      body: {
        code: ServingErrors.defs.FW_ERR_SERVE_MALFORMED_BODY.code,
        message: `the request ${where} has the wrong shape: ${first ? `${first.field}: expected ${first.expected}, got ${first.got}` : err.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
        errors,
      },
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { code: ServingErrors.defs.FW_ERR_SERVE_BODY_TOO_LARGE.code, message: `the request body is larger than the limit of ${req.routeOptions.bodyLimit ?? '?'} bytes (serve.bodyLimitBytes); send fewer records per request` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { code: ServingErrors.defs.FW_ERR_SERVE_UNSUPPORTED_MEDIA_TYPE.code, message: `Content-Type '${req.headers['content-type'] ?? '(none)'}' is not accepted by ${req.method} ${req.routeOptions.url ?? req.url}; send application/json${req.url.startsWith('/invocations') ? ' or text/csv' : ''}` } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: ServingErrors.defs.FW_ERR_SERVE_MALFORMED_BODY.code, message: 'the body is empty but Content-Type is application/json; send a JSON document' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { code: ServingErrors.defs.FW_ERR_SERVE_MALFORMED_BODY.code, message: `the body is not valid JSON: ${err.message}` } };
  }
  const sc = err.statusCode ?? 500;
  if (sc >= 400 && sc < 500) {
    const malformed = err instanceof SyntaxError || /JSON/i.test(err.message);
    return {
      status: sc,
      body: {
        code: malformed ? ServingErrors.defs.FW_ERR_SERVE_MALFORMED_BODY.code : CoreErrors.defs.FW_ERR_CORE_INVALID_ARGUMENT.code,
        message: malformed ? `the body is not valid JSON: ${err.message}` : err.message,
      },
    };
  }
  return { status: 500, body: { code: CoreErrors.defs.FW_ERR_CORE_INTERNAL.code, message: 'internal error (this is a bug in forewarn; the server log has the details)' } };
}

function valueAt(req: FastifyRequest, where: string, path: string[]): unknown {
  let cur: unknown = where === 'querystring' ? req.query : where === 'params' ? req.params : where === 'headers' ? req.headers : req.body;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
