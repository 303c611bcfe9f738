import { z } from 'zod';
import { contractSchema } from './contracts/schema.js';
import { DEFAULT_MAX_LINE_BYTES } from './csv/preflight.js';

/**
 * `data:` section of forewarn.yaml. Owned by the data layer (src/data/). A table is a file plus a contract: the name
 * of a ready-made contract (`azure-pdm/telemetry`), a path to a contract file (`contracts/telemetry.yaml`), or an
 * inline contract object (validated here, so errors name `data.tables.<t>.contract.columns[2].max`).
 */
export const tableSection = z
  .object({
    path: z.string().min(1),
    contract: z.union([z.string().min(1), contractSchema]),
  })
  .strict();

export const dataSection = z
  .object({
    // Table names become SQL view names and file names in snapshots, hence the conservative pattern.
    tables: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'a table name: a letter, then letters, digits or _'), tableSection),
    /** Fraction of a table's rows that may be quarantined before `data validate` / `data ingest` exit non-zero (3). */
    maxQuarantineFraction: z.number().min(0).max(1).default(0.01),
    /** Longest physical line accepted in a data file, in bytes. */
    maxLineBytes: z.number().int().min(1024).max(1 << 30).default(DEFAULT_MAX_LINE_BYTES),
  })
  .strict();

export type DataSection = z.infer<typeof dataSection>;
export type TableSection = z.infer<typeof tableSection>;
