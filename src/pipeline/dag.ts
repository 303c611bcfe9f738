import type { StepName } from './run-step.js';

/** One node of the pipeline's step graph: a `forewarn run --step` invocation and the nodes it waits for. */
export interface DagNode {
  /** Unique task name (trial-<i> for search trials). */
  name: string;
  step: StepName;
  trial?: number;
  dependencies: string[];
}

/**
 * The real steps of `forewarn run` as a graph, for schedulers (Argo Workflows): a straight line, except that the
 * hyperparameter search's trials fan out between split and train, which takes their results instead of fitting them
 * again (steps/trial-step.ts). `trials` is how many the configured search proposes (0 without a search).
 */
export function pipelineDag(trials: number): DagNode[] {
  const trialNodes: DagNode[] = Array.from({ length: trials }, (_, i) => ({ name: `trial-${i}`, step: 'trial', trial: i, dependencies: ['split'] }));
  return [
    { name: 'ingest', step: 'ingest', dependencies: [] },
    { name: 'features', step: 'features', dependencies: ['ingest'] },
    { name: 'split', step: 'split', dependencies: ['features'] },
    ...trialNodes,
    { name: 'train', step: 'train', dependencies: trials > 0 ? trialNodes.map((t) => t.name) : ['split'] },
    { name: 'evaluate', step: 'evaluate', dependencies: ['train'] },
    { name: 'register', step: 'register', dependencies: ['evaluate'] },
  ];
}
