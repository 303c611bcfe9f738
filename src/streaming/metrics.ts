import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { StreamProcessor } from './stream-processor.js';

export interface StreamMetricsInputs {
  processor: () => StreamProcessor;
  /** Wall-clock ms of the last checkpoint written (NaN: none yet). */
  checkpointAt: () => number;
  /** Messages received but not yet handled (the source's queue). */
  queued: () => number;
}

/**
 * /metrics of the stream process. Values are read from the processor at scrape time (collect callbacks), so the
 * hot path only bumps plain counters in its own stats. events/s by table is a rate over the last sampling period
 * (5 s) besides the raw counter; lag is wall clock minus the event time of the newest scored instant.
 */
export function streamMetrics(inp: StreamMetricsInputs): { registry: Registry; stop(): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'forewarn_stream_process_' });
  const stats = () => inp.processor().stats;
  let prev = { at: Date.now(), events: {} as Record<string, number> };
  let rates: Record<string, number> = {};
  const timer = setInterval(() => {
    const now = Date.now();
    const cur = { ...stats().events };
    const dt = (now - prev.at) / 1000;
    rates = Object.fromEntries(Object.entries(cur).map(([k, v]) => [k, (v - (prev.events[k] ?? 0)) / dt]));
    prev = { at: now, events: cur };
  }, 5000).unref();

  const set = (g: Gauge, rec: Record<string, number>, label: string) => {
    g.reset();
    for (const [k, v] of Object.entries(rec)) g.set({ [label]: k }, v);
  };
  new Gauge({ name: 'forewarn_stream_events_total', help: 'Events accepted, by table (a counter: monotonic within the process and across checkpoints)', labelNames: ['table'], registers: [registry], collect() { set(this, stats().events, 'table'); } });
  new Gauge({ name: 'forewarn_stream_events_per_second', help: 'Events accepted per second over the last 5 s, by table', labelNames: ['table'], registers: [registry], collect() { set(this, rates, 'table'); } });
  new Gauge({ name: 'forewarn_stream_dead_letters_total', help: 'Messages sent to the dead-letter topic, by error code', labelNames: ['code'], registers: [registry], collect() { set(this, stats().deadLetters, 'code'); } });
  new Gauge({ name: 'forewarn_stream_late_events_total', help: 'Events that arrived after their instant was scored', registers: [registry], collect() { this.set(stats().late); } });
  new Gauge({ name: 'forewarn_stream_duplicate_events_total', help: 'Repeated events (machine, time, type) dropped', registers: [registry], collect() { this.set(stats().duplicates); } });
  new Gauge({ name: 'forewarn_stream_scored_points_total', help: 'Machine × scoring-time points scored', registers: [registry], collect() { this.set(stats().scoredPoints); } });
  new Gauge({ name: 'forewarn_stream_scored_machines', help: 'Distinct machines scored at least once', registers: [registry], collect() { this.set(inp.processor().scoredMachines.size); } });
  new Gauge({ name: 'forewarn_stream_open_alerts', help: 'Alert episodes open now', registers: [registry], collect() { this.set(inp.processor().openAlerts); } });
  new Gauge({ name: 'forewarn_stream_lag_seconds', help: 'Wall clock minus the event time of the newest scored instant (replays of history show their age)', registers: [registry], collect() { const t = stats().lastInstantT; this.set(Number.isFinite(t) ? (Date.now() - t) / 1000 : 0); } });
  new Gauge({ name: 'forewarn_stream_checkpoint_age_seconds', help: 'Seconds since the last checkpoint was written (-1: none yet)', registers: [registry], collect() { const t = inp.checkpointAt(); this.set(Number.isFinite(t) ? (Date.now() - t) / 1000 : -1); } });
  new Gauge({ name: 'forewarn_stream_queued_messages', help: 'Messages received from the broker and not yet handled', registers: [registry], collect() { this.set(inp.queued()); } });
  new Gauge({ name: 'forewarn_stream_pending_events', help: 'Events waiting in the event-time buffer for their instant to complete', registers: [registry], collect() { this.set(inp.processor().pendingEvents); } });
  new Counter({ name: 'forewarn_stream_info', help: 'Model served by the stream (value 1)', labelNames: ['model', 'version'], registers: [registry], collect() { this.reset(); const m = inp.processor().model; this.inc({ model: m.name, version: m.version }, 1); } });
  return { registry, stop: () => clearInterval(timer) };
}
