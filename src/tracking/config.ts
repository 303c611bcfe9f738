import { z } from 'zod';

/**
 * `store:` and `artifacts:` sections. Embedded default: SQLite file + local folder under .forewarn/.
 * store.url: `sqlite:<path>` or `postgres://user@host:port/db`. artifacts.uri: a folder path / `file:<path>` or
 * `s3://bucket/prefix` with endpoint/region/credentials (credentials may come from AWS_* env vars instead).
 */
export const storeSection = z
  .object({ url: z.string().min(1).default('sqlite:.forewarn/forewarn.db') })
  .strict();
export const artifactsSection = z
  .object({
    uri: z.string().min(1).default('.forewarn/artifacts'),
    endpoint: z.string().optional(),
    region: z.string().optional(),
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    forcePathStyle: z.boolean().optional(),
  })
  .strict();
