import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isFwError } from '../../core/errors.js';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

/** `body/actor: must be string`-style text from Fastify's validation issues, naming each field. */
function describeValidation(context: string | undefined, issues: AjvIssue[]): { message: string; details: { field: string; message: string }[] } {
  const details = issues.map((i) => {
    const path = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = i.params?.missingProperty ?? i.params?.additionalProperty;
    const field = [context ?? 'request', path, extra && !path.endsWith(extra) ? extra : ''].filter(Boolean).join('.');
    const rule = i.params?.additionalProperty ? 'is not an allowed property' : (i.message ?? 'is invalid');
    return { field, message: rule };
  });
  return { message: details.map((d) => `${d.field}: ${d.message}`).join('; '), details };
}

/**
 * Every error leaves the registry API as `{code, message, details}`: FwErrors keep their code and status,
 * validation / body-parse errors become 400s naming the field, and only real bugs are 500s (message hidden).
 */
export function registryErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (isFwError(err)) {
    void reply.status(err.status).send(err.toJSON());
    return;
  }
  if (err.validation) {
    const { message, details } = describeValidation(err.validationContext, err.validation as AjvIssue[]);
    void reply.status(400).send({ code: 'FW_ERR_REGISTRY_INVALID', message, details: { errors: details } });
    return;
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.status(status).send({ code: 'FW_ERR_REGISTRY_INVALID', message: err.message, details: { fastifyCode: err.code } });
    return;
  }
  req.log.error({ err }, 'registry API internal error');
  void reply.status(500).send({ code: 'FW_ERR_CORE_INTERNAL', message: 'internal error in the registry API (logged on the server)' });
}
