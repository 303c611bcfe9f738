import { z } from 'zod';

/**
 * `data:` section of forewarn.yaml. Owned by the data layer (src/data/). A table is a file plus a contract: either
 * the name of a ready-made contract (`azure-pdm/telemetry`) or an inline one.
 * (Starter schema; the data layer refines `contract`.)
 */
export const dataSection = z
  .object({
    tables: z.record(
      z.string(),
      z
        .object({
          path: z.string().min(1),
          contract: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
        })
        .strict(),
    ),
    /** Fraction of rows that may be quarantined before `data validate` exits non-zero. */
    maxQuarantineFraction: z.number().min(0).max(1).default(0.01),
  })
  .strict();

export type DataSection = z.infer<typeof dataSection>;
