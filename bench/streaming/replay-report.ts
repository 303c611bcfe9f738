/**
 * Must-show: the quickstart fleet's test period replayed through Mosquitto, alert episodes vs real failures, next to
 * the offline evaluation of the same version.
 *
 *   node dist/bench/streaming/replay-report.js [--dir forewarn-demo] [--mqtt mqtt://127.0.0.1:1883]
 *
 * 1. The quickstart project in --dir (created like `forewarn quickstart` when missing; the pipeline re-run is cached).
 * 2. Warm-up: the history before the test period goes through the stream processor in-process and is written as a
 *    checkpoint (windows and "days since maintenance" need history, as the offline table has it).
 * 3. `forewarn stream`'s runner starts from that checkpoint on MQTT, and the test period (CSV history from the
 *    project's data files, time-ordered) is published to Mosquitto. Alerts are read back from the SQL alert store.
 * 4. Episodes vs failures (src/streaming/alert-outcomes.ts) beside evaluation.json's event recall, median lead time
 *    and false alarms per machine-month.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { atomicWrite } from '../../src/core/atomic-write.js';
import { createLogger } from '../../src/core/logger.js';
import { loadProject } from '../../src/config/load.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { loadFeatureTable, readIndices } from '../../src/pipeline/feature-table.js';
import { openRegistrySource } from '../../src/serving/registry-wiring.js';
import { loadVersion } from '../../src/inference/loaded-model.js';
import { scoringModel } from '../../src/streaming/scorer.js';
import { streamSection } from '../../src/streaming/config.js';
import { createProcessor, runStream } from '../../src/streaming/run-stream.js';
import { readReplay, replayTable } from '../../src/streaming/csv-replay.js';
import { writeCheckpoint } from '../../src/streaming/checkpoint.js';
import { connectMqtt } from '../../src/streaming/mqtt/mqtt-client.js';
import { publishEvents } from '../../src/streaming/mqtt/publish-events.js';
import { openStores } from '../../src/stores/open-stores.js';
import { SqlAlertStore } from '../../src/streaming/alert-store.js';
import { alertOutcome } from '../../src/streaming/alert-outcomes.js';
import { MS_PER_MONTH } from '../../src/evaluation/costs/event-index.js';
import { toTimeMs } from '../../src/features/online/values.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const dir = resolve(arg('--dir', 'forewarn-demo'));
const url = arg('--mqtt', 'mqtt://127.0.0.1:1883');
const log = createLogger('replay-report', 'warn');

if (!existsSync(join(dir, 'forewarn.yaml'))) await atomicWrite(join(dir, 'forewarn.yaml'), demoConfig('fleet-demo', 42));
if (!existsSync(join(dir, 'data', 'PdM_telemetry.csv'))) await writeFleet({ machines: 100, days: 365, seed: 42 }, join(dir, 'data'));
let project = await loadProject(dir);
const t0 = Date.now();
const result = await runPipeline(project, { progress: 'silent' });
process.stderr.write(`pipeline: ${result.steps.map((s) => `${s.step}${s.reused ? ' (reused)' : ''}`).join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)}s; ${result.modelName} ${result.registration.status} v${result.registration.version?.version}\n`);
if (!result.registration.version) throw new Error(`no registered version: ${result.registration.failedGates.join('; ')}`);
const version = String(result.registration.version.version);

// The test rows and their period, exactly as the evaluation used them.
const featuresDir = result.steps.find((s) => s.step === 'features')!.dir;
const splitDir = result.steps.find((s) => s.step === 'split')!.dir;
const { data } = await loadFeatureTable(featuresDir);
const testIdx = await readIndices(join(splitDir, 'test.i32'));
let lo = Infinity;
let hi = -Infinity;
const span = new Map<string, [number, number]>();
for (const i of testIdx) {
  const t = data.time[i]!;
  lo = Math.min(lo, t);
  hi = Math.max(hi, t);
  const m = data.entityNames[data.entity[i]!]!;
  const s = span.get(m);
  span.set(m, s ? [Math.min(s[0], t), Math.max(s[1], t)] : [t, t]);
}
const machineMonths = [...span.values()].reduce((a, [x, y]) => a + (y - x) / MS_PER_MONTH, 0);
const evaluation = JSON.parse(await readFile(result.evaluationPath, 'utf8'));

const reg = await openRegistrySource(project);
const loaded = await loadVersion(await reg.source.resolve(result.modelName, version));
await reg.close();
const model = scoringModel(loaded);
const horizonMs = model.spec.label?.kind === 'event' ? model.spec.label.horizonMs : 24 * 3_600_000;

const prefix = `fwreplay-${randomBytes(3).toString('hex')}`;
const stream = streamSection.parse({
  model: result.modelName, alias: version, pollSeconds: 0,
  mqtt: { url, qos: 1, clientId: `${prefix}-stream` },
  tables: {
    telemetry: { topic: `${prefix}/pdm/+/telemetry` }, errors: { topic: `${prefix}/pdm/+/errors`, dedupBy: ['errorID'] }, maint: { topic: `${prefix}/pdm/+/maint`, dedupBy: ['comp'] },
    failures: { topic: `${prefix}/pdm/+/failures`, dedupBy: ['failure'] }, machines: { topic: `${prefix}/pdm/+/machine` },
  },
  deadLetterTopic: `${prefix}/dead`, alerts: { topic: `${prefix}/alerts` },
});
project = { ...project, config: { ...project.config, stream } };

const files = ['telemetry', 'errors', 'maint', 'failures', 'machines'].map((t) => replayTable(`${t}=${join(dir, 'data', `PdM_${t}.csv`)}`));
const events = await readReplay(files);
const timeOf = (e: Record<string, unknown>) => (e.datetime === undefined ? Number.NEGATIVE_INFINITY : toTimeMs(e.datetime)!);
const before = events.filter((e) => timeOf(e) < lo);
const during = events.filter((e) => timeOf(e) >= lo);

// Warm-up in-process, then a checkpoint the MQTT run starts from.
const ck = join(dir, '.forewarn', `${prefix}-checkpoint.json`);
const warm = await createProcessor(project, stream, model, { log });
let n = 0;
for (const e of before) warm.handle({ origin: `warmup:${++n}`, payload: JSON.stringify(e) });
await warm.idle();
await writeCheckpoint(ck, warm.snapshot(null));
process.stderr.write(`warm-up: ${before.length} events before ${new Date(lo).toISOString()} through the processor; checkpoint written\n`);

const ac = new AbortController();
let port = 0;
const run = runStream({ project, from: { kind: 'mqtt' }, checkpoint: ck, flushOnStop: true, http: { host: '127.0.0.1', port: 0 }, log, onListening: (p) => (port = p), signal: ac.signal });
while (port === 0) await new Promise((r) => setTimeout(r, 50));
const pub = await connectMqtt(url, { clientId: `${prefix}-pub` });
const t1 = Date.now();
const published = await publishEvents(pub, during, { tables: stream.tables, qos: 1 });
await pub.endAsync();
const metric = async (name: string) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
};
const warmed = Object.values(warm.stats.events).reduce((a, b) => a + b, 0);
for (;;) {
  const got = (await metric('forewarn_stream_events_total')) + (await metric('forewarn_stream_dead_letters_total')) + (await metric('forewarn_stream_duplicate_events_total'));
  if (got - warmed >= published) break;
  await new Promise((r) => setTimeout(r, 200));
}
const secs = (Date.now() - t1) / 1000;
ac.abort();
const summary = await run;
await rm(ck, { force: true });

const stores = await openStores({ project });
const alerts = (await new SqlAlertStore(stores.sql).list({ limit: 1_000_000 })).filter((a) => a.model.name === result.modelName && a.model.version === version);
await stores.close();
const failures = events.filter((e) => e.table === 'failures' && span.has(String(e.machineID))).map((e) => ({ machine: String(e.machineID), time: timeOf(e) }));
const out = alertOutcome(alerts.map((a) => ({ machine: a.machine, openedAt: Date.parse(a.openedAt), closedAt: a.closedAt ? Date.parse(a.closedAt) : undefined })), failures, { from: lo, to: hi, horizonMs, machineMonths });

const model_ = (evaluation.costs.table as { strategy: string; falseAlarms: number; failuresCaught: number; failuresMissed: number }[]).find((r) => r.strategy === 'model')!;
const off = { recall: evaluation.metrics.event_recall as number, lead: evaluation.metrics.lead_time_median_hours as number | null, falsePerMm: model_.falseAlarms / evaluation.costs.machineMonths, caught: model_.failuresCaught, failures: model_.failuresCaught + model_.failuresMissed };
const pct = (a: number, b: number) => (b === 0 ? (a === 0 ? '0.0%' : 'n/a') : `${(((a - b) / Math.abs(b)) * 100).toFixed(1)}%`);
const f3 = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
process.stdout.write(`\n${result.modelName} v${version}, test period ${new Date(lo).toISOString()} … ${new Date(hi).toISOString()} (${machineMonths.toFixed(1)} machine-months, ${span.size} machines)\n`);
process.stdout.write(`replayed through Mosquitto (${url}): ${published} messages in ${secs.toFixed(1)}s (QoS 1, ${(published / secs).toFixed(0)} msg/s), ${summary.stats.scoredPoints - warm.stats.scoredPoints} points scored, dead letters ${JSON.stringify(summary.stats.deadLetters)}, late ${summary.stats.late}\n\n`);
process.stdout.write(`| measure | stream (alert episodes) | offline evaluation | difference |\n|---|---|---|---|\n`);
process.stdout.write(`| failures in the period | ${out.failures} | ${off.failures} | |\n`);
process.stdout.write(`| failures preceded by an alert | ${out.caught} | ${off.caught} | |\n`);
process.stdout.write(`| share of failures preceded by an alert (event recall) | ${f3(out.eventRecall)} | ${f3(off.recall)} | ${pct(out.eventRecall, off.recall)} |\n`);
process.stdout.write(`| median lead time (h) | ${f3(out.medianLeadHours)} | ${f3(off.lead)} | ${out.medianLeadHours !== null && off.lead !== null ? pct(out.medianLeadHours, off.lead) : 'n/a'} |\n`);
process.stdout.write(`| false alerts per machine-month | ${f3(out.falseAlertsPerMachineMonth)} | ${f3(off.falsePerMm)} | ${pct(out.falseAlertsPerMachineMonth, off.falsePerMm)} |\n`);
process.stdout.write(`| alert episodes (machine+component) / chains | ${alerts.filter((a) => Date.parse(a.openedAt) >= lo && Date.parse(a.openedAt) <= hi).length} / ${out.chains} | | |\n`);
