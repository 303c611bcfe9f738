import { z } from 'zod';
import { RegistryErrors } from './errors.js';
import type { RegisterVersionInput } from './registry-store.js';
import type { GateResults } from '../entities/registry.js';

import { ALIAS_NAME, ALIAS_RULE, MODEL_NAME, MODEL_NAME_RULE, modelNameProblem } from '../core/names.js';

export { ALIAS_NAME, MODEL_NAME };

export function checkModelName(name: unknown, field = 'model name'): string {
  const problem = modelNameProblem(name);
  if (problem) throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`${field}: ${JSON.stringify(name)} ${problem} (the same rule as the HTTP routes /api/models/<name>, /v2/models/<name>)`);
  return name as string;
}

export function checkAlias(alias: unknown, field = 'alias'): string {
  if (typeof alias !== 'string' || !ALIAS_NAME.test(alias)) {
    throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`${field}: ${JSON.stringify(alias)} must be ${ALIAS_RULE}`);
  }
  if (alias === 'latest') throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`${field}: "latest" is reserved (it always means the highest version)`);
  return alias;
}

export function checkVersion(v: unknown, field = 'version'): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`${field}: expected a positive integer, got ${JSON.stringify(v)}`);
  }
  return n;
}

export function checkActor(actor: unknown): string {
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > 200) {
    throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`actor: expected a non-empty string of ≤200 characters naming who makes the change, got ${JSON.stringify(actor)}`);
  }
  return actor.trim();
}

export function checkReason(reason: unknown, required: boolean, why = ''): string | null {
  if (reason === undefined || reason === null || (typeof reason === 'string' && reason.trim() === '')) {
    if (required) throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`reason: required${why ? ` ${why}` : ''}; say why in a few words`);
    return null;
  }
  if (typeof reason !== 'string' || reason.length > 2000) throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`reason: expected a string of ≤2000 characters, got ${typeof reason}`);
  return reason.trim();
}

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number (no NaN/Infinity)' });
const key = z.string().min(1).max(250);
const signatureField = z
  .object({
    name: z.string().min(1).max(250),
    type: z.enum(['number', 'integer', 'boolean', 'category']),
    nullable: z.boolean(),
    min: finite.optional(),
    max: finite.optional(),
    categories: z.array(z.string().max(1000)).max(100_000).optional(),
  })
  .strict();
const gateValue = z.union([finite, z.boolean()]).nullable().optional();
const gate = z
  .object({
    name: z.string().min(1).max(250),
    passed: z.boolean(),
    metric: z.string().max(250).optional(),
    op: z.string().max(8).optional(),
    value: gateValue,
    threshold: gateValue,
    message: z.string().max(4000).optional(),
  })
  .strict();
export const registerVersionSchema = z
  .object({
    modelName: z.string().regex(MODEL_NAME, `must be ${MODEL_NAME_RULE}`),
    actor: z.string().trim().min(1).max(200),
    description: z.string().max(8000).optional(),
    runId: z.string().min(1).max(64).optional(),
    datasetHash: z.string().min(1).max(128).optional(),
    metrics: z.record(key, finite).optional(),
    gates: z.object({ passed: z.boolean(), gates: z.array(gate).max(1000) }).strict().optional(),
    signature: z.object({ inputs: z.array(signatureField).max(100_000), labels: z.array(z.string().max(1000)).max(100_000) }).strict().optional(),
    labelMapping: z.array(z.string().max(1000)).max(100_000).optional(),
    artifactUri: z.string().min(1).max(2048),
    onnxUri: z.string().min(1).max(2048).optional(),
    format: z.enum(['forewarn-json', 'onnx']).optional(),
    tags: z.record(key, z.string().max(8000)).optional(),
    decision: z
      .object({
        policy: z.string().min(1).max(64),
        threshold: finite.nullable(),
        noneClass: z.string().max(1000).nullable(),
        positiveClass: z.string().max(1000).nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Validate a registration; the error names every bad field by its path (gates.gates[0].passed ...). */
export type ParsedRegistration = Omit<RegisterVersionInput, 'gates'> & { gates?: GateResults };

export function parseRegisterVersion(input: unknown): ParsedRegistration {
  // The name first, with the rule in words (the same check as every other registry call and the HTTP routes).
  if (input && typeof input === 'object' && 'modelName' in input) checkModelName((input as { modelName: unknown }).modelName, 'modelName');
  const r = registerVersionSchema.safeParse(input);
  if (r.success) {
    const v = r.data as ParsedRegistration;
    if (v.gates && v.gates.passed && v.gates.gates.some((g) => !g.passed)) {
      throw RegistryErrors.FW_ERR_REGISTRY_INVALID('gates.passed: is true but at least one gate in gates.gates failed; the overall verdict must agree with the gates');
    }
    if (v.format === 'onnx' && !v.onnxUri && !/\.onnx$/i.test(v.artifactUri)) {
      throw RegistryErrors.FW_ERR_REGISTRY_INVALID('format: "onnx" needs onnxUri or an artifactUri ending in .onnx');
    }
    return v;
  }
  const problems = r.error.issues.map((i) => {
    const field = i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('') || '(input)';
    return { field, message: i.message };
  });
  throw RegistryErrors.FW_ERR_REGISTRY_INVALID(`invalid model version registration: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { errors: problems });
}
