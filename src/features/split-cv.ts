import { Rng } from '../core/random.js';
import type { SplitConfig } from './config.js';
import { parseDuration } from './duration.js';
import { FeatureErrors } from './errors.js';
import { classCounts, type Fold, type SplitContext, type SplitInput } from './split.js';

/**
 * Cross-validation folds matching each split kind, for hyper-parameter search:
 *  - time: rolling-origin with an expanding window. The time range is cut at row quantiles into folds + 1 blocks;
 *    fold k trains on everything before block k + 1 and tests on that block, after the gap (label horizon).
 *  - group: GroupKFold — entities, largest first (seeded order among equal sizes), each to the currently smallest fold.
 *  - stratified: StratifiedKFold — each class shuffled and dealt round-robin, continuing where the last class ended.
 *  - random: KFold on shuffled rows (refused on event labels unless forced, like the single split).
 */
export function crossValidationFolds(input: SplitInput, cfg: SplitConfig, ctx: SplitContext, folds = cfg.cv?.folds ?? 5): Fold[] {
  if (!Number.isInteger(folds) || folds < 2) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.cv.folds: expected an integer ≥ 2, got ${folds}`);
  if ((cfg.kind === 'random' || cfg.kind === 'stratified') && ctx.labelKind === 'event' && !cfg.force) {
    throw FeatureErrors.FW_ERR_FEATURES_SPLIT_REFUSED(`split.kind: ${cfg.kind} cross-validation of event-labelled time series leaks labels; use kind: time or group, or set split.force: true`);
  }
  const n = input.y.length;
  const make = (k: number, test: number[], train: number[]): Fold => {
    const te = Int32Array.from(test).sort();
    const tr = Int32Array.from(train).sort();
    if (te.length === 0 || tr.length === 0) {
      throw FeatureErrors.FW_ERR_FEATURES_SPLIT_EMPTY(`split.cv: fold ${k} has ${tr.length} train and ${te.length} test rows; use fewer folds (split.cv.folds)`);
    }
    return { fold: k, train: tr, test: te, counts: { train: classCounts(input.y, tr, input.classes), test: classCounts(input.y, te, input.classes) } };
  };

  if (cfg.kind === 'time') {
    const time = input.time;
    if (!time || time.length !== n || time.some((t) => !Number.isFinite(t))) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('split.cv: time folds need a time on every row');
    const gap = cfg.gap !== undefined ? parseDuration(cfg.gap) ?? NaN : ctx.horizonMs ?? 0;
    if (!Number.isFinite(gap)) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.gap: ${JSON.stringify(cfg.gap)} is not a duration`);
    if (ctx.horizonMs !== undefined && gap < ctx.horizonMs) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.gap: ${cfg.gap} is shorter than the label horizon (${ctx.horizonMs / 3_600_000}h); train labels would reach into the test block`);
    }
    const ts = Float64Array.from(time).sort();
    const edge = (k: number) => (k > folds ? Infinity : ts[Math.floor((k / (folds + 1)) * n)]!);
    const out: Fold[] = [];
    for (let k = 0; k < folds; k++) {
      const start = edge(k + 1);
      const end = edge(k + 2);
      const train: number[] = [];
      const test: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = time[i]!;
        if (t < start) train.push(i);
        else if (t >= start + gap && t < end) test.push(i);
      }
      out.push(make(k, test, train));
    }
    return out;
  }

  const rng = new Rng(cfg.seed ?? ctx.seed);
  const assign = new Int32Array(n);
  if (cfg.kind === 'group') {
    const entity = input.entity;
    if (!entity || entity.length !== n) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('split.cv: group folds need an entity per row');
    const size = new Map<number, number>();
    for (const e of entity) size.set(e, (size.get(e) ?? 0) + 1);
    if (size.size < folds) throw FeatureErrors.FW_ERR_FEATURES_SPLIT_EMPTY(`split.cv.folds: ${folds} folds need at least ${folds} entities, there are ${size.size}`);
    const groups = [...size.keys()].sort((a, b) => a - b);
    rng.shuffle(groups);
    const order = groups.map((g, i) => ({ g, i })).sort((a, b) => size.get(b.g)! - size.get(a.g)! || a.i - b.i);
    const load = new Array<number>(folds).fill(0);
    const foldOf = new Map<number, number>();
    for (const { g } of order) {
      let best = 0;
      for (let k = 1; k < folds; k++) if (load[k]! < load[best]!) best = k;
      foldOf.set(g, best);
      load[best]! += size.get(g)!;
    }
    for (let i = 0; i < n; i++) assign[i] = foldOf.get(entity[i]!)!;
  } else {
    const strat = cfg.kind === 'stratified';
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const k = strat ? input.y[i]! : 0;
      const b = buckets.get(k);
      if (b) b.push(i);
      else buckets.set(k, [i]);
    }
    let pos = 0;
    for (const k of [...buckets.keys()].sort((a, b) => a - b)) {
      const b = buckets.get(k)!;
      rng.shuffle(b);
      for (const i of b) assign[i] = pos++ % folds;
    }
  }
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (assign[i] === k ? test : train).push(i);
    out.push(make(k, test, train));
  }
  return out;
}
