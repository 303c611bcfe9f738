import type { BoundDecisionRule } from '../entities/decision-rule.js';
import type { ScoredPoint } from './scorer.js';

/** One alert episode: a machine + component at risk from `openedAt` until it closes. */
export interface AlertEpisode {
  /** Deterministic (machine, component, opening time): replays and restarts upsert the same episode, never a new one. */
  id: string;
  machine: string;
  component: string;
  status: 'open' | 'closed';
  /** Event time (ms) of the scoring point that opened it. */
  openedAt: number;
  /** Probability of the component at opening, and the highest while open. */
  probability: number;
  maxProbability: number;
  /** The alert score compared with the threshold (1 − P(none), or P(positive)). */
  score: number;
  lastActiveAt: number;
  /** When the failure is expected: from the opening point to one label horizon later. */
  expectedFailure: { from: number; to: number };
  /** TreeSHAP: the features that pushed this component's score up most, at opening. */
  topFeatures: { feature: string; value: number; contribution: number }[];
  model: { name: string; version: string };
  closedAt?: number;
  closeReason?: 'quiet' | 'maintenance';
}

export interface AlertChange {
  kind: 'opened' | 'closed';
  episode: AlertEpisode;
  /** performance.now() when the message that completed the window was handled (latency measurement). */
  triggeredAt?: number;
}

export interface AlertPolicy {
  openAfter: number;
  hysteresis: number;
  quietMs: number;
  horizonMs: number;
  topFeatures: number;
}

export interface AlertBookState {
  episodes: AlertEpisode[];
  streaks: [string, number][];
}

type Explain = (p: ScoredPoint, classIndex: number, k: number) => AlertEpisode['topFeatures'];

/**
 * Per-machine alert state. At each scoring point the decision rule (the one evaluation measured) names at most one
 * component; that component's streak grows and, after `openAfter` consecutive points, an episode opens (one open
 * episode per machine + component). An open episode stays active while the model still ranks its component first
 * with a score ≥ threshold − hysteresis, and closes after `quietMs` of event time without an active point, or when
 * maintenance of that component is recorded. Everything is event time, so a replay gives the same episodes.
 */
export class AlertBook {
  private readonly open = new Map<string, AlertEpisode>(); // `${machine}\0${component}`
  private readonly streaks = new Map<string, number>();
  /** Closed episodes not yet collected by the caller (the store keeps history; this book keeps only current state). */
  private readonly failureIdx: number[];

  constructor(private readonly labels: readonly string[], private readonly rule: BoundDecisionRule, private readonly policy: AlertPolicy, private readonly model: { name: string; version: string }, private readonly explain?: Explain) {
    this.failureIdx = rule.posIndex !== null ? [rule.posIndex] : labels.map((_, k) => k).filter((k) => k !== rule.negIndex);
  }

  get openEpisodes(): AlertEpisode[] {
    return [...this.open.values()];
  }

  openFor(machine: string): AlertEpisode[] {
    return this.openEpisodes.filter((e) => e.machine === machine);
  }

  /** Apply one scoring point; returns the episodes it opened or closed. */
  score(p: ScoredPoint): AlertChange[] {
    const out: AlertChange[] = [];
    const d = p.decision;
    // The failure class the model ranks first (the one decide() would name if it alerted).
    let top = -1;
    for (const k of this.failureIdx) if (top < 0 || p.proba[k]! > p.proba[top]!) top = k;
    for (const k of this.failureIdx) {
      const comp = this.labels[k]!;
      const key = `${p.entity}\0${comp}`;
      const ep = this.open.get(key);
      const alerting = d.alert && d.classIndex === k;
      const active = alerting || (ep !== undefined && k === top && d.score >= this.rule.threshold - this.policy.hysteresis);
      if (active) {
        const s = (this.streaks.get(key) ?? 0) + 1;
        this.streaks.set(key, s);
        if (ep) {
          ep.lastActiveAt = p.t;
          ep.maxProbability = Math.max(ep.maxProbability, p.proba[k]!);
        } else if (alerting && s >= this.policy.openAfter) {
          const e: AlertEpisode = {
            id: `${p.entity}:${comp}:${p.t}`,
            machine: p.entity,
            component: comp,
            status: 'open',
            openedAt: p.t,
            probability: p.proba[k]!,
            maxProbability: p.proba[k]!,
            score: d.score,
            lastActiveAt: p.t,
            expectedFailure: { from: p.t, to: p.t + this.policy.horizonMs },
            topFeatures: this.explain && this.policy.topFeatures > 0 ? this.explain(p, k, this.policy.topFeatures) : [],
            model: this.model,
          };
          this.open.set(key, e);
          out.push({ kind: 'opened', episode: e });
        }
      } else {
        this.streaks.delete(key);
      }
    }
    return out;
  }

  /** The machine's event time moved to t: close its episodes quiet for `quietMs` (closed when the quiet period ended). */
  advance(machine: string, t: number): AlertChange[] {
    const out: AlertChange[] = [];
    if (this.open.size === 0) return out;
    for (const [key, e] of this.open) {
      if (e.machine !== machine) continue;
      const end = e.lastActiveAt + this.policy.quietMs;
      if (t >= end) {
        this.open.delete(key);
        this.streaks.delete(key);
        out.push({ kind: 'closed', episode: { ...e, status: 'closed', closedAt: end, closeReason: 'quiet' } });
      }
    }
    return out;
  }

  /** Maintenance of a component was recorded: its open episode (if any) is resolved. */
  maintenance(machine: string, component: string, t: number): AlertChange[] {
    const key = `${machine}\0${component}`;
    const e = this.open.get(key);
    this.streaks.delete(key);
    if (!e || t < e.openedAt) return [];
    this.open.delete(key);
    return [{ kind: 'closed', episode: { ...e, status: 'closed', closedAt: t, closeReason: 'maintenance' } }];
  }

  snapshot(): AlertBookState {
    return { episodes: this.openEpisodes, streaks: [...this.streaks] };
  }

  restore(s: AlertBookState): void {
    this.open.clear();
    for (const e of s.episodes) this.open.set(`${e.machine}\0${e.component}`, e);
    this.streaks.clear();
    for (const [k, v] of s.streaks) this.streaks.set(k, v);
  }
}

/** TreeSHAP top contributors for one class, via the predictor's `contributions` (trees, logistic). */
export function shapExplainer(contributions: ((row: Float64Array) => { values: Float64Array; nOutputs: number }) | undefined, modelRow: (f: Float64Array) => Float64Array, names: readonly string[]): Explain | undefined {
  if (!contributions) return undefined;
  return (p, k, topK) => {
    const row = modelRow(p.features);
    const c = contributions(row);
    const P = names.length;
    // Binary models explain one output (the positive class's log-odds).
    const off = c.nOutputs === 1 ? 0 : k * P;
    const idx = [...Array(P).keys()].sort((a, b) => c.values[off + b]! - c.values[off + a]!).slice(0, topK);
    return idx.map((j) => ({ feature: names[j]!, value: row[j]!, contribution: c.values[off + j]! }));
  };
}
