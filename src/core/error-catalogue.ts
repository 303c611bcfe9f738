/**
 * Loads every area's error definitions so the whole catalogue can be listed (docs/errors.md, its test). Areas declare
 * their codes next to their code (src/<area>/errors.ts, at any depth); they are discovered by walking the built
 * tree beside this file, so a new area's errors.ts cannot be left out of the docs.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { allErrorDefinitions, type ErrorDefinition } from './errors.js';

/** The compiled `errors.js` files under the source root (dist/src), sorted for a stable import order. */
export function errorModules(root = fileURLToPath(new URL('..', import.meta.url))): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /(^|[\\/])errors\.js$/.test(f))
    .sort()
    .map((f) => join(root, f));
}

export async function loadCatalogue(): Promise<ErrorDefinition[]> {
  for (const file of errorModules()) await import(pathToFileURL(file).href);
  return allErrorDefinitions();
}

export async function renderErrorsDoc(): Promise<string> {
  const defs = await loadCatalogue();
  const rows = defs.map((d) => `| \`${d.code}\` | ${d.status} | ${d.exit} | ${d.description.replace(/\|/g, '\\|')} |`);
  return `# Error codes

Every error forewarn shows a user carries one of these stable codes (never reused). The CLI prints
\`error <CODE>: <message>\` and exits with the code below; the HTTP API answers with the status and a JSON body
\`{"code", "message", "errors"?}\` (the one envelope of src/http/error-handler.ts). Messages name the field, file, line or rule that failed.

Generated from the catalogue by \`node scripts/gen-errors-doc.mjs\`; a test keeps this table and the code identical.

| code | HTTP | exit | meaning / how to fix |
|---|---|---|---|
${rows.join('\n')}
`;
}
