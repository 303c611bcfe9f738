import { EvalErrors } from '../errors.js';
import type { EventIndex } from './event-index.js';

/**
 * Alert episodes and what they achieved. The model, stated once:
 *
 * - Alerting rows of one entity, in time order, form one EPISODE while each alert is within `horizon` of the
 *   previous one. A failure of that entity ends the episode (the machine was repaired); later alerts start a new one.
 * - Each episode triggers a planned maintenance visit, and one more for every further full horizon the alerting
 *   persists (visits = 1 + floor((last − first alert) / horizon)): a visit answers one horizon's warning, so a
 *   model that alerts all the time pays for it instead of getting one cheap never-ending episode.
 * - A failure at time f is CAUGHT when the latest episode that started before f has an alert in [f − horizon, f):
 *   the warning came no earlier than the label horizon allows. An alert at exactly f does not count (too late).
 *   One episode can catch several failures (e.g. two components failing together).
 * - An episode that caught no failure is a FALSE ALARM. Episodes whose horizon runs past the entity's last row may
 *   still be followed by an unobserved failure; they count as false alarms and are reported as `censored`.
 * - Lead time of a caught failure = f − the episode's FIRST alert (what a planner actually had).
 */

export interface Episode {
  entity: string;
  start: number;
  last: number;
  alerts: number;
  caught: number;
  visits: number;
}

export interface CaughtFailure { entity: string; time: number; class: string | undefined; leadMs: number }

export interface EpisodeOutcome {
  episodes: number;
  /** Planned maintenance visits the episodes trigger. */
  visits: number;
  alertRows: number;
  falseAlarms: number;
  censored: number;
  failures: number;
  caught: CaughtFailure[];
  missed: number;
  /** Kept only when asked (report tables); the sweep only needs the counts. */
  episodeList?: Episode[];
}

export function simulateEpisodes(index: EventIndex, alerts: Uint8Array, keepEpisodes = false): EpisodeOutcome {
  if (alerts.length !== index.nRows) throw EvalErrors.FW_ERR_EVAL_SHAPE(`episodes: ${alerts.length} alert flags for ${index.nRows} rows`);
  const h = index.horizonMs;
  const time = index.time;
  let episodes = 0;
  let visits = 0;
  let alertRows = 0;
  let falseAlarms = 0;
  let censored = 0;
  const caught: CaughtFailure[] = [];
  const list: Episode[] = [];
  for (const e of index.entities) {
    const fails = e.failures;
    const eps: Episode[] = [];
    let cur: Episode | null = null;
    let fi = 0; // first failure with time > cur.last (or > -inf before any episode)
    for (let r = 0; r < e.rows.length; r++) {
      const i = e.rows[r]!;
      if (alerts[i] !== 1) continue;
      const t = time[i]!;
      alertRows++;
      if (cur) {
        while (fi < fails.length && fails[fi]!.time <= cur.last) fi++;
        const failureBetween = fi < fails.length && fails[fi]!.time <= t;
        if (failureBetween || t - cur.last > h) cur = null;
      }
      if (!cur) {
        cur = { entity: e.entity, start: t, last: t, alerts: 0, caught: 0, visits: 0 };
        eps.push(cur);
      }
      cur.last = t;
      cur.alerts++;
    }
    // Match failures to the latest episode that started before them.
    let ei = -1;
    for (const f of fails) {
      while (ei + 1 < eps.length && eps[ei + 1]!.start < f.time) ei++;
      const ep = ei >= 0 ? eps[ei]! : null;
      if (ep && ep.last < f.time && f.time - ep.last <= h) {
        ep.caught++;
        caught.push({ entity: e.entity, time: f.time, class: f.class, leadMs: f.time - ep.start });
      }
    }
    for (const ep of eps) {
      ep.visits = 1 + Math.floor((ep.last - ep.start) / h);
      visits += ep.visits;
      if (ep.caught === 0) {
        falseAlarms++;
        if (ep.last + h > e.end) censored++;
      }
    }
    episodes += eps.length;
    if (keepEpisodes) list.push(...eps);
  }
  const out: EpisodeOutcome = { episodes, visits, alertRows, falseAlarms, censored, failures: index.nFailures, caught, missed: index.nFailures - caught.length };
  if (keepEpisodes) out.episodeList = list;
  return out;
}
