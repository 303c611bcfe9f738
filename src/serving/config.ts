import { z } from 'zod';

/** `serve:` section. (Starter schema; owned by src/serving/.) */
export const serveSection = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    model: z.string().optional(),
    alias: z.string().default('production'),
    /** Bearer token for mutating endpoints; FOREWARN_API_TOKEN overrides. */
    token: z.string().optional(),
    bodyLimitBytes: z.number().int().positive().default(1048576),
  })
  .strict();
