import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/swagger'; // schema.tags / summary / security typing
import type { RegistryStore } from '../registry-store.js';
import { RegistryErrors } from '../errors.js';
import { registryErrorHandler } from './error-reply.js';
import * as S from './schemas.js';

export interface RegistryRoutesOptions {
  store: RegistryStore;
  /** When set, mutating routes need `Authorization: Bearer <token>`; reads stay open. */
  authToken?: string;
}

type NameP = { name: string };
type VersionP = { name: string; version: string };
type AliasP = { name: string; alias: string };

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Registry HTTP API as a Fastify plugin: `app.register(registryRoutes, { store, authToken })`. Every route has JSON
 * schemas; create the app with Ajv `{ removeAdditional: false, coerceTypes: false, allErrors: true }` so bad input
 * is refused rather than silently fixed. Errors are `{code, message, details}` with a 4xx status.
 */
export async function registryRoutes(parent: FastifyInstance, opts: RegistryRoutesOptions): Promise<void> {
  const { store, authToken } = opts;
  if (!store) throw new Error('registryRoutes: options.store (a RegistryStore) is required');
  // Own encapsulated scope whether called directly or through app.register: our error handler must not replace
  // the host app's.
  await parent.register(async (app) => {
    app.setErrorHandler(registryErrorHandler);

    const requireAuth = async (req: FastifyRequest): Promise<void> => {
      if (authToken && !tokenMatches(req.headers.authorization, authToken)) {
        throw RegistryErrors.FW_ERR_REGISTRY_UNAUTHORIZED('this registry change needs the header `Authorization: Bearer <token>` with the configured token');
      }
    };
    const tags = ['registry'];
    const secured = authToken ? [{ bearerAuth: [] }] : undefined;

    app.get('/api/models', { schema: { tags, summary: 'List registered models', response: { 200: { type: 'array', items: S.registeredModelSchema }, ...S.errors4xx } } }, async () => store.listModels());

    app.get<{ Params: NameP }>('/api/models/:name', { schema: { tags, summary: 'A model with its versions', params: S.modelParams, response: { 200: { ...S.registeredModelSchema, properties: { ...S.registeredModelSchema.properties, versions: { type: 'array', items: S.modelVersionSchema } } }, ...S.errors4xx } } }, async (req) => {
      const m = await store.getModel(req.params.name);
      return { ...m, versions: await store.listVersions(req.params.name) };
    });

    app.get<{ Params: VersionP }>('/api/models/:name/versions/:version', { schema: { tags, summary: 'One model version', params: S.versionParams, response: { 200: S.modelVersionSchema, ...S.errors4xx } } }, async (req) =>
      store.getVersion(req.params.name, Number(req.params.version)),
    );

    for (const verb of ['approve', 'reject'] as const) {
      app.post<{ Params: VersionP; Body: { actor: string; reason: string } }>(
        `/api/models/:name/versions/:version/${verb}`,
        { onRequest: requireAuth, schema: { tags, summary: verb === 'approve' ? 'Approve a version' : 'Reject a version', security: secured, params: S.versionParams, body: S.decisionBody, response: { 200: S.modelVersionSchema, ...S.errors4xx } } },
        async (req) => {
          const by = { actor: req.body.actor, reason: req.body.reason };
          const n = Number(req.params.version);
          return verb === 'approve' ? store.approveVersion(req.params.name, n, by) : store.rejectVersion(req.params.name, n, by);
        },
      );
    }

    app.get<{ Params: AliasP }>('/api/models/:name/aliases/:alias', { schema: { tags, summary: 'The version an alias points at', params: S.aliasParams, response: { 200: S.modelVersionSchema, ...S.errors4xx } } }, async (req) =>
      store.getVersionByAlias(req.params.name, req.params.alias),
    );

    app.put<{ Params: AliasP; Body: { version: number; actor: string; force?: boolean; reason?: string } }>(
      '/api/models/:name/aliases/:alias',
      { onRequest: requireAuth, schema: { tags, summary: 'Point an alias at a version (protected aliases need Approved + gates passed, or force + reason; a Rejected version takes no alias, force or not: 409 FW_ERR_REGISTRY_REJECTED)', security: secured, params: S.aliasParams, body: S.aliasBody, response: { 200: S.modelVersionSchema, ...S.errors4xx } } },
      async (req) => store.setAlias(req.params.name, req.params.alias, req.body.version, { actor: req.body.actor, force: req.body.force, reason: req.body.reason }),
    );

    app.delete<{ Params: AliasP; Body: { actor: string; reason?: string } }>(
      '/api/models/:name/aliases/:alias',
      { onRequest: requireAuth, schema: { tags, summary: 'Remove an alias', security: secured, params: S.aliasParams, body: S.deleteAliasBody, response: { 200: { type: 'object', properties: { model: { type: 'string' }, alias: { type: 'string' }, deleted: { type: 'boolean' } } }, ...S.errors4xx } } },
      async (req) => {
        await store.deleteAlias(req.params.name, req.params.alias, { actor: req.body.actor, reason: req.body.reason });
        return { model: req.params.name, alias: req.params.alias, deleted: true };
      },
    );

    app.post<{ Params: AliasP; Body: { actor: string; force?: boolean; reason?: string } }>(
      '/api/models/:name/aliases/:alias/rollback',
      { onRequest: requireAuth, schema: { tags, summary: 'Move an alias back to its previous target', security: secured, params: S.aliasParams, body: S.rollbackBody, response: { 200: { anyOf: [S.modelVersionSchema, { type: 'null' }] }, ...S.errors4xx } } },
      async (req) => store.rollbackAlias(req.params.name, req.params.alias, { actor: req.body.actor, force: req.body.force, reason: req.body.reason }),
    );

    app.get<{ Params: NameP; Querystring: { limit?: string } }>(
      '/api/models/:name/audit',
      { schema: { tags, summary: 'Append-only audit log of a model, oldest first', params: S.modelParams, querystring: S.auditQuery, response: { 200: { type: 'array', items: S.auditEntrySchema }, ...S.errors4xx } } },
      async (req) => store.auditLog(req.params.name, { limit: req.query.limit ? Number(req.query.limit) : undefined }),
    );
  });
}
