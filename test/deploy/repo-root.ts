import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/deploy/ (compiled) — the deploy tests read the files they check from here. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
