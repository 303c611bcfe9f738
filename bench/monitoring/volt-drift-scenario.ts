/**
 * The monitoring scenario end to end, on a simulated fleet where the truth is known:
 *  1. simulate 2015 for N machines with a +8 % `volt` calibration drift from 1 November (forewarn simulate's drift);
 *  2. train on January–September only (the same files cut at 1 October) with `forewarn run`, approve, alias production;
 *  3. `forewarn serve` it (a real child process, logging predictions to the project store);
 *  4. replay October–December through POST /predict, one request per machine and 3-hour feature row, with
 *     X-Forewarn-Entity / X-Forewarn-Time, then SIGTERM (the log flushes);
 *  5. daily drift checks (one per replayed day: the same computeDrift the service's periodic check runs), the
 *     realised performance per week (failures of the full year arrive later), and `forewarn monitor report`;
 *  6. the daily per-feature drift flags as a Prometheus series (one sample per check at the default 300 s check
 *     interval), written as a promtool test (deploy/prometheus/tests/volt-drift-scenario.test.yaml with --write-promtool)
 *     whose expectations are: no ForewarnFeatureDrift alert during October, the alert on the volt features after.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/monitoring/volt-drift-scenario.js [--machines 50] [--seed 7]
 *      [--out DIR] [--write-promtool]
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { ingestStep } from '../../src/pipeline/steps/ingest-step.js';
import { featuresStep } from '../../src/pipeline/steps/features-step.js';
import { loadFeatureTable } from '../../src/pipeline/feature-table.js';
import { openStores } from '../../src/stores/open-stores.js';
import { SqlPredictionLog } from '../../src/monitoring/sql-prediction-log.js';
import { SqlBaselineStore } from '../../src/monitoring/baseline-store.js';
import { dailyDrift } from '../../src/monitoring/daily.js';
import { monitoringSection } from '../../src/monitoring/config.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = join(root, 'bin', 'forewarn.js');
const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const MACHINES = Number(arg('machines', '50'));
const SEED = Number(arg('seed', '7'));
const OUT = arg('out', join(tmpdir(), `fw-volt-scenario-${process.pid}`))!;
const ONSET = '2015-11-01';
const CUT = '2015-10-01';

function sh(args: string[], cwd: string): string {
  return execFileSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn' } });
}

/** Copy a CSV keeping the header and rows whose first column (datetime) is before `cut` (machines.csv: all rows). */
async function cutCsv(src: string, dst: string, cut: string | null): Promise<void> {
  const out = createWriteStream(dst);
  let first = true;
  for await (const line of createInterface({ input: createReadStream(src) })) {
    if (first || cut === null || line.slice(0, 10) < cut) out.write(line + '\n');
    first = false;
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

const monitoringYaml = `
# Monitoring for this scenario: daily windows hold machines × 8 rows of strongly autocorrelated rolling features, so
# per-feature drift uses the normalised Wasserstein distance (Evidently's large-sample default) at 0.5 σ for every
# numeric feature and Jensen–Shannon at 0.2 for categories, whatever the window size.
monitoring:
  flushIntervalMs: 1000
  drift:
    tests: { numeric: wasserstein, categorical: jensen_shannon }
    thresholds: { wasserstein: 0.5, jensen_shannon: 0.2 }
    checkSeconds: 0
`;

async function main(): Promise<void> {
  const t0 = performance.now();
  const step = (s: string) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
  await rm(OUT, { recursive: true, force: true });
  const full = join(OUT, 'full'), train = join(OUT, 'train');
  await mkdir(join(full, 'data'), { recursive: true });
  await mkdir(join(train, 'data'), { recursive: true });

  step(`simulate ${MACHINES} machines × 365 days (seed ${SEED}) with volt × 1.08 from ${ONSET}`);
  sh(['simulate', '--machines', String(MACHINES), '--days', '365', '--seed', String(SEED), '--start', '2015-01-01', '--calibration-drift', 'volt', '--drift-gain', '1.08', '--drift-from', ONSET, '--out', join(full, 'data')], OUT);
  const cfg = demoConfig('volt-scenario', SEED) + monitoringYaml;
  await writeFile(join(full, 'forewarn.yaml'), cfg);
  await writeFile(join(train, 'forewarn.yaml'), cfg);
  for (const t of ['telemetry', 'errors', 'maint', 'failures', 'machines']) {
    await cutCsv(join(full, 'data', `PdM_${t}.csv`), join(train, 'data', `PdM_${t}.csv`), t === 'machines' || t === 'maint' ? (t === 'maint' ? CUT : null) : CUT);
  }

  step('train on January–September (forewarn run)');
  const project = await loadProject(train);
  const run = await runPipeline(project, { progress: 'silent' });
  if (!run.registration.version) throw new Error(`the candidate was not registered: ${run.registration.failedGates.join('; ')}`);
  const version = run.registration.version.version;
  step(`registered ${run.modelName} v${version}: event_recall ${run.evaluation.metrics.event_recall?.toFixed(3)}, precision ${run.evaluation.metrics.precision?.toFixed(3)}`);
  {
    const stores = await openStores({ project });
    await stores.registry.approveVersion(run.modelName, version, { actor: 'scenario', reason: 'monitoring scenario' });
    await stores.registry.setAlias(run.modelName, 'production', version, { actor: 'scenario', reason: 'monitoring scenario' });
    await stores.close();
  }

  step('feature rows of October–December from the full year (the drifted telemetry)');
  const fullProject = await loadProject(full);
  const ctx = pipelineContext(fullProject, () => {}, { progress: 'silent' });
  const ing = await ingestStep(ctx);
  const feats = await featuresStep(ctx, ing.output.datasetHash);
  const { data } = await loadFeatureTable(feats.dir);
  const ds = data.dataset;
  const cutMs = Date.parse(`${CUT}T00:00:00Z`);
  const order = Array.from({ length: ds.nRows }, (_, i) => i).filter((i) => data.time[i]! >= cutMs).sort((a, b) => data.time[a]! - data.time[b]! || data.entity[a]! - data.entity[b]!);
  const record = (i: number) => Object.fromEntries(ds.features.map((f, j) => {
    const v = ds.columns[j]![i]!;
    return [f.name, Number.isNaN(v) ? null : f.type === 'categorical' ? f.categories![v] : v];
  }));
  step(`${order.length} rows to replay`);

  step('forewarn serve (child process)');
  const server = spawn(process.execPath, [bin, 'serve', '--project', train, '--model', run.modelName, '--port', '0', '--poll-seconds', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn' } });
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    server.stdout!.on('data', (d: Buffer) => { buf += d.toString(); const m = / at (http:\/\/[^\s]+)/.exec(buf); if (m) res(m[1]!); });
    server.once('exit', (c) => rej(new Error(`serve exited with ${c}: ${buf}`)));
  });
  step(`serving at ${url}; replaying`);
  const r0 = performance.now();
  let next = 0, failed = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++]!;
      const res = await fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forewarn-entity': data.entityNames[data.entity[i]!]!, 'x-forewarn-time': new Date(data.time[i]!).toISOString() },
        body: JSON.stringify(record(i)),
      });
      if (res.status !== 200) { failed++; if (failed < 3) process.stderr.write(`${res.status} ${await res.text()}\n`); } else await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const replaySec = (performance.now() - r0) / 1000;
  server.kill('SIGTERM');
  const code = await new Promise<number | null>((res) => server.once('exit', res));
  step(`replayed ${order.length} predictions in ${replaySec.toFixed(1)} s (${(order.length / replaySec).toFixed(0)}/s, ${failed} failed); serve exited ${code} after SIGTERM`);

  const stores = await openStores({ project });
  const log = new SqlPredictionLog(stores.sql);
  const logged = await log.count({ model: run.modelName });
  step(`prediction log holds ${logged} rows (${logged === order.length - failed ? 'all' : 'NOT all'} of the replayed predictions)`);
  const baseline = (await new SqlBaselineStore(stores.sql).get(run.modelName, version))!;
  const mcfg = monitoringSection.parse(project.config.monitoring ?? {});
  const { days } = await dailyDrift(log, { model: run.modelName, version: String(version) }, baseline, mcfg.drift);
  const defaults = await dailyDrift(log, { model: run.modelName, version: String(version) }, baseline, {});
  await stores.close();

  const october = days.filter((d) => d.day < '2015-11-01');
  const octAlarms = october.filter((d) => d.drift.driftedFeatures > 0);
  const firstFlag = days.find((d) => d.day >= ONSET && d.drift.features.some((f) => f.drifted && f.feature.startsWith('volt')));
  const voltFlags = (d: typeof days[number]) => d.drift.features.filter((f) => f.drifted).map((f) => f.feature);
  process.stdout.write(`\nDaily drift checks (${mcfg.drift.tests.numeric ?? 'default'} / threshold ${JSON.stringify(mcfg.drift.thresholds)}):\n`);
  process.stdout.write(`  October: ${october.length} daily checks, ${octAlarms.length} with a drifted feature${octAlarms.length ? ': ' + octAlarms.map((d) => `${d.day} ${voltFlags(d).join(',')}`).join('; ') : ''}\n`);
  process.stdout.write(`  first day with a volt feature flagged: ${firstFlag ? `${firstFlag.day} (${voltFlags(firstFlag).join(', ')})` : 'NONE'}\n`);
  for (const d of days.filter((x) => x.day >= '2015-10-29' && x.day <= '2015-11-03')) {
    const v = d.drift.features.filter((f) => f.feature.startsWith('volt')).map((f) => `${f.feature} ${f.statistic.toFixed(2)}${f.drifted ? '*' : ''}`).join('  ');
    process.stdout.write(`  ${d.day}  ${d.rows} rows  ${v}\n`);
  }
  const defOct = defaults.days.filter((d) => d.day < '2015-11-01');
  process.stdout.write(`  with the library defaults instead (KS/χ² at ≤1000 rows, p < 0.05 per feature): ${defOct.filter((d) => d.drift.driftedFeatures > 0).length} of ${defOct.length} October days flag at least one feature (mean ${(defOct.reduce((a, d) => a + d.drift.driftedFeatures, 0) / defOct.length).toFixed(1)} features/day)\n`);

  step('forewarn monitor performance / report (failures of the whole year have arrived)');
  await cutCsv(join(full, 'data', 'PdM_failures.csv'), join(train, 'data', 'PdM_failures.csv'), null);
  const perf = JSON.parse(sh(['monitor', 'performance', '--project', train, '--model', run.modelName, '--version', String(version), '--json'], train)) as { performance: { registered: Record<string, number>; weeks: { week: string; predictions: number; failures: number; caught: number; eventRecall: number | null; precision: number | null; meanLeadHours: number | null; degraded: string[] }[] } };
  process.stdout.write(`\nRealised performance per week (registration: ${JSON.stringify(perf.performance.registered)}):\n  week        preds  failures caught event-recall precision lead-h degraded\n`);
  for (const w of perf.performance.weeks) {
    process.stdout.write(`  ${w.week}  ${String(w.predictions).padStart(5)}  ${String(w.failures).padStart(8)} ${String(w.caught).padStart(6)} ${(w.eventRecall ?? NaN).toFixed(3).padStart(12)} ${(w.precision ?? NaN).toFixed(3).padStart(9)} ${(w.meanLeadHours ?? NaN).toFixed(1).padStart(6)} ${w.degraded.join(',') || '-'}${w.week >= '2015-10-26' && w.week < '2015-11-02' ? '   <- drift starts 2015-11-01' : ''}\n`);
  }
  const sum = (ws: typeof perf.performance.weeks) => { const f = ws.reduce((a, w) => a + w.failures, 0), c = ws.reduce((a, w) => a + w.caught, 0); return `${c}/${f} = ${(c / Math.max(1, f)).toFixed(3)}`; };
  process.stdout.write(`  event recall before the drift (Oct): ${sum(perf.performance.weeks.filter((w) => w.week < '2015-10-26'))}; after (from 2 Nov): ${sum(perf.performance.weeks.filter((w) => w.week >= '2015-11-02'))}\n`);
  const reportPath = join(OUT, 'monitoring-report.html');
  process.stdout.write(sh(['monitor', 'report', '--project', train, '--model', run.modelName, '--version', String(version), '--out', reportPath], train));

  // Prometheus: the per-day drift flags as the service's gauge series, one sample per check.
  const features = [...new Set(days.flatMap((d) => d.drift.features.map((f) => f.feature)))].filter((f) => f.startsWith('volt') || f === 'rotate_mean_24h');
  const series = features.map((f) => `      - series: 'forewarn_feature_drift_detected{instance="scenario", feature="${f}"}'\n        values: '${days.map((d) => (d.drift.features.find((x) => x.feature === f)?.drifted ? 1 : 0)).join(' ')}'`).join('\n');
  const octEnd = october.length - 1;
  const onsetIdx = days.findIndex((d) => d.day >= ONSET);
  const fired = features.filter((f) => days[onsetIdx + 2]?.drift.features.find((x) => x.feature === f)?.drifted && days[onsetIdx + 1]?.drift.features.find((x) => x.feature === f)?.drifted && days[onsetIdx]?.drift.features.find((x) => x.feature === f)?.drifted);
  const promPath = process.argv.includes('--write-promtool') ? join(root, 'deploy', 'prometheus', 'tests', 'volt-drift-scenario.test.yaml') : join(OUT, 'volt-drift-scenario.test.yaml');
  const ruleFile = process.argv.includes('--write-promtool') ? '../alerts.yaml' : join(root, 'deploy', 'prometheus', 'alerts.yaml');
  const yaml = `# GENERATED by bench/monitoring/volt-drift-scenario.ts (${MACHINES} machines, seed ${SEED}): the daily drift flag of each
# feature from the replay of October–December 2015 with +8 % volt from ${ONSET}, one sample per drift check (5 m apart).
# Expectations: no ForewarnFeatureDrift alert while October is replayed; on the volt features after the onset.
rule_files:
  - ${ruleFile}
evaluation_interval: 5m
tests:
  - interval: 5m
    input_series:
${series}
    alert_rule_test:
      - eval_time: ${octEnd * 5}m
        alertname: ForewarnFeatureDrift
        exp_alerts: []
      - eval_time: ${(onsetIdx + 2) * 5}m
        alertname: ForewarnFeatureDrift
        exp_alerts:
${fired.map((f) => `          - exp_labels: { severity: warning, instance: scenario, feature: ${f} }\n            exp_annotations:\n              summary: "feature ${f} drifted from the training baseline on scenario"\n              description: "See \`forewarn monitor drift --model <name>\` for the statistics."`).join('\n')}
`;
  await writeFile(promPath, yaml);
  let promtool = 'promtool not installed: not run';
  if (existsSync('/usr/bin/promtool')) {
    try {
      promtool = execFileSync('promtool', ['test', 'rules', promPath], { cwd: join(root, 'deploy', 'prometheus', 'tests'), encoding: 'utf8' }).trim().split('\n').pop()!;
    } catch (e) { promtool = `FAILED: ${(e as { stdout?: string }).stdout ?? e}`; }
  }
  process.stdout.write(`\npromtool test rules ${promPath}: ${promtool} (alert expected on ${fired.join(', ') || 'nothing'} at check ${onsetIdx + 2}, none through check ${octEnd})\n`);
  if (existsSync('/usr/bin/chromium')) {
    // Screenshot of the report as a browser renders it (Debian chromium through playwright-core).
    const { chromium } = await import('playwright-core');
    const ctx = await chromium.launchPersistentContext(join(OUT, 'chromium-profile'), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`file://${reportPath}`);
    const shot = arg('screenshot', join(OUT, 'monitoring-report.png'))!;
    await page.screenshot({ path: shot, fullPage: true });
    await ctx.close();
    process.stdout.write(`screenshot: ${shot} (${errors.length} console errors)\n`);
  }
  process.stdout.write(`report: ${reportPath}\nwork folder: ${OUT}\n`);
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exit(1); });
