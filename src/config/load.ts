import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, type ForewarnConfig } from './schema.js';
import { ConfigErrors } from './errors.js';
import { zodToFieldErrors } from './field-errors.js';
import { STATE_DIR } from '../core/state-dir.js';

export const CONFIG_FILE = 'forewarn.yaml';

/** A loaded project: the validated config plus the folder it came from (relative paths resolve against it). */
export interface Project {
  dir: string;
  configPath: string;
  config: ForewarnConfig;
  /** Raw text, hashed into run records so a run says exactly which config produced it. */
  configText: string;
  /** Absolute path for a path written in the config. */
  resolve(p: string): string;
  /** .forewarn/ state folder. */
  stateDir: string;
}

/** Find forewarn.yaml: `target` may be the file itself or a folder (default: cwd). */
export function findConfig(target = process.cwd()): string {
  const abs = resolve(target);
  const p = abs.endsWith('.yaml') || abs.endsWith('.yml') ? abs : join(abs, CONFIG_FILE);
  if (!existsSync(p)) throw ConfigErrors.FW_ERR_CONFIG_NOT_FOUND(`no ${CONFIG_FILE} at ${p}; run \`forewarn init\` there, or pass --project <dir>`);
  return p;
}

export function parseConfig(text: string, source = CONFIG_FILE): ForewarnConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw ConfigErrors.FW_ERR_CONFIG_PARSE(`${source}${pos ? ` line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]}`, { line: pos?.line, column: pos?.col });
  }
  const raw = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = zodToFieldErrors(parsed.error, raw);
    throw ConfigErrors.FW_ERR_CONFIG_INVALID(`${source} is invalid:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`, { errors });
  }
  return parsed.data;
}

export async function loadProject(target?: string): Promise<Project> {
  const configPath = findConfig(target);
  const text = await readFile(configPath, 'utf8');
  const config = parseConfig(text, configPath);
  const dir = dirname(configPath);
  return {
    dir,
    configPath,
    config,
    configText: text,
    resolve: (p: string) => resolve(dir, p),
    stateDir: join(dir, STATE_DIR),
  };
}
