import { z } from 'zod';

/** `serve:` section of forewarn.yaml. CLI flags override it; FOREWARN_API_TOKEN overrides `token`. */
export const serveSection = z
  .object({
    /** Bind address. A non-loopback address makes every non-health endpoint require the token. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Registered model name to serve (registry mode). */
    model: z.string().min(1).optional(),
    /** Alias whose version is served and followed. */
    alias: z.string().min(1).default('production'),
    /** Bearer token for mutating endpoints (and all endpoints on a non-loopback bind); FOREWARN_API_TOKEN overrides. */
    token: z.string().min(8, 'a token must have at least 8 characters').optional(),
    /** false = no authentication at all (must be explicit to serve on a non-loopback address without a token). */
    auth: z.boolean().default(true),
    bodyLimitBytes: z.number().int().positive().max(1024 ** 3).default(1048576),
    /** Most records one request may carry (/predict/batch, /invocations, v2 infer). */
    maxBatchRecords: z.number().int().positive().max(1_000_000).default(10000),
    /** Seconds between checks for a moved alias / replaced model file; 0 = only POST /model/reload. */
    pollSeconds: z.number().min(0).max(86400).default(10),
    /** Features listed by ?explain=true. */
    explainTopK: z.number().int().positive().max(1000).default(10),
    /** A request (headers and body) must arrive within this; a client trickling its body is cut off with 408. */
    requestTimeoutSeconds: z.number().positive().max(86400).default(30),
    /** The request headers must arrive within this. */
    headersTimeoutSeconds: z.number().positive().max(3600).default(10),
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutSeconds: z.number().positive().max(3600).default(5),
    /** On SIGTERM, how long in-flight requests may take before the process exits anyway. */
    drainTimeoutSeconds: z.number().positive().max(3600).default(30),
  })
  .strict();

export type ServeConfig = z.infer<typeof serveSection>;
