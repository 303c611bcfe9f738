/**
 * Loads every area's error definitions so the whole catalogue can be listed (docs/errors.md, its test). Areas declare
 * their codes next to their code (src/<area>/errors.ts); add new areas here.
 */
import { allErrorDefinitions, type ErrorDefinition } from './errors.js';

const AREAS = [
  '../config/errors.js', '../data/errors.js', '../simulator/errors.js', '../features/errors.js', '../models/errors.js',
  '../models/linear/errors.js', '../models/onnx/errors.js', '../models/shap/errors.js', '../evaluation/errors.js',
  '../db/errors.js', '../tracking/errors.js', '../registry/errors.js', '../artifacts/errors.js', '../serving/errors.js', '../http/errors.js', '../streaming/errors.js',
];

export async function loadCatalogue(): Promise<ErrorDefinition[]> {
  for (const a of AREAS) await import(a);
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
