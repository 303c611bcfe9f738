import { join } from 'node:path';
import type { Project } from '../config/load.js';
import type { PipelineEventHandler } from './events.js';

/** What every pipeline step gets: the project, where cached step outputs live, and how to report progress. */
export interface PipelineContext {
  project: Project;
  /** `<stateDir>/cache`: one folder per step, one sub-folder per input hash (see step-cache.ts). */
  cacheRoot: string;
  seed: number;
  /** Worker threads for fitting; undefined = all cores. */
  workers?: number;
  /** Progress events for the caller (the CLI prints them; the pipeline never prints). */
  emit: PipelineEventHandler;
  /** Progress display for long steps (bar on a terminal, lines otherwise, silent in tests). */
  progress?: 'bar' | 'lines' | 'silent';
}

export function pipelineContext(project: Project, emit: PipelineEventHandler, opts: { workers?: number; progress?: PipelineContext['progress'] } = {}): PipelineContext {
  return { project, cacheRoot: join(project.stateDir, 'cache'), seed: project.config.project.seed, workers: opts.workers ?? project.config.model?.workers, emit, progress: opts.progress };
}
