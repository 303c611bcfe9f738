import type { Dataset } from '../models/dataset.js';
import { takeRows, toRowMatrix } from '../models/dataset.js';
import { getLearner } from '../models/learner-registry.js';
import type { Fold } from '../features/split.js';
import type { SearchConfig } from './config.js';
import { proposeTrials } from './search-space.js';
import { higherIsBetter, scoreProba } from './score.js';
import { CoreErrors } from '../core/errors.js';

export interface TrialResult {
  index: number;
  params: Record<string, unknown>;
  /** Metric per fold, then the mean (what trials are ranked by). */
  foldScores: number[];
  mean: number;
  seconds: number;
}

export interface SearchResult {
  metric: string;
  trials: TrialResult[];
  best: TrialResult;
}

export interface SearchHooks {
  /** Called before each trial (the pipeline opens a child run here). */
  onTrialStart?(index: number, params: Record<string, unknown>): Promise<void> | void;
  onTrialEnd?(trial: TrialResult): Promise<void> | void;
  /**
   * Trials already run elsewhere (the pipeline's trial steps on a cluster, `forewarn run --step trial`), by index:
   * taken as they are instead of fitted again, so the search picks the same best trial as a serial run.
   */
  precomputed?: ReadonlyMap<number, TrialResult>;
  /** Run only these trial indices (a trial step); the result then holds just those trials. */
  only?: readonly number[];
}

/**
 * Hyperparameter search: every proposed trial (base params overridden by the trial's) is fitted on each CV fold's
 * train rows and scored on its test rows; the best mean wins (ties → the earlier trial). Folds come from the split's
 * own CV variant, so a time split is searched with rolling-origin folds and never peeks at the future.
 */
export async function searchHyperparameters(
  data: Dataset, folds: Fold[], learnerKind: string, baseParams: Record<string, unknown>, search: SearchConfig,
  opts: { seed: number; workers?: number }, hooks: SearchHooks = {},
): Promise<SearchResult> {
  const learner = getLearner(learnerKind);
  const proposals = proposeTrials(search, opts.seed);
  const trials: TrialResult[] = [];
  const better = higherIsBetter(search.metric);
  for (let t = 0; t < proposals.length; t++) {
    if (hooks.only && !hooks.only.includes(t)) continue;
    const params = { ...baseParams, ...proposals[t] };
    const done = hooks.precomputed?.get(t);
    if (done) {
      if (JSON.stringify(done.params) !== JSON.stringify(params)) throw CoreErrors.FW_ERR_CORE_CONFLICT(`search trial ${t}: the precomputed trial has params ${JSON.stringify(done.params)}, this search proposes ${JSON.stringify(params)}`);
      trials.push(done);
      await hooks.onTrialEnd?.(done);
      continue;
    }
    // Trials are scored on each fold's held-out rows, so those rows must not also steer early stopping; trials
    // therefore run their full n_estimators. The final fit (train step) still early-stops on the validation slice.
    const { early_stopping_rounds: _es, ...trialParams } = params;
    void _es;
    const parsed = learner.parseParams(trialParams);
    await hooks.onTrialStart?.(t, params);
    const t0 = performance.now();
    const foldScores: number[] = [];
    for (const fold of folds) {
      const train = takeRows(data, fold.train);
      const test = takeRows(data, fold.test);
      const model = await learner.fit(train, parsed, { seed: opts.seed, workers: opts.workers });
      const proba = model.predictProba(toRowMatrix(test));
      foldScores.push(scoreProba(search.metric, test.y, proba, data.classes));
    }
    const mean = foldScores.reduce((a, b) => a + b, 0) / foldScores.length;
    const trial: TrialResult = { index: t, params, foldScores, mean, seconds: (performance.now() - t0) / 1000 };
    trials.push(trial);
    await hooks.onTrialEnd?.(trial);
  }
  if (trials.length === 0) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`search: no trial to run (only ${JSON.stringify(hooks.only)} of ${proposals.length})`);
  let best = trials[0]!;
  for (const tr of trials) if (better ? tr.mean > best.mean : tr.mean < best.mean) best = tr;
  return { metric: search.metric, trials, best };
}
