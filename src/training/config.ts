import { z } from 'zod';

/**
 * `model:` section: which learner and its hyperparameters, plus an optional search space.
 * (Starter schema; refined with the learners.)
 */
export const modelSection = z
  .object({
    learner: z.enum(['gbdt', 'random_forest', 'logistic']).default('gbdt'),
    params: z.record(z.string(), z.unknown()).default({}),
    search: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ModelSection = z.infer<typeof modelSection>;
