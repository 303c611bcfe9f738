import type { StepOutcome } from './step-cache.js';
import type { IngestStepOutput } from './steps/ingest-step.js';
import type { FeaturesStepOutput } from './steps/features-step.js';
import type { SplitStepOutput } from './steps/split-step.js';
import type { TrainStepOutput } from './steps/train-step.js';
import type { EvaluateStepOutput } from './steps/evaluate-step.js';
import type { RegisterOutcome } from './register-step.js';

/**
 * What the pipeline reports while it runs. runPipeline prints nothing: it hands these to `onEvent`, and the CLI
 * (cli/commands/pipeline-lines.ts) turns them into lines. Retraining, tests and the UI can use them as data.
 */

/** The stations in order: `name` is how results and tags call it, `label` the short form on progress lines. */
export const PIPELINE_STEPS = [
  { name: 'ingest+validate', label: 'ingest' },
  { name: 'features', label: 'features' },
  { name: 'split', label: 'split' },
  { name: 'train', label: 'train' },
  { name: 'evaluate', label: 'evaluate' },
  { name: 'gate+register', label: 'gate+reg' },
] as const;

export type PipelineStepName = (typeof PIPELINE_STEPS)[number]['name'];

interface StepDone<N extends PipelineStepName, O> {
  kind: 'step';
  step: N;
  /** 1-based position and the number of steps, for "[i/n]". */
  index: number;
  total: number;
  reused: boolean;
  seconds: number;
  output: O;
}

export type StepEvent =
  | StepDone<'ingest+validate', IngestStepOutput>
  | StepDone<'features', FeaturesStepOutput>
  | StepDone<'split', SplitStepOutput>
  | StepDone<'train', TrainStepOutput>
  | StepDone<'evaluate', EvaluateStepOutput>
  | StepDone<'gate+register', { modelName: string; registration: RegisterOutcome }>;

export type PipelineEvent =
  | StepEvent
  | { kind: 'search-start'; method: 'grid' | 'random'; trials: number | null; folds: number; metric: string }
  | { kind: 'search-trial'; index: number; metric: string; mean: number; seconds: number }
  | { kind: 'search-best'; index: number; metric: string; mean: number; params: Record<string, unknown> };

export type PipelineEventHandler = (e: PipelineEvent) => void;

/** Build a step event from a cached step's outcome (index/total come from PIPELINE_STEPS, never a literal). */
export function stepEvent<N extends PipelineStepName, O>(step: N, o: Pick<StepOutcome<O>, 'reused' | 'seconds' | 'output'>): StepDone<N, O> {
  const index = PIPELINE_STEPS.findIndex((s) => s.name === step) + 1;
  return { kind: 'step', step, index, total: PIPELINE_STEPS.length, reused: o.reused, seconds: o.seconds, output: o.output };
}
