import { z } from 'zod';
import { durationSchema } from '../features/duration.js';

/**
 * `stream:` section of forewarn.yaml (live scoring). The defaults fit the Azure PdM shapes the simulator and the
 * quickstart use: one MQTT topic per table and machine (`pdm/<machineID>/telemetry` ...), JSON payloads with the
 * table's own column names. `fields` renames payload keys to table columns when a plant names them differently.
 */
const duration = durationSchema;

const tableSection = z
  .object({
    /** MQTT topic filter; `+` matches the machine level. */
    topic: z.string().min(1),
    /** column name → payload key (default: the same name). */
    fields: z.record(z.string(), z.string().min(1)).prefault({}),
    /** Besides machine and time, the columns that make two events "the same" (errors: errorID). Repeats are dropped. */
    dedupBy: z.array(z.string().min(1)).default([]),
  })
  .strict();

const webhook = z
  .object({
    url: z.string().url(),
    maxRetries: z.number().int().min(0).max(20).default(5),
    /** First retry delay; doubles each retry (with jitter). */
    backoffMs: z.number().int().min(1).max(600_000).default(500),
    timeoutMs: z.number().int().min(100).max(120_000).default(5000),
  })
  .strict();

export const streamSection = z
  .object({
    model: z.string().min(1).optional(),
    alias: z.string().min(1).default('production'),
    pollSeconds: z.number().min(0).max(86400).default(10),
    mqtt: z
      .object({ url: z.string().min(1).default('mqtt://127.0.0.1:1883'), clientId: z.string().min(1).optional(), qos: z.union([z.literal(0), z.literal(1)]).default(1) })
      .strict()
      .prefault({}),
    tables: z.record(z.string(), tableSection).default({
      telemetry: { topic: 'pdm/+/telemetry', fields: {}, dedupBy: [] },
      errors: { topic: 'pdm/+/errors', fields: {}, dedupBy: ['errorID'] },
      maint: { topic: 'pdm/+/maint', fields: {}, dedupBy: ['comp'] },
      failures: { topic: 'pdm/+/failures', fields: {}, dedupBy: ['failure'] },
      machines: { topic: 'pdm/+/machine', fields: {}, dedupBy: [] },
    }),
    /** How far behind the newest event an event may arrive and still be placed in time order (absent: 0). */
    lateness: duration.optional(),
    /** Messages for machines without a static record (the machines table) are dead-lettered. */
    requireKnownMachines: z.boolean().default(true),
    deadLetterTopic: z.string().min(1).default('forewarn/dead-letter'),
    alerts: z
      .object({
        /** Retained current state per machine at `<topic>/<machine>`. */
        topic: z.string().min(1).default('forewarn/alerts'),
        /** Consecutive alerting scoring points before an episode opens (debounce). */
        openAfter: z.number().int().min(1).max(1000).default(1),
        /** An open episode stays active while its score ≥ threshold − hysteresis. */
        hysteresis: z.number().min(0).max(1).default(0),
        /** Close after this long without an active score; default: the label horizon. */
        quietPeriod: duration.optional(),
        /** The table and column whose events close an episode of that component (maintenance done). */
        maintenance: z.object({ table: z.string().min(1), column: z.string().min(1) }).strict().default({ table: 'maint', column: 'comp' }),
        topFeatures: z.number().int().min(0).max(100).default(3),
        webhooks: z.array(webhook).default([]),
      })
      .strict()
      .prefault({}),
    checkpoint: z
      .object({ path: z.string().min(1).default('.forewarn/stream-checkpoint.json'), everySeconds: z.number().min(0).max(86400).default(5) })
      .strict()
      .prefault({}),
    metrics: z.object({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(9464) }).strict().prefault({}),
    nats: z
      .object({ servers: z.string().min(1).default('nats://127.0.0.1:4222'), stream: z.string().min(1).default('FOREWARN_TELEMETRY'), subjectPrefix: z.string().min(1).default('pdm'), partitions: z.number().int().min(1).max(1024).default(8) })
      .strict()
      .prefault({}),
  })
  .strict();

export type StreamConfig = z.infer<typeof streamSection>;

export const defaultStreamConfig = (): StreamConfig => streamSection.parse({});
