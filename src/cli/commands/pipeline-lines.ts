import { PIPELINE_STEPS, type PipelineEvent } from '../../pipeline/events.js';

/**
 * The progress lines of `forewarn run` / `forewarn quickstart`, from the pipeline's events (the pipeline prints
 * nothing itself). The text is the CLI's contract with people reading it: keep it stable.
 */
export function pipelineEventLines(e: PipelineEvent): string[] {
  switch (e.kind) {
    case 'search-start':
      return [`  search: ${e.method}, ${e.method === 'grid' ? 'grid' : `${e.trials} trials`} × ${e.folds} folds, metric ${e.metric}`];
    case 'search-trial':
      return [`        trial ${e.index}: ${e.metric} ${e.mean.toFixed(4)} (${e.seconds.toFixed(1)}s)`];
    case 'search-best':
      return [`  search: best trial ${e.index} ${e.metric}=${e.mean.toFixed(4)} ${JSON.stringify(e.params)}`];
    case 'step': {
      const label = PIPELINE_STEPS[e.index - 1]!.label;
      const head = `[${e.index}/${e.total}] ${label.padEnd(9)} ${e.reused ? 'reused ' : 'done   '} ${e.seconds.toFixed(2).padStart(6)}s`;
      switch (e.step) {
        case 'ingest+validate': {
          const rows = Object.entries(e.output.tables).map(([n, t]) => `${n} ${t.accepted}/${t.rows}`).join(', ');
          return [head, `        dataset ${e.output.datasetHash.slice(0, 12)}: ${rows} rows accepted`];
        }
        case 'features':
          return [head, `        ${e.output.rows} rows × ${e.output.columns} features (SQL ${(e.output.sqlMs / 1000).toFixed(2)}s)`];
        case 'split': {
          const { sizes, boundaries } = e.output;
          return [head, `        train ${sizes.train}, validation ${sizes.validation}, test ${sizes.test}${boundaries ? `; test from ${boundaries.testStart}` : ''}`];
        }
        case 'train': {
          const t = e.output;
          return [head, `        ${t.learner} fitted in ${t.fitSeconds.toFixed(2)}s on ${t.nTrain} rows (${(t.modelBytes / 1024).toFixed(0)} KiB model)`];
        }
        case 'evaluate':
          return [head];
        case 'gate+register': {
          const { registration: r, modelName } = e.output;
          const what = r.status === 'blocked'
            ? `BLOCKED by gates: ${r.failedGates.join('; ')}`
            : `${modelName} v${r.version!.version} (${r.version!.approval.status})${r.status === 'already-registered' ? ', already registered' : ''}`;
          return [`${head}  ${what}`];
        }
      }
    }
  }
}

/** Progress lines to stderr, as `forewarn run` has always printed them. */
export function printPipelineEvent(e: PipelineEvent): void {
  for (const line of pipelineEventLines(e)) process.stderr.write(`${line}\n`);
}
