import type { Project } from '../config/load.js';
import { resolveContract } from '../data/contracts/registry.js';
import type { Contract } from '../data/contracts/schema.js';

/** The data contracts of the project's tables: the rules live messages are checked against (dead letters). */
export async function projectContracts(project: Project): Promise<Map<string, Contract>> {
  const out = new Map<string, Contract>();
  for (const [name, t] of Object.entries(project.config.data?.tables ?? {})) {
    out.set(name, await resolveContract(t.contract as string | Record<string, unknown>, project.dir, `data.tables.${name}.contract`));
  }
  return out;
}
