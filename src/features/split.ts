import { Rng } from '../core/random.js';
import type { SplitConfig } from './config.js';
import type { ResolvedLabel } from './spec.js';
import { parseDuration } from './duration.js';
import { FeatureErrors } from './errors.js';
import { toTimeMs } from './online/values.js';

/**
 * Train / validation / test splits and their cross-validation variants, as Int32Array row indices (ascending).
 *
 * Time splits are the honest default for event-labelled series: a row at t carries a label about (t, t + H], so a
 * train row just before the test period would "see" test-period failures. Train is t < cutoff and test starts at
 * cutoff + gap with gap ≥ H (default H), so no train label window reaches the test period. The validation slice is
 * carved from the end of train the same way. Random / stratified splits of such data are refused unless forced.
 */

export interface SplitInput {
  y: Int32Array;
  classes: string[];
  /** Prediction time per row, epoch ms (time splits). */
  time?: Float64Array;
  /** Entity (group) code per row (group splits). */
  entity?: Int32Array;
}

export interface SplitContext {
  /** How the label was made: event labels forbid random splits (leakage) unless forced. */
  labelKind?: 'column' | 'event';
  /** Label horizon H in ms: the default gap for time splits. */
  horizonMs?: number;
  seed: number;
}

/** The split context of a resolved label (written once: the pipeline's split and search steps and the benches use it). */
export function splitContextFor(label: ResolvedLabel | undefined, seed: number): SplitContext {
  return { labelKind: label?.kind, horizonMs: label?.kind === 'event' ? label.horizonMs : undefined, seed };
}

export type ClassCounts = Record<string, number>;

export interface SplitResult {
  kind: SplitConfig['kind'];
  train: Int32Array;
  validation: Int32Array | null;
  test: Int32Array;
  counts: { train: ClassCounts; validation: ClassCounts | null; test: ClassCounts };
  /** Time splits: the boundaries used (ISO) and the gap in ms. */
  boundaries?: { testStart: string; gapMs: number; validationStart?: string; validationGapMs?: number };
  /** Rows in no part (inside a gap). */
  dropped: number;
}

export interface Fold {
  fold: number;
  train: Int32Array;
  test: Int32Array;
  counts: { train: ClassCounts; test: ClassCounts };
}

export function classCounts(y: Int32Array, idx: Int32Array, classes: string[]): ClassCounts {
  const n = new Array<number>(classes.length).fill(0);
  for (const i of idx) n[y[i]!]!++;
  return Object.fromEntries(classes.map((c, k) => [c, n[k]!]));
}

function sorted(a: number[]): Int32Array {
  return Int32Array.from(a).sort();
}

function refuseRandom(cfg: SplitConfig, ctx: SplitContext): void {
  if ((cfg.kind === 'random' || cfg.kind === 'stratified') && ctx.labelKind === 'event' && !cfg.force) {
    throw FeatureErrors.FW_ERR_FEATURES_SPLIT_REFUSED(
      `split.kind: a ${cfg.kind} split of event-labelled time series leaks labels (a row's label window (t, t+H] overlaps its neighbours' in the other part); use kind: time (or group), or set split.force: true to accept the leak`,
    );
  }
}

function requireTime(input: SplitInput): Float64Array {
  const t = input.time;
  if (!t || t.length !== input.y.length) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('split.kind: time splits need a time per row (features.base.time)');
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]!)) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.kind: time splits need a time on every row; row ${i} has none`);
  }
  return t;
}

function requireEntity(input: SplitInput): Int32Array {
  if (!input.entity || input.entity.length !== input.y.length) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC('split.kind: group splits need an entity per row (features.base.entity)');
  return input.entity;
}

function gapOf(text: string | undefined, fallback: number, where: string): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${where}: ${JSON.stringify(text)} is not a duration like 24h`);
  return ms;
}

/** The time below which `1 - fraction` of the given rows lie. */
function timeQuantile(time: Float64Array, rows: ArrayLike<number>, keep: number): number {
  const ts = Float64Array.from({ length: rows.length }, (_, i) => time[rows[i]!]!).sort();
  return ts[Math.min(ts.length - 1, Math.max(0, Math.floor(keep * ts.length)))]!;
}

function nonEmpty(name: string, idx: Int32Array, hint: string): void {
  if (idx.length === 0) throw FeatureErrors.FW_ERR_FEATURES_SPLIT_EMPTY(`split: the ${name} part is empty; ${hint}`);
}

export function splitRows(input: SplitInput, cfg: SplitConfig, ctx: SplitContext): SplitResult {
  refuseRandom(cfg, ctx);
  const n = input.y.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const counts = (train: Int32Array, val: Int32Array | null, test: Int32Array) => ({
    train: classCounts(input.y, train, input.classes),
    validation: val ? classCounts(input.y, val, input.classes) : null,
    test: classCounts(input.y, test, input.classes),
  });

  if (cfg.kind === 'time') {
    const time = requireTime(input);
    const gapMs = gapOf(cfg.gap, ctx.horizonMs ?? 0, 'split.gap');
    if (ctx.horizonMs !== undefined && gapMs < ctx.horizonMs) {
      throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.gap: ${cfg.gap} is shorter than the label horizon (${ctx.horizonMs / 3_600_000}h); train labels would reach into the test period`);
    }
    let testStart: number;
    if (cfg.cutoff !== undefined) {
      const c = toTimeMs(cfg.cutoff);
      if (c === null) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`split.cutoff: ${JSON.stringify(cfg.cutoff)} is not an ISO date/time`);
      testStart = c;
    } else testStart = timeQuantile(time, all, 1 - cfg.testFraction);
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      if (time[i]! < testStart) train.push(i);
      else if (time[i]! >= testStart + gapMs) test.push(i);
    }
    let trainIdx = sorted(train);
    const testIdx = sorted(test);
    nonEmpty('train', trainIdx, `no row is before the cutoff ${new Date(testStart).toISOString()}; move split.cutoff later`);
    nonEmpty('test', testIdx, `no row is at or after cutoff + gap ${new Date(testStart + gapMs).toISOString()}; move split.cutoff earlier or lower split.testFraction`);
    let valIdx: Int32Array | null = null;
    const boundaries: SplitResult['boundaries'] = { testStart: new Date(testStart).toISOString(), gapMs };
    if (cfg.validation) {
      const vGap = gapOf(cfg.validation.gap, gapMs, 'split.validation.gap');
      const vStart = timeQuantile(time, trainIdx, 1 - cfg.validation.fraction);
      const tr: number[] = [];
      const va: number[] = [];
      for (const i of trainIdx) {
        if (time[i]! < vStart) tr.push(i);
        else if (time[i]! >= vStart + vGap) va.push(i);
      }
      trainIdx = sorted(tr);
      valIdx = sorted(va);
      nonEmpty('train', trainIdx, 'the validation slice took all of it; lower split.validation.fraction');
      nonEmpty('validation', valIdx, 'its gap swallowed it; raise split.validation.fraction or lower split.validation.gap');
      boundaries.validationStart = new Date(vStart).toISOString();
      boundaries.validationGapMs = vGap;
    }
    const used = trainIdx.length + testIdx.length + (valIdx?.length ?? 0);
    return { kind: 'time', train: trainIdx, validation: valIdx, test: testIdx, counts: counts(trainIdx, valIdx, testIdx), boundaries, dropped: n - used };
  }

  const rng = new Rng(cfg.seed ?? ctx.seed);
  if (cfg.kind === 'group') {
    const entity = requireEntity(input);
    const { take: testIdx, rest } = takeGroups(entity, all, cfg.testFraction, rng);
    let trainIdx = rest;
    let valIdx: Int32Array | null = null;
    if (cfg.validation) {
      const v = takeGroups(entity, trainIdx, cfg.validation.fraction, rng);
      valIdx = v.take;
      trainIdx = v.rest;
      nonEmpty('validation', valIdx, 'raise split.validation.fraction');
    }
    nonEmpty('train', trainIdx, 'there are too few entities; lower split.testFraction');
    nonEmpty('test', testIdx, 'raise split.testFraction');
    return { kind: 'group', train: trainIdx, validation: valIdx, test: testIdx, counts: counts(trainIdx, valIdx, testIdx), dropped: 0 };
  }

  const strat = cfg.kind === 'stratified';
  const first = takeRandom(input.y, all, cfg.testFraction, strat, rng);
  let trainIdx = first.rest;
  let valIdx: Int32Array | null = null;
  if (cfg.validation) {
    const v = takeRandom(input.y, trainIdx, cfg.validation.fraction, strat, rng);
    valIdx = v.take;
    trainIdx = v.rest;
    nonEmpty('validation', valIdx, 'raise split.validation.fraction');
  }
  nonEmpty('train', trainIdx, 'lower split.testFraction');
  nonEmpty('test', first.take, 'raise split.testFraction');
  return { kind: cfg.kind, train: trainIdx, validation: valIdx, test: first.take, counts: counts(trainIdx, valIdx, first.take), dropped: 0 };
}

/** Whole entities, in seeded random order, until at least `fraction` of the rows are taken. */
function takeGroups(entity: Int32Array, rows: Int32Array, fraction: number, rng: Rng): { take: Int32Array; rest: Int32Array } {
  const groups = [...new Set(Array.from(rows, (i) => entity[i]!))].sort((a, b) => a - b);
  rng.shuffle(groups);
  const size = new Map<number, number>();
  for (const i of rows) size.set(entity[i]!, (size.get(entity[i]!) ?? 0) + 1);
  const target = fraction * rows.length;
  const chosen = new Set<number>();
  let got = 0;
  for (const g of groups) {
    if (got >= target || chosen.size === groups.length - 1) break;
    chosen.add(g);
    got += size.get(g)!;
  }
  const take: number[] = [];
  const rest: number[] = [];
  for (const i of rows) (chosen.has(entity[i]!) ? take : rest).push(i);
  return { take: sorted(take), rest: sorted(rest) };
}

/** round(fraction · n) rows at random; stratified = that many from each class. */
function takeRandom(y: Int32Array, rows: Int32Array, fraction: number, stratified: boolean, rng: Rng): { take: Int32Array; rest: Int32Array } {
  const buckets = new Map<number, number[]>();
  for (const i of rows) {
    const k = stratified ? y[i]! : 0;
    const b = buckets.get(k);
    if (b) b.push(i);
    else buckets.set(k, [i]);
  }
  const take: number[] = [];
  const rest: number[] = [];
  for (const k of [...buckets.keys()].sort((a, b) => a - b)) {
    const b = buckets.get(k)!;
    rng.shuffle(b);
    const m = Math.round(fraction * b.length);
    take.push(...b.slice(0, m));
    rest.push(...b.slice(m));
  }
  return { take: sorted(take), rest: sorted(rest) };
}
