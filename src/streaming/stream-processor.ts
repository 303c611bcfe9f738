import type { Logger } from 'pino';
import { OnlineFeatureEngine, type EngineState } from '../features/online/engine.js';
import { StreamErrors } from './errors.js';
import { EventTimeBuffer, type EventTimeState, type Instant } from './event-time.js';
import type { MessageDecoder } from './decode.js';
import { AlertBook, shapExplainer, type AlertBookState, type AlertChange, type AlertPolicy } from './machine-alerts.js';
import type { AlertSink } from './alert-sink.js';
import { StreamScorer, type ScoredPoint, type ScoringModel } from './scorer.js';
import type { DeadLetter, RawMessage, TelemetryEvent } from './telemetry-event.js';

/** Where undecodable / late messages go (the dead-letter topic), besides the counters. */
export interface DeadLetterSink {
  publish(d: DeadLetter): void;
}

export interface ProcessorOptions {
  decoder: MessageDecoder;
  latenessMs: number;
  policy: Omit<AlertPolicy, 'horizonMs' | 'quietMs'> & { quietMs?: number };
  maintenance: { table: string; column: string };
  requireKnownMachines: boolean;
  sinks?: AlertSink[];
  deadLetters?: DeadLetterSink;
  log?: Logger;
  /** Every scored point (parity checks, the prediction log). */
  onPoint?(p: ScoredPoint): void;
}

export interface StreamStats {
  events: Record<string, number>;
  deadLetters: Record<string, number>;
  late: number;
  duplicates: number;
  scoredPoints: number;
  instants: number;
  alertsOpened: number;
  alertsClosed: number;
  sinkErrors: number;
  /** Event time of the newest released instant (ms), and the wall clock when it was released. */
  lastInstantT: number;
  lastInstantWallMs: number;
}

export interface ProcessorState {
  format: 'forewarn-stream-checkpoint';
  version: 1;
  specHash: string;
  model: { name: string; version: string };
  /** The source's resume position (NDJSON line, JetStream sequence) covered by this state. */
  position: unknown;
  engine: EngineState;
  buffer: EventTimeState;
  alerts: AlertBookState;
  knownMachines: string[];
  stats: StreamStats;
  writtenAt: string;
}

/**
 * The live scoring loop for one process: decode → event-time buffer → (per released instant) close quiet and
 * maintained episodes, ingest, score the prediction points, open episodes → alert sinks. `handle` never throws for a
 * bad message: it becomes a dead letter with a reason and a counter. Released instants are scored one after
 * another on a promise chain, so `idle()` is a point where the whole state is consistent (checkpoints).
 */
export class StreamProcessor {
  private scorer: StreamScorer;
  private book: AlertBook;
  private readonly buffer: EventTimeBuffer;
  private readonly known = new Set<string>();
  private readonly staticTables: Set<string>;
  private chain: Promise<void> = Promise.resolve();
  private pendingAsync = 0;
  private readonly sinkChains: Promise<void>[] = [];
  private failure: unknown;
  readonly scoredMachines = new Set<string>();
  stats: StreamStats = { events: {}, deadLetters: {}, late: 0, duplicates: 0, scoredPoints: 0, instants: 0, alertsOpened: 0, alertsClosed: 0, sinkErrors: 0, lastInstantT: Number.NaN, lastInstantWallMs: Number.NaN };

  constructor(model: ScoringModel, private readonly o: ProcessorOptions) {
    this.buffer = new EventTimeBuffer(o.latenessMs);
    this.scorer = new StreamScorer(model);
    this.book = this.newBook(model);
    this.staticTables = new Set(o.decoder.tables.filter((t) => o.decoder.keysOf(t)?.time === null));
  }

  get model(): ScoringModel {
    return this.scorer.model;
  }

  get openAlerts(): number {
    return this.book.openEpisodes.length;
  }

  get pendingEvents(): number {
    return this.buffer.pendingEvents;
  }

  private newBook(model: ScoringModel): AlertBook {
    const label = model.spec.label;
    const horizonMs = label?.kind === 'event' ? label.horizonMs : 24 * 3_600_000;
    const policy: AlertPolicy = { ...this.o.policy, horizonMs, quietMs: this.o.policy.quietMs ?? horizonMs };
    const explain = shapExplainer(model.predictor.contributions?.bind(model.predictor), (f) => this.scorer.modelRow(f), model.predictor.features.map((f) => f.name));
    return new AlertBook(model.labels, model.rule, policy, { name: model.name, version: model.version }, explain);
  }

  /**
   * A new model version (alias moved). Same frozen spec → the feature state carries over untouched. Another spec →
   * a new engine, which starts empty; said loudly, since features over windows need that long to be whole again.
   */
  swapModel(next: ScoringModel): void {
    this.enqueue(() => {
      const prev = this.scorer.model;
      const same = prev.specHash === next.specHash;
      const engine = same ? this.scorer.engine : new OnlineFeatureEngine(next.spec);
      if (!same) {
        // Static rows are not windowed: copy them over so known machines stay scoreable.
        const st = this.scorer.engine.exportState();
        engine.importState({ sources: engine.exportState().sources, statics: st.statics });
        this.o.log?.warn({ from: prev.version, to: next.version }, 'model swap with a different feature spec: windowed feature state restarts empty; scores are partial until the longest window has passed');
      }
      const open = this.book.snapshot();
      this.scorer = new StreamScorer(next, engine);
      this.book = this.newBook(next);
      this.book.restore(open);
      this.o.log?.info({ model: next.name, from: prev.version, to: next.version, featureStateKept: same }, 'stream model swapped');
    });
  }

  /** One raw message. Synchronous up to the buffer; released instants are scored on the chain. */
  handle(msg: RawMessage): void {
    const d = this.o.decoder.decode(msg);
    if (!d.ok) return this.dead(d.dead);
    const e = d.event;
    if (this.staticTables.has(e.table)) {
      this.count(e.table);
      this.known.add(e.entity);
      // Statics apply in arrival order, behind instants still being scored asynchronously.
      if (this.pendingAsync === 0) this.scorer.ingestStatic(e);
      else this.enqueue(() => this.scorer.ingestStatic(e));
      return;
    }
    if (this.o.requireKnownMachines && this.staticTables.size > 0 && !this.known.has(e.entity)) {
      return this.dead({ origin: msg.origin, code: StreamErrors.defs.FW_ERR_STREAM_UNKNOWN_MACHINE.code, reason: `${e.table}: machine ${e.entity} has no record in ${[...this.staticTables].join(', ')} (send it first, or set stream.requireKnownMachines: false)`, payload: short(msg) });
    }
    const r = this.buffer.offer(e, d.key);
    if (r === 'duplicate') {
      this.stats.duplicates++;
      return;
    }
    if (r === 'late') {
      this.stats.late++;
      return this.dead({ origin: msg.origin, code: StreamErrors.defs.FW_ERR_STREAM_LATE_EVENT.code, reason: `${e.table} for machine ${e.entity} at ${new Date(e.t).toISOString()} arrived after ${new Date(this.buffer.lastReleasedOf(e.entity)).toISOString()} was scored (lateness ${this.o.latenessMs / 1000}s)`, payload: short(msg) });
    }
    this.count(e.table);
    this.release(this.buffer.drain(e.entity));
  }

  /** End of a finite stream: everything still buffered is complete. */
  flush(): Promise<void> {
    this.release(this.buffer.drainAll());
    return this.idle();
  }

  /** Resolves when every released instant has been scored and its alerts handed to the sinks. */
  async idle(): Promise<void> {
    for (;;) {
      const c = this.chain;
      await c;
      await Promise.all(this.sinkChains);
      if (c === this.chain) break;
    }
    if (this.failure) throw this.failure;
  }

  private release(instants: Instant[]): void {
    if (instants.length === 0) return;
    const now = performance.now();
    for (const inst of instants) {
      inst.releasedAt = now;
      // JSON models score synchronously: no promise per instant while nothing asynchronous is queued ahead.
      if (this.pendingAsync === 0) {
        const r = this.processInstant(inst);
        if (r) this.enqueue(() => r);
      } else this.enqueue(() => this.processInstant(inst));
    }
  }

  private enqueue(fn: () => void | Promise<void>): void {
    this.pendingAsync++;
    this.chain = this.chain.then(fn).finally(() => {
      this.pendingAsync--;
    });
  }

  private processInstant(inst: Instant): void | Promise<void> {
    const changes: AlertChange[] = this.book.advance(inst.entity, inst.t);
    const m = this.o.maintenance;
    for (const e of inst.events) if (e.table === m.table && e.row[m.column] != null) changes.push(...this.book.maintenance(e.entity, String(e.row[m.column]), e.t));
    let scored: ScoredPoint[] | Promise<ScoredPoint[]>;
    try {
      scored = this.scorer.scoreInstant(inst);
    } catch (err) {
      return this.fail(err);
    }
    if (scored instanceof Promise) return scored.then((pts) => this.afterScoring(inst, pts, changes), (err: unknown) => this.fail(err));
    this.afterScoring(inst, scored, changes);
  }

  /** A scoring failure is ours, not the message's: keep it for idle() to report (no silent gaps). */
  private fail(err: unknown): void {
    this.failure ??= err;
    this.o.log?.error({ err: (err as Error).message }, 'scoring failed');
  }

  private afterScoring(inst: Instant, points: ScoredPoint[], changes: AlertChange[]): void {
    for (const p of points) {
      this.scoredMachines.add(p.entity);
      this.o.onPoint?.(p);
      changes.push(...this.book.score(p));
    }
    this.stats.scoredPoints += points.length;
    this.stats.instants++;
    this.stats.lastInstantT = inst.t;
    this.stats.lastInstantWallMs = Date.now();
    for (const c of changes) {
      c.triggeredAt = inst.releasedAt;
      if (c.kind === 'opened') this.stats.alertsOpened++;
      else this.stats.alertsClosed++;
      const open = this.book.openFor(c.episode.machine);
      // Each sink delivers in order on its own chain: a slow broker or database never holds up scoring; idle()
      // waits for them, so a checkpoint is only written once every change it covers was delivered.
      (this.o.sinks ?? []).forEach((s, i) => {
        this.sinkChains[i] = (this.sinkChains[i] ?? Promise.resolve()).then(() => s.publish(c, open)).catch((err: unknown) => {
          this.stats.sinkErrors++;
          this.o.log?.error({ sink: s.name, alert: c.episode.id, err: (err as Error).message }, 'alert sink failed');
        });
      });
    }
  }

  private count(table: string): void {
    this.stats.events[table] = (this.stats.events[table] ?? 0) + 1;
  }

  private dead(d: DeadLetter): void {
    this.stats.deadLetters[d.code] = (this.stats.deadLetters[d.code] ?? 0) + 1;
    this.o.deadLetters?.publish(d);
  }

  /** The whole state at `position`; call after `idle()`. */
  snapshot(position: unknown): ProcessorState {
    const m = this.scorer.model;
    return {
      format: 'forewarn-stream-checkpoint',
      version: 1,
      specHash: m.specHash,
      model: { name: m.name, version: m.version },
      position,
      engine: this.scorer.engine.exportState(),
      buffer: this.buffer.snapshot(),
      alerts: this.book.snapshot(),
      knownMachines: [...this.known],
      stats: this.stats,
      writtenAt: new Date().toISOString(),
    };
  }

  restore(s: ProcessorState): void {
    if (s.specHash !== this.scorer.model.specHash) {
      throw StreamErrors.FW_ERR_STREAM_CHECKPOINT(`the checkpoint was written for another feature spec (model ${s.model.name} v${s.model.version}); move it away to start fresh`);
    }
    this.scorer.engine.importState(s.engine);
    this.buffer.restore(s.buffer);
    this.book.restore(s.alerts);
    this.known.clear();
    for (const k of s.knownMachines) this.known.add(k);
    this.stats = { ...this.stats, ...s.stats };
  }
}

function short(msg: RawMessage): string {
  const t = typeof msg.payload === 'string' ? msg.payload : Buffer.from(msg.payload).toString('utf8');
  return t.length > 4096 ? `${t.slice(0, 4096)}…` : t;
}

export type { TelemetryEvent };
