import type { AlertChange, AlertEpisode } from './machine-alerts.js';

/**
 * Where alert changes go: MQTT (retained current state per machine), webhooks, the SQL alert store, a test's memory.
 * `publish` gets every change plus the machine's open episodes after it, so a sink that keeps "current state" (the
 * retained MQTT topic) needs no memory of its own. A sink must not throw for a delivery failure it can retry; the
 * processor logs and counts what it does throw and carries on.
 */
export interface AlertSink {
  readonly name: string;
  publish(change: AlertChange, openForMachine: AlertEpisode[]): Promise<void>;
  close(): Promise<void>;
}

/** Keeps every change in order (tests, the replay report). */
export class MemoryAlertSink implements AlertSink {
  readonly name = 'memory';
  readonly changes: AlertChange[] = [];
  async publish(change: AlertChange): Promise<void> {
    this.changes.push(change);
  }
  async close(): Promise<void> {}
  /** Episodes by id, latest state (an opened episode that later closed shows closed). */
  episodes(): AlertEpisode[] {
    const m = new Map<string, AlertEpisode>();
    for (const c of this.changes) m.set(c.episode.id, c.episode);
    return [...m.values()].sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id));
  }
}

/** The wire form of an episode: ISO times, so MQTT / webhook consumers need no epoch arithmetic. */
export function alertJson(e: AlertEpisode): Record<string, unknown> {
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  return {
    id: e.id,
    machine: e.machine,
    component: e.component,
    status: e.status,
    openedAt: iso(e.openedAt),
    probability: e.probability,
    maxProbability: e.maxProbability,
    score: e.score,
    lastActiveAt: iso(e.lastActiveAt),
    expectedFailure: { from: iso(e.expectedFailure.from), to: iso(e.expectedFailure.to) },
    topFeatures: e.topFeatures.map((f) => ({ ...f, value: Number.isFinite(f.value) ? f.value : null })),
    model: e.model,
    ...(e.closedAt !== undefined ? { closedAt: iso(e.closedAt), closeReason: e.closeReason } : {}),
  };
}
