/**
 * Realised performance: logged predictions joined with the failures that followed, with the training label's
 * definition: a prediction at t about entity e is positive when e has a (listed) failure in (t, t + horizon]; a
 * failure at f is caught when e had an alert in [f − horizon, f). Per ISO week (Monday, UTC): precision and recall
 * of the alert decision, event recall and alert lead time, and a degradation flag against the version's figures at
 * registration beyond a margin.
 */

export interface ScoredPrediction {
  entity: string;
  /** Epoch ms the features describe. */
  time: number;
  alert: boolean;
}

export interface FailureRecord {
  entity: string;
  time: number;
}

export interface WeekPerformance {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  predictions: number;
  alerts: number;
  positives: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
  failures: number;
  caught: number;
  eventRecall: number | null;
  /** Mean hours from the first alert in the window to the failure, over caught failures. */
  meanLeadHours: number | null;
  /** Figures below the registration figure by more than the margin. */
  degraded: string[];
}

export interface PerformanceResult {
  horizonHours: number;
  margin: number;
  registered: { precision?: number; recall?: number; eventRecall?: number };
  weeks: WeekPerformance[];
  overall: Omit<WeekPerformance, 'week'>;
}

const DAY = 86_400_000;

export function weekOf(ms: number): string {
  const d = new Date(ms);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - dow * DAY).toISOString().slice(0, 10);
}

function byEntity<T extends { entity: string; time: number }>(xs: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    let l = m.get(x.entity);
    if (!l) m.set(x.entity, (l = []));
    l.push(x);
  }
  for (const l of m.values()) l.sort((a, b) => a.time - b.time);
  return m;
}

/** First index with time > t (binary search over a time-sorted list). */
function after(list: readonly { time: number }[], t: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function realisedPerformance(
  predictions: readonly ScoredPrediction[],
  failures: readonly FailureRecord[],
  horizonMs: number,
  registered: PerformanceResult['registered'] = {},
  margin = 0.1,
): PerformanceResult {
  const fails = byEntity(failures);
  const preds = byEntity(predictions);
  type Acc = { predictions: number; alerts: number; positives: number; tp: number; failures: number; caught: number; lead: number };
  const weeks = new Map<string, Acc>();
  const acc = (w: string) => {
    let a = weeks.get(w);
    if (!a) weeks.set(w, (a = { predictions: 0, alerts: 0, positives: 0, tp: 0, failures: 0, caught: 0, lead: 0 }));
    return a;
  };
  const total: Acc = { predictions: 0, alerts: 0, positives: 0, tp: 0, failures: 0, caught: 0, lead: 0 };
  for (const p of predictions) {
    const list = fails.get(p.entity) ?? [];
    const i = after(list, p.time);
    const positive = i < list.length && list[i]!.time <= p.time + horizonMs;
    for (const a of [acc(weekOf(p.time)), total]) {
      a.predictions++;
      if (p.alert) a.alerts++;
      if (positive) a.positives++;
      if (positive && p.alert) a.tp++;
    }
  }
  // Only failures the logged predictions could have seen: inside the span of that entity's predictions (+ horizon).
  for (const [entity, list] of fails) {
    const ps = preds.get(entity);
    if (!ps || ps.length === 0) continue;
    const lo = ps[0]!.time, hi = ps[ps.length - 1]!.time + horizonMs;
    for (const f of list) {
      if (f.time <= lo || f.time > hi) continue;
      const from = after(ps, f.time - horizonMs - 1);
      let firstAlert = -1;
      for (let j = from; j < ps.length && ps[j]!.time < f.time; j++) if (ps[j]!.alert) { firstAlert = ps[j]!.time; break; }
      for (const a of [acc(weekOf(f.time)), total]) {
        a.failures++;
        if (firstAlert >= 0) { a.caught++; a.lead += (f.time - firstAlert) / 3_600_000; }
      }
    }
  }
  const finish = (a: Acc): Omit<WeekPerformance, 'week'> => {
    const r = {
      predictions: a.predictions, alerts: a.alerts, positives: a.positives, truePositives: a.tp,
      precision: ratio(a.tp, a.alerts), recall: ratio(a.tp, a.positives),
      failures: a.failures, caught: a.caught, eventRecall: ratio(a.caught, a.failures), meanLeadHours: a.caught ? a.lead / a.caught : null,
      degraded: [] as string[],
    };
    for (const [k, reg] of [['precision', registered.precision], ['recall', registered.recall], ['eventRecall', registered.eventRecall]] as const) {
      const v = r[k];
      if (reg !== undefined && v !== null && v < reg - margin) r.degraded.push(k);
    }
    return r;
  };
  return {
    horizonHours: horizonMs / 3_600_000,
    margin,
    registered,
    weeks: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, a]) => ({ week, ...finish(a) })),
    overall: finish(total),
  };
}
