import type { Logger } from 'pino';
import { resolve } from 'node:path';
import type { Project } from '../config/load.js';
import { openStores, type Stores } from '../stores/open-stores.js';
import { getByUri } from '../artifacts/artifact-ops.js';
import { loadModelBytes } from '../registry/resolve.js';
import { RegistryModelSource } from '../inference/registry-model-source.js';
import { isIP } from 'node:net';
import { ModelSlot } from '../inference/model-slot.js';
import { redactUrl } from '../db/sql-store.js';
import { parseDuration } from '../features/duration.js';
import { defaultStreamConfig, type StreamConfig } from './config.js';
import { MessageDecoder, tableKeysFromSpec } from './decode.js';
import { StreamProcessor, type DeadLetterSink, type ProcessorOptions } from './stream-processor.js';
import { scoringModel, type ScoringModel } from './scorer.js';
import { projectContracts } from './project-contracts.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { NdjsonSource } from './ndjson-source.js';
import { connectMqtt, type MqttClientLike } from './mqtt/mqtt-client.js';
import { MqttSource } from './mqtt/mqtt-source.js';
import { MqttAlertSink, MqttDeadLetters } from './mqtt/mqtt-alert-sink.js';
import { WebhookSink } from './webhook-sink.js';
import { SqlAlertStore, StoreAlertSink } from './alert-store.js';
import type { AlertSink } from './alert-sink.js';
import { streamMetrics } from './metrics.js';
import { StreamErrors } from './errors.js';
import type { TelemetrySource } from './telemetry-source.js';

export interface StreamRunOptions {
  project: Project;
  model?: string;
  alias?: string;
  /** Where events come from: the MQTT topics of `stream.tables`, or an NDJSON file ('-' = stdin). */
  from: { kind: 'mqtt' } | { kind: 'ndjson'; path: string } | { kind: 'nats'; worker: number; workers: number };
  /** Publish alerts and dead letters to MQTT (default: when reading from MQTT). */
  mqttOut?: boolean;
  /** Checkpoint file; false = none. Default: stream.checkpoint.path. */
  checkpoint?: string | false;
  /** Also checkpoint every n handled messages (tests, replays); the time cadence always applies. */
  checkpointEveryMessages?: number;
  /** HTTP (/metrics, /health, /alerts); false = none. */
  http?: { host: string; port: number } | false;
  token?: string;
  log: Logger;
  /** One line per alert change (the CLI prints them). */
  onAlertLine?: (line: string) => void;
  onListening?: (port: number) => void;
  signal?: AbortSignal;
  /** When stopped, treat the input as ended: score every buffered instant (a replay of a finite period). */
  flushOnStop?: boolean;
}

/** A processor wired from the project's `stream:` config and data contracts (the runner, replays, benches). */
export async function createProcessor(project: Project, cfg: StreamConfig, model: ScoringModel, extra: Partial<ProcessorOptions> = {}): Promise<StreamProcessor> {
  const decoder = new MessageDecoder(tableKeysFromSpec(model.spec), cfg, await projectContracts(project));
  return new StreamProcessor(model, {
    decoder,
    latenessMs: cfg.lateness ? parseDuration(cfg.lateness)! : 0,
    policy: { openAfter: cfg.alerts.openAfter, hysteresis: cfg.alerts.hysteresis, topFeatures: cfg.alerts.topFeatures, quietMs: cfg.alerts.quietPeriod ? parseDuration(cfg.alerts.quietPeriod) : undefined },
    maintenance: cfg.alerts.maintenance,
    requireKnownMachines: cfg.requireKnownMachines,
    ...extra,
  });
}

/**
 * Like `forewarn serve`: on a loopback bind only acknowledging needs the token; on any other address every route
 * but /health and /metrics does, and starting without a token is refused.
 */
function streamAccess(host: string, token: string | undefined): { auth: { token?: string }; everything: boolean } {
  const loopback = host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!loopback && !token) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`refusing to serve /alerts on ${host} (not a loopback address) without FOREWARN_API_TOKEN`);
  return { auth: { token }, everything: !loopback };
}

export interface StreamRunSummary {
  model: string;
  version: string;
  resumedFrom: unknown;
  stats: StreamProcessor['stats'];
  openAlerts: number;
  checkpoints: number;
}

/**
 * `forewarn stream`: the version behind an alias (hot-swapped when the alias moves), its frozen features, its
 * decision rule, fed by MQTT or an NDJSON file, with alerts to the SQL store, MQTT (retained per machine) and
 * webhooks. State is checkpointed atomically; with an NDJSON source the checkpoint records the line, so a restart
 * after kill -9 continues exactly where the state was saved and re-derives the same alert episodes (same ids,
 * upserted), never a lost or a second one.
 */
export async function runStream(o: StreamRunOptions): Promise<StreamRunSummary> {
  const cfg: StreamConfig = o.project.config.stream ?? defaultStreamConfig();
  const modelName = o.model ?? cfg.model;
  if (!modelName) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION('which model? pass --model <name> or set stream.model');
  const alias = o.alias ?? cfg.alias;
  const log = o.log;
  const stores: Stores = await openStores({ project: o.project });
  const closers: (() => Promise<unknown>)[] = [() => stores.close()];
  try {
    const source = new RegistryModelSource({
      registry: stores.registry,
      loadBytes: (v) => loadModelBytes(stores.artifacts, v),
      loadArtifact: (uri) => getByUri(stores.artifacts, uri),
      description: `registry:${redactUrl(stores.sql.displayUrl)}`,
    });
    let proc: StreamProcessor | undefined;
    const slot = new ModelSlot(source, modelName, alias, {
      onSwap: (next, prev) => {
        if (!prev || !proc) return;
        try {
          proc.swapModel(scoringModel(next));
        } catch (e) {
          log.error({ version: next.version, err: (e as Error).message }, 'the new version cannot be streamed; keeping the previous one');
        }
      },
    }, log);
    const first = await slot.refresh();
    if (first.status === 'failed') throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`${modelName} (alias ${alias}): ${first.error.message}`);
    closers.push(() => slot.close());
    const model = scoringModel(slot.current!);

    const wantMqtt = o.from.kind === 'mqtt' || o.mqttOut === true;
    let mqtt: MqttClientLike | undefined;
    if (wantMqtt) {
      const persistent = o.from.kind === 'mqtt' && cfg.mqtt.qos === 1;
      mqtt = await connectMqtt(cfg.mqtt.url, { clientId: cfg.mqtt.clientId ?? `forewarn-stream-${modelName}`, clean: !persistent });
      mqtt.on('error', (e) => log.error({ err: e.message }, 'MQTT client error'));
      closers.push(() => mqtt!.endAsync());
    }
    const alertStore = new SqlAlertStore(stores.sql);
    const sinks: AlertSink[] = [new StoreAlertSink(alertStore)];
    if (mqtt && o.mqttOut !== false) sinks.push(new MqttAlertSink(mqtt, cfg.alerts.topic));
    for (const w of cfg.alerts.webhooks) sinks.push(new WebhookSink(w, log));
    if (o.onAlertLine) {
      const print = o.onAlertLine;
      sinks.push({ name: 'cli', close: async () => {}, publish: async (c) => print(`${c.kind === 'opened' ? 'ALERT ' : 'closed'} ${c.episode.machine} ${c.episode.component} p=${c.episode.probability.toFixed(3)} at ${new Date(c.kind === 'opened' ? c.episode.openedAt : c.episode.closedAt!).toISOString()}${c.episode.closeReason ? ` (${c.episode.closeReason})` : ''}`) });
    }
    const deadLetters: DeadLetterSink | undefined = mqtt && o.mqttOut !== false ? new MqttDeadLetters(mqtt, cfg.deadLetterTopic) : { publish: (d) => log.warn({ origin: d.origin, code: d.code, reason: d.reason }, 'dead letter') };

    proc = await createProcessor(o.project, cfg, model, { sinks, deadLetters, log });
    const p = proc;

    const ckPath = o.checkpoint === false ? undefined : resolve(o.project.dir, o.checkpoint ?? cfg.checkpoint.path);
    let resumedFrom: unknown = null;
    if (ckPath) {
      const st = await readCheckpoint(ckPath);
      if (st) {
        p.restore(st);
        resumedFrom = st.position;
        log.info({ checkpoint: ckPath, position: st.position, writtenAt: st.writtenAt }, 'resumed from checkpoint');
      }
    }

    let src: TelemetrySource;
    let position: () => unknown;
    let queued = () => 0;
    if (o.from.kind === 'ndjson') {
      // The position names its input: a checkpoint of another file continues its state but not its line count.
      const input = o.from.path === '-' ? 'stdin' : resolve(o.from.path);
      const at = resumedFrom as { input?: string; line?: number } | null;
      let skip = 0;
      if (at && typeof at.line === 'number') {
        if (at.input === input) skip = at.line;
        else log.warn({ checkpointInput: at.input, input }, 'the checkpoint was written while reading another input: its state is kept, this input is read from its first line');
      }
      const nd = new NdjsonSource(o.from.path === '-' ? process.stdin : o.from.path, skip);
      src = nd;
      position = () => ({ input, line: nd.position });
    } else if (o.from.kind === 'nats') {
      const { worker, workers } = o.from;
      if (!(workers >= 1 && worker >= 0 && worker < workers)) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`--worker ${worker} of --workers ${workers}: expected 0 ≤ worker < workers`);
      const n = cfg.nats;
      if (workers > n.partitions) throw StreamErrors.FW_ERR_STREAM_BAD_OPTION(`--workers ${workers} is more than stream.nats.partitions (${n.partitions}); extra workers would idle`);
      const { connectJetStream, ensureStream } = await import('./nats/jetstream.js');
      const { JetStreamSource } = await import('./nats/jetstream-source.js');
      const { workerPartitions } = await import('./nats/partition.js');
      const h = await connectJetStream(n.servers);
      closers.push(() => h.close());
      await ensureStream(h, n.stream, n.subjectPrefix);
      const js = new JetStreamSource(h, { stream: n.stream, prefix: n.subjectPrefix, partitions: workerPartitions(worker, workers, n.partitions), durablePrefix: `forewarn-${modelName}` });
      await js.start();
      src = js;
      position = () => null;
      queued = () => js.queued;
    } else {
      const ms = new MqttSource(mqtt!, cfg.tables, cfg.mqtt.qos, cfg.mqtt.url);
      await ms.start();
      src = ms;
      position = () => null;
      queued = () => ms.queued;
    }
    closers.push(() => src.close());

    let checkpointAt = Number.NaN;
    let checkpoints = 0;
    const metrics = streamMetrics({ processor: () => p, checkpointAt: () => checkpointAt, queued });
    closers.push(async () => metrics.stop());
    if (o.http !== false) {
      const { default: Fastify } = await import('fastify');
      const { streamRoutes } = await import('./http/stream-routes.js');
      const app = Fastify({ logger: false });
      const h = o.http ?? cfg.metrics;
      await streamRoutes(app, {
        registry: metrics.registry,
        alerts: alertStore,
        access: streamAccess(h.host, o.token),
        health: () => ({ ok: slot.current !== undefined, model: p.model.name, version: p.model.version, source: src.description, lastError: slot.lastError, checkpointAgeSeconds: Number.isFinite(checkpointAt) ? (Date.now() - checkpointAt) / 1000 : null }),
      });
      await app.listen({ host: h.host, port: h.port });
      const addr = app.server.address();
      o.onListening?.(typeof addr === 'object' && addr ? addr.port : h.port);
      closers.push(() => app.close());
    }
    if (cfg.pollSeconds > 0) slot.startPolling(cfg.pollSeconds);

    // Durable transports: a message is acknowledged only once a checkpoint covers it (redelivered otherwise).
    let acks: (() => void)[] = [];
    const checkpoint = async () => {
      if (ckPath) {
        await p.idle();
        await writeCheckpoint(ckPath, p.snapshot(position()));
        checkpointAt = Date.now();
        checkpoints++;
      }
      for (const a of acks) a();
      acks = [];
    };
    const stop = () => void src.close();
    o.signal?.addEventListener('abort', stop, { once: true });
    const everyMs = cfg.checkpoint.everySeconds * 1000;
    let lastCk = Date.now();
    let sinceCk = 0;
    const everyN = o.checkpointEveryMessages ?? 0;
    for await (const msg of src) {
      p.handle(msg);
      if (msg.ack) {
        if (ckPath) acks.push(msg.ack);
        else msg.ack();
      }
      sinceCk++;
      // JetStream holds at most 50,000 unacknowledged messages per consumer: checkpoint well before that.
      if ((everyN > 0 && sinceCk >= everyN) || (everyMs > 0 && sinceCk % 1024 === 0 && Date.now() - lastCk >= everyMs) || acks.length >= 20_000) {
        await checkpoint();
        lastCk = Date.now();
        sinceCk = 0;
      }
    }
    // A finite source ended: every buffered instant is complete. A stopped live source keeps its buffer (checkpointed).
    if ((o.from.kind === 'ndjson' && !o.signal?.aborted) || o.flushOnStop) await p.flush();
    await p.idle();
    await checkpoint();
    for (const s of sinks) await s.close();
    return { model: p.model.name, version: p.model.version, resumedFrom, stats: p.stats, openAlerts: p.openAlerts, checkpoints };
  } finally {
    for (const c of closers.reverse()) await c().catch((e: unknown) => log.warn({ err: (e as Error).message }, 'closing failed'));
  }
}
