/**
 * Day-by-day views of a logged range, for the report and for daily drift checks: predictions are bucketed by the
 * UTC day of the time their features describe (X-Forewarn-Time when the client sent it, else the prediction time),
 * so a replay of past telemetry is judged by the days it replays.
 */
import type { Baseline } from './baseline.js';
import { computeDrift, type DriftOptions, type DriftResult } from './drift-report.js';
import type { PredictionLog, PredictionQuery } from './prediction-log.js';
import { WindowBuilder } from './window.js';

export interface DayStats {
  day: string;
  rows: number;
  alerts: number;
  meanScore: number | null;
  drift: DriftResult;
}

export async function dailyDrift(log: PredictionLog, q: PredictionQuery, baseline: Baseline, options?: DriftOptions): Promise<{ overall: ReturnType<WindowBuilder['build']>; days: DayStats[] }> {
  const all = new WindowBuilder(baseline);
  const days = new Map<string, { b: WindowBuilder; alerts: number; score: number; scored: number }>();
  for await (const page of log.read(q)) {
    all.add(page);
    for (const r of page) {
      const day = (r.eventTime ?? r.time).slice(0, 10);
      let d = days.get(day);
      if (!d) days.set(day, (d = { b: new WindowBuilder(baseline), alerts: 0, score: 0, scored: 0 }));
      d.b.add([r]);
      if (r.decision?.alert) d.alerts++;
      if (r.score !== undefined) { d.score += r.score; d.scored++; }
    }
  }
  const out: DayStats[] = [];
  for (const [day, d] of [...days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const w = d.b.build();
    out.push({ day, rows: w.rows, alerts: d.alerts, meanScore: d.scored ? d.score / d.scored : null, drift: computeDrift(baseline, w, options) });
  }
  return { overall: all.build(), days: out };
}
