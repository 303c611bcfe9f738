import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import type { PredictionLog } from '../prediction-log.js';
import type { SqlBaselineStore } from '../baseline-store.js';
import type { DriftOptions } from '../drift-report.js';
import { driftReport, resolveTarget } from '../monitor.js';
import { dailyDrift } from '../daily.js';
import { MonitorErrors } from '../errors.js';

export interface MonitoringRoutesOptions {
  log: PredictionLog;
  baselines: SqlBaselineStore;
  drift?: DriftOptions;
}

const range = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
    from: { type: 'string', minLength: 10, maxLength: 40 },
    to: { type: 'string', minLength: 10, maxLength: 40 },
  },
} as const;
const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
type Q = { Params: { name: string }; Querystring: { version?: string; from?: string; to?: string } };

/**
 * Read-only monitoring API (for the web UI and scripts), mounted by `forewarn serve` under /api/monitoring:
 * logged versions of a model, drift of a range against the version's baseline, and drift per day. The same use
 * cases as `forewarn monitor` (monitoring/monitor.ts). Errors are the host app's envelope ({code, message}).
 *
 * TODO(#http-kit): register through src/http's bearer-auth plugin once it is on main; until then the service's
 * own auth guard applies to these GET routes like to every other read.
 */
export async function monitoringRoutes(app: FastifyInstance, opts: MonitoringRoutesOptions): Promise<void> {
  const tags = ['monitoring'];
  app.get<{ Params: { name: string } }>('/api/monitoring/models/:name/versions', {
    schema: { tags, summary: 'Versions of a model with logged predictions (rows, first and last time)', params: nameParams },
  }, async (req) => ({ model: req.params.name, versions: await opts.log.versions(req.params.name) }));

  app.get<Q>('/api/monitoring/models/:name/drift', {
    schema: { tags, summary: 'Per-feature, dataset and prediction drift of logged predictions vs the version baseline', params: nameParams, querystring: range },
  }, async (req) => driftReport(opts.log, opts.baselines, { model: req.params.name, ...req.query }, opts.drift));

  app.get<Q>('/api/monitoring/models/:name/drift/daily', {
    schema: { tags, summary: 'Drift per day (by the time the features describe), for charts and daily checks', params: nameParams, querystring: range },
  }, async (req) => {
    const t = await resolveTarget(opts.log, { model: req.params.name, ...req.query });
    const baseline = /^\d+$/.test(t.version) ? await opts.baselines.get(t.model, Number(t.version)) : undefined;
    if (!baseline) throw MonitorErrors.FW_ERR_MONITOR_NO_BASELINE(`${t.model} v${t.version} has no baseline`);
    const { days } = await dailyDrift(opts.log, { model: t.model, version: t.version, from: t.from, to: t.to }, baseline, opts.drift);
    return {
      ...t,
      days: days.map((d) => ({
        day: d.day, rows: d.rows, alerts: d.alerts, meanScore: d.meanScore,
        driftedFeatures: d.drift.features.filter((f) => f.drifted).map((f) => f.feature), datasetDrift: d.drift.datasetDrift,
        psi: Object.fromEntries(d.drift.features.map((f) => [f.feature, f.psi])),
      })),
    };
  });
}
