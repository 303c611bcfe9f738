import { z } from 'zod';
import { STATE_DIR } from '../core/state-dir.js';

/** Built-in defaults, written once: the schema fills them in and the composition root falls back to them. */
export const DEFAULT_STORE_URL = `sqlite:${STATE_DIR}/forewarn.db`;
export const DEFAULT_ARTIFACTS_URI = `${STATE_DIR}/artifacts`;

const STORE_URL = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;
const ALIAS = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * `store:` section: where tracking + registry + audit live.
 *   url: `sqlite:<path>` (relative to the project dir; default .forewarn/forewarn.db) or
 *        `postgres://user@host:port/db[?schema=name]`. FOREWARN_STORE_URL overrides it (containers, CI).
 *   protectedAliases: aliases that only an Approved, gate-passing version may take (default [production]).
 */
export const storeSection = z
  .object({
    url: z
      .string()
      .min(1)
      .regex(STORE_URL, 'must be sqlite:<path> or postgres://user@host:port/db')
      .default(DEFAULT_STORE_URL),
    protectedAliases: z.array(z.string().regex(ALIAS, 'must be a lower-case alias name')).optional(),
  })
  .strict();

/**
 * `artifacts:` section: where model files and reports go.
 *   uri: a folder path / `file:<path>` (relative to the project dir) or `s3://bucket/prefix`.
 *   S3: endpoint (S3-compatible servers), region, credentials, forcePathStyle; credentials may instead come from the
 *   standard AWS_* environment variables. FOREWARN_ARTIFACTS_URI overrides uri.
 */
export const artifactsSection = z
  .object({
    uri: z
      .string()
      .min(1)
      .refine((u) => !/^[a-z][a-z0-9+.-]+:/i.test(u) || /^(file:|s3:\/\/)/i.test(u), 'must be a folder path, file:<path> or s3://bucket/prefix')
      .default(DEFAULT_ARTIFACTS_URI),
    endpoint: z.string().url().optional(),
    region: z.string().min(1).optional(),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    forcePathStyle: z.boolean().optional(),
  })
  .strict();

export type StoreSection = z.infer<typeof storeSection>;
export type ArtifactsSection = z.infer<typeof artifactsSection>;
