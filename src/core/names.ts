/**
 * The model-name rule, in one place. A model name is checked by the registry at registration, appears as a path
 * parameter in the HTTP routes (`/api/models/:name`, `/v2/models/:name`) and in forewarn.yaml (`model.registerAs`).
 * These used to disagree: the registry took 128 characters while Fastify's router silently 404s path parameters
 * longer than its default `maxParamLength` of 100, so names of 101–128 characters registered but could never be
 * reached over HTTP. Everything now derives from these constants, and the HTTP server is built with
 * `maxParamLength: ROUTE_PARAM_MAX_LENGTH`.
 */
export const MODEL_NAME_MAX_LENGTH = 128;
export const ALIAS_MAX_LENGTH = 64;

/** Source text of the model-name regex (for JSON schemas' `pattern`). */
export const MODEL_NAME_PATTERN = `^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MODEL_NAME_MAX_LENGTH - 1}}$`;
export const MODEL_NAME = new RegExp(MODEL_NAME_PATTERN);
/** The rule in words, for error messages. */
export const MODEL_NAME_RULE = `1–${MODEL_NAME_MAX_LENGTH} characters of letters, digits, "_", "." or "-", starting with a letter or digit`;

export const ALIAS_PATTERN = `^[a-z][a-z0-9_-]{0,${ALIAS_MAX_LENGTH - 1}}$`;
export const ALIAS_NAME = new RegExp(ALIAS_PATTERN);
export const ALIAS_RULE = `1–${ALIAS_MAX_LENGTH} lower-case letters, digits, "_" or "-", starting with a letter`;

/** The longest path parameter an HTTP route must accept (Fastify `maxParamLength`): every name above fits. */
export const ROUTE_PARAM_MAX_LENGTH = Math.max(MODEL_NAME_MAX_LENGTH, ALIAS_MAX_LENGTH);

/** Why `name` breaks the rule, or null when it is a valid model name. */
export function modelNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `expected a string, got ${name === null ? 'null' : typeof name}`;
  if (MODEL_NAME.test(name)) return null;
  if (name.length > MODEL_NAME_MAX_LENGTH) return `is ${name.length} characters long; must be ${MODEL_NAME_RULE}`;
  return `must be ${MODEL_NAME_RULE}`;
}
