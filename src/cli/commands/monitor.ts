import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';
import { addStoreOptions, fmtNum, highlight, printJson, renderTable, type StoreCliOptions } from './store-options.js';

interface MonitorCliOptions extends StoreCliOptions {
  model: string;
  version?: string;
  from?: string;
  to?: string;
  failOnDrift?: boolean;
  out?: string;
}

const common = (cmd: Command): Command =>
  addStoreOptions(cmd)
    .requiredOption('--model <name>', 'registered model name')
    .option('--version <n>', 'model version (default: the version with the newest logged prediction)')
    .option('--from <time>', 'first prediction time, ISO-8601 (inclusive)')
    .option('--to <time>', 'end of the range, ISO-8601 (exclusive)');

/**
 * `forewarn monitor drift|performance|report`: the served model's logged predictions against its training baseline
 * and the failures that followed. The use cases live in src/monitoring/monitor.ts (the HTTP routes call the same).
 */
export function registerMonitor(program: Command): void {
  const monitor = program.command('monitor').description('model monitoring: drift against the training baseline, realised performance, HTML report');

  common(monitor.command('drift').description('per-feature drift of logged predictions vs the version\'s baseline; dataset and prediction drift'))
    .option('--fail-on-drift', 'exit non-zero (5) when any feature drifted')
    .action(action(async (o: MonitorCliOptions) => {
      await withMonitoring(o, async ({ log, baselines, config }) => {
        const { driftReport } = await import('../../monitoring/monitor.js');
        const r = await driftReport(log, baselines, o, config.drift);
        if (o.json) printJson(r);
        else {
          if (r.note) process.stdout.write(`${r.note}\n`);
          const d = r.drift;
          process.stdout.write(`${r.model} v${r.version}: ${d.rows} logged predictions (${r.first} … ${r.last})\n`);
          process.stdout.write(renderTable(['feature', 'test', 'statistic', 'p-value', 'threshold', 'drift', 'PSI'], [...d.features, ...d.prediction].map((f) => [f.feature, f.test, fmtNum(f.statistic), f.pValue !== undefined ? fmtNum(f.pValue) : '', fmtNum(f.threshold), f.drifted ? highlight('DRIFT') : 'ok', `${fmtNum(f.psi)} ${f.psiBand}`])) + '\n');
          process.stdout.write(`${d.driftedFeatures} of ${d.totalFeatures} features drifted; dataset drift: ${d.datasetDrift ? highlight('YES') : 'no'} (share ${d.share})\n`);
        }
        if (o.failOnDrift && r.drift.driftedFeatures > 0) {
          const { MonitorErrors } = await import('../../monitoring/errors.js');
          throw MonitorErrors.FW_ERR_MONITOR_DRIFT_DETECTED(`${r.drift.driftedFeatures} feature(s) drifted: ${r.drift.features.filter((f) => f.drifted).map((f) => f.feature).join(', ')}`);
        }
      });
    }));

  common(monitor.command('performance').description('realised precision, recall, event recall and lead time per week vs the registration figures'))
    .action(action(async (o: MonitorCliOptions) => {
      await withMonitoring(o, async (m) => {
        const r = await performance(m, o);
        if (o.json) printJson(r);
        else {
          if (r.note) process.stdout.write(`${r.note}\n`);
          const p = r.performance;
          process.stdout.write(`${r.model} v${r.version}: realised performance (horizon ${p.horizonHours} h, margin ${p.margin}); at registration: ${Object.entries(p.registered).map(([k, v]) => `${k} ${fmtNum(v)}`).join(', ') || 'none'}\n`);
          process.stdout.write(renderTable(['week', 'predictions', 'alerts', 'precision', 'recall', 'failures', 'caught', 'event recall', 'lead h', 'degraded'], p.weeks.map((w) => [w.week, String(w.predictions), String(w.alerts), fmtNum(w.precision), fmtNum(w.recall), String(w.failures), String(w.caught), fmtNum(w.eventRecall), fmtNum(w.meanLeadHours), w.degraded.length ? highlight(w.degraded.join(',')) : 'ok'])) + '\n');
          if (r.unjoinable) process.stdout.write(`${r.unjoinable} logged predictions carry no X-Forewarn-Entity/Time (or no decision rule) and were not joined\n`);
        }
      });
    }));

  common(monitor.command('report').description('offline HTML report: drift table, distributions, drift and predictions per day, realised performance per week'))
    .option('-o, --out <file>', 'where to write the HTML', 'monitoring-report.html')
    .action(action(async (o: MonitorCliOptions) => {
      await withMonitoring(o, async (m) => {
        const [{ resolveTarget }, { dailyDrift }, { computeDrift }, { renderMonitorReport }, { atomicWrite }] = await Promise.all([
          import('../../monitoring/monitor.js'), import('../../monitoring/daily.js'), import('../../monitoring/drift-report.js'), import('../../monitoring/report.js'), import('../../core/atomic-write.js'),
        ]);
        const t = await resolveTarget(m.log, o);
        const baseline = await m.baselines.get(t.model, Number(t.version));
        if (!baseline) {
          const { MonitorErrors } = await import('../../monitoring/errors.js');
          throw MonitorErrors.FW_ERR_MONITOR_NO_BASELINE(`${t.model} v${t.version} has no baseline`);
        }
        const { overall, days } = await dailyDrift(m.log, { model: t.model, version: t.version, from: t.from, to: t.to }, baseline, m.config.drift);
        if (overall.rows === 0) {
          const { MonitorErrors } = await import('../../monitoring/errors.js');
          throw MonitorErrors.FW_ERR_MONITOR_NO_DATA(`no logged predictions for ${t.model} v${t.version} in that range`);
        }
        let perf: Awaited<ReturnType<typeof performance>> | undefined;
        let performanceNote: string | undefined;
        try {
          perf = await performance(m, { ...o, version: t.version });
        } catch (e) {
          performanceNote = `realised performance not shown: ${(e as Error).message}`;
        }
        const html = await renderMonitorReport({ model: t.model, version: t.version, from: t.from, to: t.to, baseline, window: overall, drift: computeDrift(baseline, overall, m.config.drift), days, performance: perf?.performance, performanceNote });
        const out = resolve(o.out ?? 'monitoring-report.html');
        await atomicWrite(out, html);
        if (o.json) printJson({ report: out, rows: overall.rows, days: days.length });
        else {
          if (t.note) process.stdout.write(`${t.note}\n`);
          if (performanceNote) process.stdout.write(`${performanceNote}\n`);
          process.stdout.write(`wrote ${out} (${overall.rows} predictions, ${days.length} days)\n`);
        }
      });
    }));
}

type Monitoring = {
  log: import('../../monitoring/prediction-log.js').PredictionLog;
  baselines: import('../../monitoring/baseline-store.js').SqlBaselineStore;
  config: import('../../monitoring/config.js').MonitoringConfig;
  project?: import('../../config/load.js').Project;
  registry: import('../../registry/registry-store.js').RegistryStore;
};

async function withMonitoring<T>(o: MonitorCliOptions, fn: (m: Monitoring) => Promise<T>): Promise<T> {
  // Store drivers and DuckDB load only here (CLI start-up stays fast for other commands).
  const [{ openStores }, { loadProject }, { SqlPredictionLog }, { SqlBaselineStore }, { monitoringSection }] = await Promise.all([
    import('../../stores/open-stores.js'), import('../../config/load.js'), import('../../monitoring/sql-prediction-log.js'), import('../../monitoring/baseline-store.js'), import('../../monitoring/config.js'),
  ]);
  const project = await loadProject(o.project).catch((e) => {
    if (o.project !== undefined || !o.store) throw e;
    return undefined;
  });
  const config = monitoringSection.parse(project?.config.monitoring ?? {});
  const stores = await openStores({ project: project ?? o.project, store: o.store ?? config.url });
  try {
    return await fn({ log: new SqlPredictionLog(stores.sql), baselines: new SqlBaselineStore(stores.sql), config, project, registry: stores.registry });
  } finally {
    await stores.close();
  }
}

async function performance(m: Monitoring, o: MonitorCliOptions) {
  const [{ performanceReport, resolveTarget }, { readFailures }, { MonitorErrors }] = await Promise.all([
    import('../../monitoring/monitor.js'), import('../../monitoring/failures.js'), import('../../monitoring/errors.js'),
  ]);
  if (!m.project) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG('realised performance reads the failures table and label of a project: pass --project <dir> or run inside one');
  const t = await resolveTarget(m.log, o);
  const { failures, horizonMs } = await readFailures(m.project);
  const v = /^\d+$/.test(t.version) ? await m.registry.getVersion(t.model, Number(t.version)).catch(() => undefined) : undefined;
  const reg = v?.metrics ?? {};
  const registered = { ...(reg.precision !== undefined ? { precision: reg.precision } : {}), ...(reg.recall !== undefined ? { recall: reg.recall } : {}), ...(reg.event_recall !== undefined ? { eventRecall: reg.event_recall } : {}) };
  const r = await performanceReport(m.log, { ...o, version: t.version }, failures, horizonMs, registered, m.config.performance.margin);
  return { ...r, note: t.note };
}
