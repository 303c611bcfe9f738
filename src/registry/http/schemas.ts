import { ALIAS_PATTERN, MODEL_NAME_PATTERN } from '../../core/names.js';

/** JSON schemas for the registry API (request validation + OpenAPI via @fastify/swagger). */

export const nameParam = { type: 'string', pattern: MODEL_NAME_PATTERN } as const;
export const versionParam = { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } as const;
export const aliasParam = { type: 'string', pattern: ALIAS_PATTERN } as const;

export const modelParams = { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameParam } } as const;
export const versionParams = { type: 'object', required: ['name', 'version'], additionalProperties: false, properties: { name: nameParam, version: versionParam } } as const;
export const aliasParams = { type: 'object', required: ['name', 'alias'], additionalProperties: false, properties: { name: nameParam, alias: aliasParam } } as const;

const actor = { type: 'string', minLength: 1, maxLength: 200 } as const;
const reason = { type: 'string', minLength: 1, maxLength: 2000 } as const;

export const decisionBody = { type: 'object', required: ['actor', 'reason'], additionalProperties: false, properties: { actor, reason } } as const;
export const aliasBody = {
  type: 'object',
  required: ['version', 'actor'],
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647 }, actor, force: { type: 'boolean' }, reason },
} as const;
export const rollbackBody = { type: 'object', required: ['actor'], additionalProperties: false, properties: { actor, force: { type: 'boolean' }, reason } } as const;
export const deleteAliasBody = { type: 'object', required: ['actor'], additionalProperties: false, properties: { actor, reason } } as const;
export const auditQuery = { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' } } } as const;

export const errorBody = {
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: true,
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, expected: { type: 'string' }, got: { type: 'string' } } } },
  },
} as const;

const approval = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['PendingManualApproval', 'Approved', 'Rejected'] }, actor: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] }, at: { type: ['string', 'null'] } },
} as const;

export const modelVersionSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    modelName: { type: 'string' },
    version: { type: 'integer' },
    runId: { type: ['string', 'null'] },
    datasetHash: { type: ['string', 'null'] },
    metrics: { type: 'object', additionalProperties: { type: 'number' } },
    gates: { type: 'object', additionalProperties: true },
    signature: { type: ['object', 'null'], additionalProperties: true },
    labelMapping: { type: ['array', 'null'], items: { type: 'string' } },
    artifactUri: { type: 'string' },
    onnxUri: { type: ['string', 'null'] },
    format: { type: 'string', enum: ['forewarn-json', 'onnx'] },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    description: { type: ['string', 'null'] },
    approval,
    aliases: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
  },
} as const;

export const registeredModelSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    aliases: { type: 'object', additionalProperties: { type: 'integer' } },
    latestVersion: { type: ['integer', 'null'] },
  },
} as const;

export const auditEntrySchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    modelName: { type: 'string' },
    version: { type: ['integer', 'null'] },
    action: { type: 'string' },
    actor: { type: 'string' },
    reason: { type: ['string', 'null'] },
    before: {},
    after: {},
    at: { type: 'string' },
  },
} as const;

export const errors4xx = { 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody } as const;
