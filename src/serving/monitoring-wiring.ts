import type { Project } from '../config/load.js';
import { monitoringSection, type MonitoringConfig } from '../monitoring/config.js';
import { SqlPredictionLog } from '../monitoring/sql-prediction-log.js';
import { openStore } from '../db/open-store.js';
import type { SqlStore } from '../db/sql-store.js';
import { createRecorder, type PredictionRecorder } from './prediction-recorder.js';

export interface ServeMonitoring {
  recorder?: PredictionRecorder;
  log?: SqlPredictionLog;
  config: MonitoringConfig;
  /** One line for the CLI: where predictions go, or why they are not logged. */
  describe: string;
  /** Flush is done by the app's onClose (recorder.close); this stops retention and closes a store it opened. */
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
  if (!project) return { config, describe: 'prediction log: off (no project folder; serve inside a forewarn project to log predictions)', close: async () => {} };
  if (!config.enabled) return { config, describe: 'prediction log: off (monitoring.enabled: false)', close: async () => {} };
  const url = config.url ?? (shared ? undefined : process.env.FOREWARN_STORE_URL ?? project.config.store.url);
  const store = url ? await openStore(url, { baseDir: project.dir }) : shared!;
  const log = new SqlPredictionLog(store, Boolean(url));
  const recorder = createRecorder(log, { sampleRate: config.sampleRate, flushIntervalMs: config.flushIntervalMs, capacity: config.bufferCapacity, batchSize: config.batchSize });
  let retention: NodeJS.Timeout | undefined;
  if (config.retentionDays > 0) {
    const prune = () => void log.prune(new Date(Date.now() - config.retentionDays * 24 * HOUR).toISOString()).catch(() => {});
    prune();
    retention = setInterval(prune, HOUR).unref();
  }
  return {
    recorder,
    log,
    config,
    describe: `prediction log: ${store.displayUrl} (sample rate ${config.sampleRate}, flush every ${config.flushIntervalMs} ms, retention ${config.retentionDays || '∞'} days)`,
    close: async () => {
      if (retention) clearInterval(retention);
      await log.close();
    },
  };
}
