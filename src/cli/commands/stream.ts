import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption, numberOption } from '../options.js';
import { CoreErrors } from '../../core/errors.js';

interface StreamCliOptions {
  project?: string;
  model?: string;
  alias?: string;
  fromNdjson?: string;
  fromNats?: boolean;
  worker?: number;
  workers?: number;
  mqttOut?: boolean;
  checkpoint?: string | false;
  checkpointEvery?: number;
  host?: string;
  port?: number;
  http?: boolean;
}

interface ReplayCliOptions {
  project?: string;
  from?: string;
  to?: string;
  rate?: number;
  mqtt?: string | boolean;
  nats?: string | boolean;
  limit?: number;
}

const dayMs = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(v) ? Date.parse(`${v.replace(' ', 'T')}${v.length > 10 ? 'Z' : 'T00:00:00Z'}`) : NaN;
  if (!Number.isFinite(t)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name}: expected a UTC date YYYY-MM-DD[ HH:MM[:SS]], got ${JSON.stringify(v)}`);
  return t;
};

/** `forewarn stream` (live scoring), `forewarn stream replay` (CSV history → a timed stream), `forewarn alerts`. */
export function registerStream(program: Command): void {
  const stream = program
    .command('stream')
    .description('score telemetry live: MQTT (or NDJSON) in, online features from the version\'s frozen spec, per-machine alerts out (store, MQTT, webhooks)')
    .option('--project <dir>', 'project folder with forewarn.yaml (default: current folder)')
    .option('--model <name>', 'registered model name (default: stream.model)')
    .option('--alias <alias>', 'alias to follow: production, staging, latest, or a pinned "3" (default: stream.alias = production)')
    .option('--from-ndjson <file>', 'read events from an NDJSON file (`-` = stdin, e.g. `forewarn simulate --stream |`) instead of MQTT')
    .option('--from-nats', 'consume NATS JetStream (stream.nats) instead of MQTT: this worker\'s partitions, durable consumers')
    .option('--worker <i>', 'with --from-nats: this worker\'s index (0-based)', intOption('--worker', 0, 1023), 0)
    .option('--workers <n>', 'with --from-nats: how many workers share the fleet', intOption('--workers', 1, 1024), 1)
    .option('--mqtt-out', 'with --from-ndjson / --from-nats: also publish alerts and dead letters to MQTT')
    .option('--checkpoint <file>', 'checkpoint file (default: stream.checkpoint.path)')
    .option('--no-checkpoint', 'keep no checkpoint')
    .option('--checkpoint-every <n>', 'also checkpoint every n messages', intOption('--checkpoint-every', 1, 1e9))
    .option('--host <host>', 'bind address of /metrics, /health, /alerts (default stream.metrics.host)')
    .option('--port <n>', 'port of /metrics, /health, /alerts (0 = any free port)', intOption('--port', 0, 65535))
    .option('--no-http', 'no HTTP endpoint')
    .addHelpText('after', `
Examples:
  forewarn stream --model fleet-demo --alias production
  forewarn simulate --machines 10 --days 30 --stream | forewarn stream --model fleet-demo --alias latest --from-ndjson -
  forewarn stream replay data/PdM_*.csv --from 2015-10-01 --mqtt --rate 20000`)
    .action(action(async (o: StreamCliOptions) => {
      const [{ loadProject }, { runStream }, { createLogger }] = await Promise.all([import('../../config/load.js'), import('../../streaming/run-stream.js'), import('../../core/logger.js')]);
      if (o.fromNdjson && o.fromNats) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--from-ndjson and --from-nats are mutually exclusive');
      const project = await loadProject(o.project ?? process.cwd());
      const cfg = project.config.stream;
      const ac = new AbortController();
      const onSig = () => ac.abort();
      process.once('SIGINT', onSig);
      process.once('SIGTERM', onSig);
      const r = await runStream({
        project,
        model: o.model,
        alias: o.alias,
        from: o.fromNdjson ? { kind: 'ndjson', path: o.fromNdjson } : o.fromNats ? { kind: 'nats', worker: o.worker ?? 0, workers: o.workers ?? 1 } : { kind: 'mqtt' },
        mqttOut: o.mqttOut,
        checkpoint: o.checkpoint === false ? false : o.checkpoint,
        checkpointEveryMessages: o.checkpointEvery,
        http: o.http === false ? false : { host: o.host ?? cfg?.metrics.host ?? '127.0.0.1', port: o.port ?? cfg?.metrics.port ?? 9464 },
        token: process.env.FOREWARN_API_TOKEN,
        log: createLogger('stream'),
        onAlertLine: (l) => process.stdout.write(`${l}\n`),
        onListening: (port) => process.stderr.write(`stream: /metrics, /health and /alerts on port ${port}\n`),
        signal: ac.signal,
      });
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
      const s = r.stats;
      const dl = Object.entries(s.deadLetters).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
      process.stdout.write(`${r.model} v${r.version}: ${Object.entries(s.events).map(([k, v]) => `${k} ${v}`).join(', ')} events; ${s.scoredPoints} points scored; alerts opened ${s.alertsOpened}, closed ${s.alertsClosed}, open ${r.openAlerts}; late ${s.late}, duplicates ${s.duplicates}; dead letters: ${dl}${r.resumedFrom !== null ? `; resumed from checkpoint${typeof (r.resumedFrom as { line?: number })?.line === 'number' ? ` at line ${(r.resumedFrom as { line: number }).line}` : ''}` : ''}\n`);
    }));

  stream
    .command('replay')
    .description('turn CSV history (PdM_telemetry.csv ... or table=file.csv) into a time-ordered stream: NDJSON on stdout, or published to MQTT')
    .argument('<files...>', 'CSV files; the table comes from the name (PdM_telemetry.csv → telemetry) or table=path')
    .option('--project <dir>', 'project whose stream.tables topics are used with --mqtt (default: current folder, else the defaults)')
    .option('--from <date>', 'first event time to replay (UTC, YYYY-MM-DD[ HH:MM]); static tables are always sent')
    .option('--to <date>', 'stop before this event time')
    .option('--rate <msgs/s>', 'pace to this many messages per second (default: as fast as possible)', numberOption('--rate', 1e-3, 1e9))
    .option('--mqtt [url]', 'publish to MQTT (default URL stream.mqtt.url) instead of printing NDJSON')
    .option('--nats [servers]', 'publish to NATS JetStream (stream.nats: partitioned subjects) instead of printing NDJSON')
    .option('--limit <n>', 'stop after n events', intOption('--limit', 0, Number.MAX_SAFE_INTEGER))
    .action(action(async (files: string[], o: ReplayCliOptions) => {
      const { readReplay, replayTable } = await import('../../streaming/csv-replay.js');
      const events = await readReplay(files.map(replayTable), { from: dayMs('--from', o.from), to: dayMs('--to', o.to) });
      const n = await emit(events, o);
      process.stderr.write(`replayed ${n} events from ${files.length} file(s)${o.mqtt ? ' to MQTT' : ''}\n`);
    }));

  const alerts = program.command('alerts').description('alert episodes raised by `forewarn stream`: list and acknowledge');
  alerts
    .command('list')
    .description('list stored alert episodes, newest first')
    .option('--project <dir>', 'project folder (default: current folder)')
    .option('--status <s>', 'open or closed')
    .option('--machine <id>', 'one machine')
    .option('--unacked', 'only alerts nobody acknowledged yet')
    .option('--limit <n>', 'at most n', intOption('--limit', 1, 100_000), 100)
    .option('--json', 'JSON output')
    .action(action(async (o: { project?: string; status?: string; machine?: string; unacked?: boolean; limit: number; json?: boolean }) => {
      if (o.status !== undefined && o.status !== 'open' && o.status !== 'closed') throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--status: expected open or closed, got ${JSON.stringify(o.status)}`);
      await withAlertStore(o.project, async (store) => {
        const list = await store.list({ status: o.status as 'open' | 'closed' | undefined, machine: o.machine, acked: o.unacked ? false : undefined, limit: o.limit });
        if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        if (!list.length) return void process.stdout.write('no alerts\n');
        for (const a of list) {
          process.stdout.write(`${a.id.padEnd(34)} ${a.status.padEnd(6)} machine ${a.machine.padEnd(5)} ${a.component.padEnd(8)} p=${a.probability.toFixed(3)} opened ${a.openedAt}${a.closedAt ? ` closed ${a.closedAt} (${a.closeReason})` : ''}${a.ack ? ` acked by ${a.ack.by}` : ''}  top: ${a.topFeatures.map((f) => f.feature).join(', ')}\n`);
        }
      });
    }));
  alerts
    .command('ack')
    .description('acknowledge an alert episode')
    .argument('<id>', 'alert id (from `forewarn alerts list`)')
    .option('--project <dir>', 'project folder (default: current folder)')
    .option('--by <name>', 'who acknowledges (default: $USER)')
    .option('--note <text>', 'a note')
    .action(action(async (id: string, o: { project?: string; by?: string; note?: string }) => {
      await withAlertStore(o.project, async (store) => {
        const ok = await store.ack(id, o.by ?? process.env.USER ?? 'cli', o.note);
        const { StreamErrors } = await import('../../streaming/errors.js');
        if (!ok) throw StreamErrors.FW_ERR_STREAM_ALERT_NOT_FOUND(`no alert ${id} (see forewarn alerts list)`);
        const a = await store.get(id);
        process.stdout.write(`acknowledged ${id} (by ${a?.ack?.by} at ${a?.ack?.at})\n`);
      });
    }));
}

async function withAlertStore(project: string | undefined, fn: (s: import('../../streaming/alert-store.js').AlertStore) => Promise<void>): Promise<void> {
  const [{ openStores }, { SqlAlertStore }] = await Promise.all([import('../../stores/open-stores.js'), import('../../streaming/alert-store.js')]);
  const stores = await openStores({ project: project ?? process.cwd() });
  try {
    await fn(new SqlAlertStore(stores.sql));
  } finally {
    await stores.close();
  }
}

async function emit(events: Iterable<Record<string, unknown> & { table: string }>, o: { project?: string; rate?: number; mqtt?: string | boolean; nats?: string | boolean; limit?: number }): Promise<number> {
  if (o.mqtt && o.nats) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--mqtt and --nats are mutually exclusive');
  if (o.nats) {
    const [{ connectJetStream, ensureStream, publishToJetStream }, { defaultStreamConfig }, { loadProject }] = await Promise.all([
      import('../../streaming/nats/jetstream.js'), import('../../streaming/config.js'), import('../../config/load.js'),
    ]);
    if (o.rate !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--rate applies to stdout and MQTT; JetStream publishing waits for the stream\'s acks instead');
    const n = ((await loadProject(o.project ?? process.cwd()).catch(() => undefined))?.config.stream ?? defaultStreamConfig()).nats;
    const h = await connectJetStream(typeof o.nats === 'string' ? o.nats : n.servers);
    try {
      await ensureStream(h, n.stream, n.subjectPrefix);
      return await publishToJetStream(h, events, { prefix: n.subjectPrefix, partitions: n.partitions, limit: o.limit });
    } finally {
      await h.close();
    }
  }
  if (!o.mqtt) {
    const { Readable } = await import('node:stream');
    const { pipeline } = await import('node:stream/promises');
    let n = 0;
    const start = Date.now();
    async function* lines() {
      for (const e of events) {
        if (o.limit !== undefined && n >= o.limit) return;
        n++;
        yield `${JSON.stringify(e)}\n`;
        if (o.rate !== undefined && n % Math.max(1, Math.floor(o.rate / 50)) === 0) {
          const ahead = (n / o.rate) * 1000 - (Date.now() - start);
          if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
        }
      }
    }
    await pipeline(Readable.from(lines()), process.stdout).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });
    return n;
  }
  const [{ connectMqtt }, { publishEvents }, { defaultStreamConfig }, { loadProject }] = await Promise.all([
    import('../../streaming/mqtt/mqtt-client.js'), import('../../streaming/mqtt/publish-events.js'), import('../../streaming/config.js'), import('../../config/load.js'),
  ]);
  const cfg = (await loadProject(o.project ?? process.cwd()).catch(() => undefined))?.config.stream ?? defaultStreamConfig();
  const url = typeof o.mqtt === 'string' ? o.mqtt : cfg.mqtt.url;
  const client = await connectMqtt(url);
  try {
    return await publishEvents(client, events, { tables: cfg.tables, rate: o.rate, limit: o.limit });
  } finally {
    await client.endAsync();
  }
}

export { emit as emitEvents };
