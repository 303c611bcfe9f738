import { z } from 'zod';

/**
 * `monitoring:` section of forewarn.yaml. The prediction log lives in the project's store (`store.url`, so
 * PostgreSQL when replicas share one) unless `url` names another SQL store.
 */
export const monitoringSection = z
  .object({
    /** Log served predictions (default true). */
    enabled: z.boolean().default(true),
    /** SQL store URL of the prediction log (default: the project's store.url). */
    url: z.string().min(1).optional(),
    /** Share of requests logged, 0..1. */
    sampleRate: z.number().min(0).max(1).default(1),
    /** Flush period of the log buffer; a kill -9 loses at most this much (plus one write). */
    flushIntervalMs: z.number().int().min(10).max(5000).default(1000),
    /** Pending records beyond which new ones are dropped and counted. */
    bufferCapacity: z.number().int().positive().max(10_000_000).default(100_000),
    batchSize: z.number().int().positive().max(100_000).default(2000),
    /** Logged predictions older than this are deleted (checked at start and hourly); 0 = keep forever. */
    retentionDays: z.number().min(0).max(36500).default(90),
    drift: z
      .object({
        /** Share of features that must drift for dataset drift. */
        share: z.number().gt(0).max(1).default(0.5),
        /** Window size above which distances replace hypothesis tests. */
        largeWindow: z.number().int().positive().default(1000),
        /** Test per feature name or column kind ('numeric' / 'categorical'). */
        tests: z.record(z.string(), z.string()).default({}),
        /** Threshold per test name. */
        thresholds: z.record(z.string(), z.number().min(0)).default({}),
        /** The window the service's drift gauges cover (hours back from now). */
        windowHours: z.number().positive().max(24 * 365).default(24),
        /** How often the service recomputes its drift gauges; 0 = never. */
        checkSeconds: z.number().min(0).max(86400).default(300),
      })
      .strict()
      .prefault({}),
    performance: z
      .object({
        /** Flag degradation when a realised weekly figure falls this far below the registration figure. */
        margin: z.number().min(0).max(1).default(0.1),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type MonitoringConfig = z.infer<typeof monitoringSection>;
