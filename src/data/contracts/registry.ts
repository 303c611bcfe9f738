import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DataErrors } from '../errors.js';
import { parseContract, type Contract, type ContractInput } from './schema.js';
import { azureErrors, azureFailures, azureMachines, azureMaint, azureTelemetry } from './ready/azure-pdm.js';
import { machineDowntime, machineDowntimeCleaned } from './ready/machine-downtime.js';
import { intelligentManufacturing } from './ready/intelligent-manufacturing.js';
import { iris, irisSeaborn } from './ready/iris.js';

const READY: ContractInput[] = [azureTelemetry, azureErrors, azureMaint, azureFailures, azureMachines, machineDowntime, machineDowntimeCleaned, intelligentManufacturing, iris, irisSeaborn];

const byName = new Map(READY.map((c) => [c.name!, c]));

export function readyContractNames(): string[] {
  return [...byName.keys()];
}

/** A ready-made contract by name; a miss lists the known names. */
export function readyContract(name: string): Contract {
  const c = byName.get(name);
  if (!c) throw DataErrors.FW_ERR_DATA_CONTRACT_UNKNOWN(`no ready-made contract named ${JSON.stringify(name)}; known: ${readyContractNames().join(', ')}`);
  return parseContract(c, name);
}

/** Parse a contract YAML/JSON file; YAML errors give the line. */
export async function loadContractFile(path: string): Promise<Contract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw DataErrors.FW_ERR_DATA_CONTRACT_UNKNOWN(`contract file ${path} cannot be read: ${(e as Error).message}`, undefined, e);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw DataErrors.FW_ERR_DATA_CONTRACT_INVALID(`${path}${pos ? ` line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]}`, { line: pos?.line });
  }
  return parseContract(doc.toJS(), path);
}

/**
 * What a table's `contract:` may say: a ready-made name (`azure-pdm/telemetry`), a path to a contract file
 * (`contracts/telemetry.yaml`, relative to `baseDir`), or an inline object.
 */
export async function resolveContract(ref: string | Record<string, unknown>, baseDir: string, source: string): Promise<Contract> {
  if (typeof ref !== 'string') return parseContract(ref, source);
  if (byName.has(ref)) return readyContract(ref);
  if (/\.(ya?ml|json)$/i.test(ref)) {
    const p = resolve(baseDir, ref);
    if (!existsSync(p)) throw DataErrors.FW_ERR_DATA_CONTRACT_UNKNOWN(`${source}: contract file ${p} does not exist`);
    return loadContractFile(p);
  }
  return readyContract(ref);
}
