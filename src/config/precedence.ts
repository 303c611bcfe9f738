/**
 * The one precedence rule for a setting that can come from several places: an explicit flag (or API option) wins,
 * then an environment variable, then forewarn.yaml, then the built-in default. Empty strings count as unset (an
 * exported-but-empty variable must not switch a setting off). The source is returned so callers can say where a
 * value came from.
 */
export type SettingSource = 'flag' | 'env' | 'yaml' | 'default';

export interface SettingCandidates<T> {
  flag?: T | undefined;
  /** Name of the environment variable, read from `env` (default process.env). */
  envVar?: string;
  yaml?: T | undefined;
  fallback: T;
}

export interface ResolvedSetting<T> {
  value: T | string;
  from: SettingSource;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** @example resolveSetting({ flag: o.store, envVar: 'FOREWARN_STORE_URL', yaml: cfg.store.url, fallback: DEFAULT_STORE_URL }).value */
export function resolveSetting<T>(c: SettingCandidates<T>, env: NodeJS.ProcessEnv = process.env): ResolvedSetting<T> {
  if (isSet(c.flag)) return { value: c.flag as T, from: 'flag' };
  const fromEnv = c.envVar === undefined ? undefined : env[c.envVar];
  if (isSet(fromEnv)) return { value: fromEnv!, from: 'env' };
  if (isSet(c.yaml)) return { value: c.yaml as T, from: 'yaml' };
  return { value: c.fallback, from: 'default' };
}

/** Whether a setting would be decided before forewarn.yaml is consulted (flag or environment). */
export function setBeforeYaml(flag: unknown, envVar: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return isSet(flag) || isSet(env[envVar]);
}
