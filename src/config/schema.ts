import { z } from 'zod';
import { dataSection } from '../data/config.js';
import { featuresSection, labelLeakIssues, labelSection, splitSection } from '../features/config.js';
import { modelSection } from '../training/config.js';
import { evaluationSection } from '../evaluation/config.js';
import { storeSection, artifactsSection } from '../tracking/config.js';
import { serveSection } from '../serving/config.js';
import { monitoringSection } from '../monitoring/config.js';
import { streamSection } from '../streaming/config.js';

/**
 * The whole forewarn.yaml. Each section's schema lives with the code that reads it; this file only composes them.
 * Unknown top-level keys are refused (a typo must not be silently ignored).
 */
export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    project: z.object({ name: z.string().min(1), seed: z.number().int().default(42) }).strict(),
    data: dataSection.optional(),
    features: featuresSection.optional(),
    label: labelSection.optional(),
    split: splitSection.optional(),
    model: modelSection.optional(),
    evaluation: evaluationSection.optional(),
    // prefault: an absent section is parsed as {}, so the section's own field defaults apply (written once there).
    store: storeSection.prefault({}),
    artifacts: artifactsSection.prefault({}),
    serve: serveSection.optional(),
    monitoring: monitoringSection.optional(),
    stream: streamSection.optional(),
  })
  .strict()
  // cross-section rules: the label is never a feature (features/config.ts)
  .superRefine((cfg, ctx) => {
    for (const i of labelLeakIssues(cfg.features, cfg.label)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  });

export type ForewarnConfig = z.infer<typeof configSchema>;
