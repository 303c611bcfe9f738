import { z } from 'zod';

/** `evaluation:` section: threshold policy, costs, quality gates. (Starter schema; owned by src/evaluation/.) */
export const evaluationSection = z.record(z.string(), z.unknown());
