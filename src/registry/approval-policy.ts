import type { ModelVersion } from '../entities/registry.js';

/** Aliases that only an approved, gate-passing version may take (unless forced). */
export const DEFAULT_PROTECTED_ALIASES: readonly string[] = ['production'];

/** Why `version` may not take `alias`, or null when it may. */
export function protectedAliasViolation(version: ModelVersion, alias: string, protectedAliases: readonly string[]): string | null {
  if (!protectedAliases.includes(alias)) return null;
  const problems: string[] = [];
  if (version.approval.status !== 'Approved') problems.push(`its approval status is ${version.approval.status} (needs Approved)`);
  if (!version.gates.passed) {
    const failed = version.gates.gates.filter((g) => !g.passed).map((g) => g.name);
    problems.push(failed.length ? `its gates failed: ${failed.join(', ')}` : 'its gates did not pass (or were not evaluated)');
  }
  return problems.length ? `${version.modelName} v${version.version} cannot take alias "${alias}": ${problems.join('; ')}` : null;
}
