import { quantile } from '../evaluation/lead-time.js';

/**
 * What live alert episodes achieved against the failures that happened: the stream's counterpart of the
 * evaluation's episode analysis (src/evaluation/costs/episodes.ts), stated on episodes as the stream emits them
 * (per machine AND component, open → closed):
 *
 * - A machine's episodes that overlap in time, with no failure of the machine between one's opening and the next's,
 *   form one CHAIN (what a planner sees as "this machine has been flagged since …").
 * - A failure at f is CAUGHT when an episode of its machine opened before f was still open at f (it closes a
 *   quiet period after its last alerting point, so "open at f" = alerted within the quiet period before f).
 * - Lead time = f − the chain's first opening. A chain that caught nothing is a FALSE ALERT.
 * Only episodes open during [from, to] count, as only the test rows count offline; failures in (from, to + horizon].
 */
export interface EpisodeSpan {
  machine: string;
  openedAt: number;
  /** undefined = still open at the end of the replay. */
  closedAt?: number;
}

export interface FailureAt {
  machine: string;
  time: number;
}

export interface AlertOutcome {
  failures: number;
  caught: number;
  eventRecall: number;
  leadHours: number[];
  medianLeadHours: number | null;
  chains: number;
  falseAlerts: number;
  falseAlertsPerMachineMonth: number;
}

export function alertOutcome(episodes: readonly EpisodeSpan[], failures: readonly FailureAt[], o: { from: number; to: number; horizonMs: number; machineMonths: number }): AlertOutcome {
  // An episode already open when the period starts counts from the period's start (offline sees no earlier rows).
  const eps = episodes
    .filter((e) => e.openedAt <= o.to && (e.openedAt >= o.from || (e.closedAt ?? Number.POSITIVE_INFINITY) > o.from))
    .map((e) => (e.openedAt >= o.from ? e : { ...e, openedAt: o.from }));
  const fails = failures.filter((f) => f.time > o.from && f.time <= o.to + o.horizonMs);
  const byMachine = new Map<string, EpisodeSpan[]>();
  for (const e of eps) {
    let l = byMachine.get(e.machine);
    if (!l) byMachine.set(e.machine, (l = []));
    l.push(e);
  }
  const failBy = new Map<string, number[]>();
  for (const f of fails) {
    let l = failBy.get(f.machine);
    if (!l) failBy.set(f.machine, (l = []));
    l.push(f.time);
  }
  let chainsN = 0;
  let falseAlerts = 0;
  const lead: number[] = [];
  let caught = 0;
  for (const [m, list] of byMachine) {
    list.sort((a, b) => a.openedAt - b.openedAt);
    const ft = (failBy.get(m) ?? []).sort((a, b) => a - b);
    const chains: { start: number; end: number; members: EpisodeSpan[]; caught: number }[] = [];
    for (const e of list) {
      const end = e.closedAt ?? Number.POSITIVE_INFINITY;
      const c = chains[chains.length - 1];
      const failureBetween = c !== undefined && ft.some((f) => f > c.members[c.members.length - 1]!.openedAt && f <= e.openedAt);
      if (c && e.openedAt <= c.end && !failureBetween) {
        c.end = Math.max(c.end, end);
        c.members.push(e);
      } else chains.push({ start: e.openedAt, end, members: [e], caught: 0 });
    }
    for (const f of ft) {
      const c = chains.find((ch) => ch.members.some((e) => e.openedAt < f && f <= (e.closedAt ?? Number.POSITIVE_INFINITY)));
      if (c) {
        c.caught++;
        caught++;
        lead.push((f - c.start) / 3_600_000);
      }
    }
    chainsN += chains.length;
    falseAlerts += chains.filter((c) => c.caught === 0).length;
  }
  const sorted = Float64Array.from(lead).sort();
  return {
    failures: fails.length,
    caught,
    eventRecall: fails.length ? caught / fails.length : Number.NaN,
    leadHours: lead,
    medianLeadHours: lead.length ? quantile(sorted, 0.5) : null,
    chains: chainsN,
    falseAlerts,
    falseAlertsPerMachineMonth: falseAlerts / o.machineMonths,
  };
}
