import type { Project } from '../config/load.js';
import { monitoringSection, type MonitoringConfig } from '../monitoring/config.js';
import { SqlPredictionLog } from '../monitoring/sql-prediction-log.js';
import { WorkerPredictionLog } from '../monitoring/worker-prediction-log.js';
import { openStore } from '../db/open-store.js';
import type { SqlStore } from '../db/sql-store.js';
import { createRecorder, type PredictionRecorder } from './prediction-recorder.js';
import { SqlBaselineStore } from '../monitoring/baseline-store.js';
import { DriftMonitor } from '../monitoring/drift-monitor.js';
import type { ServingMetrics } from './metrics.js';
import type { FastifyInstance } from 'fastify';
import { readRoutes, type RouteAccess } from '../http/bearer-auth.js';
import { monitoringRoutes } from '../monitoring/http/monitoring-routes.js';
import { createLogger } from '../core/logger.js';

export interface ServeMonitoring {
  recorder?: PredictionRecorder;
  log?: WorkerPredictionLog;
  config: MonitoringConfig;
  /** One line for the CLI: where predictions go, or why they are not logged. */
  describe: string;
  /** The read-only monitoring HTTP routes over this log (/api/monitoring), placed as reads by the shared HTTP kit. */
  routes?: (app: FastifyInstance, access: RouteAccess) => Promise<void>;
  /** Start the periodic drift check of the served version (gauges on /metrics); a no-op when logging is off. */
  startDrift(current: () => { name: string; version: string } | undefined, metrics: ServingMetrics): void;
  /** Flush is done by the app's onClose (recorder.close); this stops retention and drift checks and closes a store it opened. */
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/**
 * The prediction log of `forewarn serve`: the project's store (the registry's connection when serving from the
 * registry, else `store.url` / FOREWARN_STORE_URL) or `monitoring.url`. Without a project folder nothing is logged,
 * and the CLI line says so.
 */
export async function openServeMonitoring(project: Project | undefined, shared?: SqlStore): Promise<ServeMonitoring> {
  const config = monitoringSection.parse(project?.config.monitoring ?? {});
  const off = (describe: string): ServeMonitoring => ({ config, describe, startDrift: () => {}, close: async () => {} });
  if (!project) return off('prediction log: off (no project folder; serve inside a forewarn project to log predictions)');
  if (!config.enabled) return off('prediction log: off (monitoring.enabled: false)');
  const url = config.url ?? (shared ? undefined : process.env.FOREWARN_STORE_URL ?? project.config.store.url);
  const store = url ? await openStore(url, { baseDir: project.dir }) : shared!;
  const reader = new SqlPredictionLog(store, Boolean(url));
  // Appends run in a worker thread with its own connection (encoding + inserts off the event loop).
  const log = new WorkerPredictionLog(reader, url ?? process.env.FOREWARN_STORE_URL ?? project.config.store.url, project.dir);
  await log.whenReady();
  const recorder = createRecorder(log, { sampleRate: config.sampleRate, flushIntervalMs: config.flushIntervalMs, capacity: config.bufferCapacity, batchSize: config.batchSize });
  let retention: NodeJS.Timeout | undefined;
  if (config.retentionDays > 0) {
    const prune = () => void log.prune(new Date(Date.now() - config.retentionDays * 24 * HOUR).toISOString()).catch(() => {});
    prune();
    retention = setInterval(prune, HOUR).unref();
  }
  let drift: DriftMonitor | undefined;
  const baselines = new SqlBaselineStore(store);
  const log_ = createLogger('monitor');
  return {
    recorder,
    log,
    config,
    routes: (app, access) => readRoutes(app, access, (scope) => monitoringRoutes(scope, { log, baselines, drift: config.drift })),
    startDrift(current, metrics) {
      if (config.drift.checkSeconds <= 0) return;
      drift = new DriftMonitor({
        log,
        current: () => { const m = current(); return m ? { model: m.name, version: m.version } : undefined; },
        // File-served models have no registered version number: no baseline, no gauges.
        baselineFor: async (model, version) => (/^\d+$/.test(version) ? baselines.get(model, Number(version)) : undefined),
        drift: config.drift,
        windowHours: config.drift.windowHours,
        checkSeconds: config.drift.checkSeconds,
        onResult: (r, at) => metrics.setDrift({ rows: r.rows, share: r.share, drifted: r.driftedFeatures, total: r.totalFeatures, datasetDrift: r.datasetDrift, features: r.features, prediction: r.prediction, at }),
        onError: (e) => log_.warn(`drift check failed: ${(e as Error).message}`),
      }).start();
    },
    describe: `prediction log: ${store.displayUrl} (sample rate ${config.sampleRate}, flush every ${config.flushIntervalMs} ms, retention ${config.retentionDays || '∞'} days)`,
    close: async () => {
      if (retention) clearInterval(retention);
      await drift?.stop();
      await log.close();
      await reader.close();
    },
  };
}
