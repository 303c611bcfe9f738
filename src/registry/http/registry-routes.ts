import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger'; // schema.tags / summary / security typing
import type { RegistryStore } from '../registry-store.js';
import { installErrorHandler } from '../../http/error-handler.js';
import { assertAuthenticatedScope, authenticated, readRoutes, type RouteAccess } from '../../http/bearer-auth.js';
import * as S from './schemas.js';
import { MODEL_NAME_MAX_LENGTH, ROUTE_PARAM_MAX_LENGTH } from '../../core/names.js';

export interface RegistryRoutesOptions {
  store: RegistryStore;
  /**
   * Required: writes are always registered inside the authenticated scope (a server with no token refuses them with
   * 401); reads are open unless `access.everything`.
   */
  access: RouteAccess;
}

type NameP = { name: string };
type VersionP = { name: string; version: string };
type AliasP = { name: string; alias: string };

/**
 * Registry HTTP API as a Fastify plugin: `app.register(registryRoutes, { store, access })`. Every route has JSON
 * schemas; create the app with Ajv `{ removeAdditional: false, coerceTypes: false, allErrors: true }` so bad input
 * is refused rather than silently fixed. Errors are the kit's `{code, message, errors?}` with a 4xx status.
 */
export async function registryRoutes(parent: FastifyInstance, opts: RegistryRoutesOptions): Promise<void> {
  const { store, access } = opts;
  if (!store) throw new Error('registryRoutes: options.store (a RegistryStore) is required');
  // A host router with a shorter limit would 404 valid model names instead of serving them.
  const maxParam = parent.initialConfig.maxParamLength ?? 100;
  if (maxParam < MODEL_NAME_MAX_LENGTH) throw new Error(`registryRoutes: the Fastify instance has maxParamLength ${maxParam}; model names may be ${MODEL_NAME_MAX_LENGTH} characters long: create it with maxParamLength: ROUTE_PARAM_MAX_LENGTH (${ROUTE_PARAM_MAX_LENGTH}, core/names.ts)`);
  if (!access?.auth) throw new Error('registryRoutes: options.access is required (its writes are always registered behind the bearer token)');
  // Own encapsulated scope whether called directly or through app.register: the kit's error handler is set here
  // without replacing a host app's own.
  await parent.register(async (root) => {
    installErrorHandler(root, { notFound: false });
    await readRoutes(root, access, (app) => registryReads(app, store));
    await authenticated(root, access.auth, (app) => registryWrites(app, store));
  });
}

const tags = ['registry'];
const secured = [{ bearerAuth: [] }];

function registryReads(app: FastifyInstance, store: RegistryStore): void {
  app.get('/api/models', { schema: { tags, summary: 'List registered models', response: { 200: { type: 'array', items: S.registeredModelSchema }, ...S.errors4xx } } }, async () => store.listModels());

  app.get<{ Params: NameP }>('/api/models/:name', { schema: { tags, summary: 'A model with its versions', params: S.modelParams, response: { 200: { ...S.registeredModelSchema, properties: { ...S.registeredModelSchema.properties, versions: { type: 'array', items: S.modelVersionSchema } } }, ...S.errors4xx } } }, async (req) => {
    const m = await store.getModel(req.params.name);
    return { ...m, versions: await store.listVersions(req.params.name) };
  });

  app.get<{ Params: VersionP }>('/api/models/:name/versions/:version', { schema: { tags, summary: 'One model version', params: S.versionParams, response: { 200: S.modelVersionSchema, ...S.errors4xx } } }, async (req) =>
    store.getVersion(req.params.name, Number(req.params.version)),
  );

  app.get<{ Params: AliasP }>('/api/models/:name/aliases/:alias', { schema: { tags, summary: 'The version an alias points at', params: S.aliasParams, response: { 200: S.modelVersionSchema, ...S.errors4xx } } }, async (req) =>
    store.getVersionByAlias(req.params.name, req.params.alias),
  );

  app.get<{ Params: NameP; Querystring: { limit?: string } }>(
    '/api/models/:name/audit',
    { schema: { tags, summary: 'Append-only audit log of a model, oldest first', params: S.modelParams, querystring: S.auditQuery, response: { 200: { type: 'array', items: S.auditEntrySchema }, ...S.errors4xx } } },
    async (req) => store.auditLog(req.params.name, { limit: req.query.limit ? Number(req.query.limit) : undefined }),
  );
}

/** Approvals and alias moves: change what production serves, so only inside the authenticated scope. */
function registryWrites(app: FastifyInstance, store: RegistryStore): void {
  assertAuthenticatedScope(app, 'registryWrites');
  for (const verb of ['approve', 'reject'] as const) {
    app.post<{ Params: VersionP; Body: { actor: string; reason: string } }>(
      `/api/models/:name/versions/:version/${verb}`,
      { schema: { tags, summary: verb === 'approve' ? 'Approve a version' : 'Reject a version', security: secured, params: S.versionParams, body: S.decisionBody, response: { 200: S.modelVersionSchema, ...S.errors4xx } } },
      async (req) => {
        const by = { actor: req.body.actor, reason: req.body.reason };
        const n = Number(req.params.version);
        return verb === 'approve' ? store.approveVersion(req.params.name, n, by) : store.rejectVersion(req.params.name, n, by);
      },
    );
  }

  app.put<{ Params: AliasP; Body: { version: number; actor: string; force?: boolean; reason?: string } }>(
    '/api/models/:name/aliases/:alias',
    { schema: { tags, summary: 'Point an alias at a version (protected aliases need Approved + gates passed, or force + reason)', security: secured, params: S.aliasParams, body: S.aliasBody, response: { 200: S.modelVersionSchema, ...S.errors4xx } } },
    async (req) => store.setAlias(req.params.name, req.params.alias, req.body.version, { actor: req.body.actor, force: req.body.force, reason: req.body.reason }),
  );

  app.delete<{ Params: AliasP; Body: { actor: string; reason?: string } }>(
    '/api/models/:name/aliases/:alias',
    { schema: { tags, summary: 'Remove an alias', security: secured, params: S.aliasParams, body: S.deleteAliasBody, response: { 200: { type: 'object', properties: { model: { type: 'string' }, alias: { type: 'string' }, deleted: { type: 'boolean' } } }, ...S.errors4xx } } },
    async (req) => {
      await store.deleteAlias(req.params.name, req.params.alias, { actor: req.body.actor, reason: req.body.reason });
      return { model: req.params.name, alias: req.params.alias, deleted: true };
    },
  );

  app.post<{ Params: AliasP; Body: { actor: string; force?: boolean; reason?: string } }>(
    '/api/models/:name/aliases/:alias/rollback',
    { schema: { tags, summary: 'Move an alias back to its previous target', security: secured, params: S.aliasParams, body: S.rollbackBody, response: { 200: { anyOf: [S.modelVersionSchema, { type: 'null' }] }, ...S.errors4xx } } },
    async (req) => store.rollbackAlias(req.params.name, req.params.alias, { actor: req.body.actor, force: req.body.force, reason: req.body.reason }),
  );
}
