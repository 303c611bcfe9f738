import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';
import { intOption, numberOption } from '../options.js';
import { createProgress } from '../../core/progress.js';
import { CoreErrors } from '../../core/errors.js';
import type { SimulateOptions } from '../../simulator/options.js';

interface SimulateCliOptions {
  machines: number;
  days: number;
  seed: number;
  start: string;
  warmupDays: number;
  out: string;
  crlf?: boolean;
  stream?: boolean;
  rate?: number;
  asFastAsPossible?: boolean;
  limit?: number;
  driftFrom?: string;
  calibrationDrift?: string;
  driftGain?: number;
  driftOffset?: number;
  newModel?: number;
  conceptDrift?: number;
  mqtt?: string | boolean;
}

/** `forewarn simulate`: write an Azure-PdM-shaped fleet to CSV files, or stream it as NDJSON. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulate a machine fleet: Azure-PdM-shaped telemetry, errors, maintenance, failures and machines (CSV, or NDJSON with --stream)')
    .option('--machines <n>', 'number of machines', intOption('--machines', 1, 100_000), 100)
    .option('--days <n>', 'days of hourly telemetry', intOption('--days', 1, 36_500), 365)
    .option('--seed <n>', 'random seed (same seed → identical output)', intOption('--seed', 0, 0xffffffff), 42)
    .option('--start <date>', 'first telemetry day (UTC, YYYY-MM-DD; readings start 06:00:00)', '2015-01-01')
    .option('--warmup-days <n>', 'days of maintenance history before the first reading', intOption('--warmup-days', 0, 36_500), 214)
    .option('-o, --out <dir>', 'output directory for the five CSV files', 'data/simulated')
    .option('--crlf', 'write CRLF line endings (like the Kaggle event files) instead of LF')
    .option('--stream', 'emit all events as time-ordered NDJSON on stdout instead of writing files')
    .option('--rate <events/s>', 'with --stream: pace output to this many events per second', numberOption('--rate', 1e-3, 1e9))
    .option('--as-fast-as-possible', 'with --stream: no pacing (the default)')
    .option('--limit <n>', 'with --stream: stop after n events', intOption('--limit', 0, Number.MAX_SAFE_INTEGER))
    .option('--drift-from <date>', 'drift scenarios: first day (YYYY-MM-DD) the drift applies')
    .option('--calibration-drift <sensor>', 'drift: mis-calibrate one sensor (volt|rotate|pressure|vibration) from --drift-from; with --drift-gain and/or --drift-offset')
    .option('--drift-gain <x>', 'with --calibration-drift: multiply readings by x (1.08 = +8 %)', numberOption('--drift-gain', 1e-6, 1e6))
    .option('--drift-offset <x>', 'with --calibration-drift: add x to readings', numberOption('--drift-offset', -1e9, 1e9))
    .option('--new-model <n>', 'drift: from --drift-from the last n machines are replaced by a new model (model5)', intOption('--new-model', 1, 100_000))
    .option('--concept-drift <scale>', 'drift: from --drift-from failures show only <scale> of their usual precursors (0.2 = mostly silent)', numberOption('--concept-drift', 0, 100))
    .option('--mqtt [url]', 'with --stream: publish to MQTT (per-machine topics of stream.tables; default URL stream.mqtt.url) instead of stdout')
    .addHelpText('after', `
Examples:
  forewarn simulate --machines 100 --days 365 --calibration-drift volt --drift-gain 1.08 --drift-from 2015-11-01
  forewarn simulate --machines 100 --days 365 --seed 42 --out data/sim
  forewarn simulate --machines 5 --days 2 --stream --rate 200 | head
  forewarn simulate --machines 1000 --days 7 --stream --mqtt mqtt://127.0.0.1:1883 --rate 20000`)
    .action(action(async (o: SimulateCliOptions) => {
      const [{ writeFleet }, { streamNdjson }, { resolveOptions }] = await Promise.all([
        import('../../simulator/write-fleet.js'), import('../../simulator/ndjson-out.js'), import('../../simulator/options.js'),
      ]);
      const opts: SimulateOptions = {
        machines: o.machines, days: o.days, seed: o.seed, start: o.start, warmupDays: o.warmupDays, lineEnding: o.crlf ? '\r\n' : '\n',
      };
      const drift = driftOptions(o);
      if (drift) opts.drift = drift;
      resolveOptions(opts); // fail on bad options before writing anything
      if (!o.stream) {
        for (const flag of ['rate', 'asFastAsPossible', 'limit', 'mqtt'] as const) {
          if (o[flag] !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--${flag.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} only applies with --stream`);
        }
      }
      if (o.stream) {
        if (o.rate !== undefined && o.asFastAsPossible) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--rate and --as-fast-as-possible are mutually exclusive');
        if (o.mqtt) {
          const [{ emitEvents }, { fleetEvents }] = await Promise.all([import('./stream.js'), import('../../simulator/stream.js')]);
          const n = await emitEvents(fleetEvents(opts), { rate: o.rate, mqtt: o.mqtt, limit: o.limit });
          process.stderr.write(`published ${n} events to MQTT\n`);
          return;
        }
        // Writes still buffered when the reader leaves fail later with EPIPE; that is the normal end of `| head`.
        process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') process.exitCode = 1; });
        const r = await streamNdjson(opts, process.stdout, { rate: o.rate, limit: o.limit });
        if (!r.closedEarly) process.stderr.write(`streamed ${r.events} events\n`);
        return;
      }
      const dir = resolve(o.out);
      const progress = createProgress('simulate', o.machines);
      const t0 = Date.now();
      const r = await writeFleet(opts, dir, { onMachine: (done) => progress.update(done) });
      progress.finish();
      const c = r.counts;
      const lines = [
        `simulated ${c.machines} machines × ${o.days} days (seed ${o.seed}) in ${((Date.now() - t0) / 1000).toFixed(1)}s → ${dir}`,
        `  PdM_telemetry.csv  ${c.telemetry} rows`,
        `  PdM_errors.csv     ${c.errors} rows  (${Object.entries(c.errorsById).map(([k, v]) => `${k} ${v}`).join(', ')})`,
        `  PdM_maint.csv      ${c.maint} rows`,
        `  PdM_failures.csv   ${c.failures} rows  (${Object.entries(c.failuresByComponent).map(([k, v]) => `${k} ${v}`).join(', ')})`,
        `  PdM_machines.csv   ${c.machines} rows`,
      ];
      if (drift) lines.push(`  drift from ${o.driftFrom}: ${describeDrift(o)}`);
      process.stdout.write(lines.join('\n') + '\n');
    }));
}

/** The drift scenario of the flags; each scenario flag needs --drift-from, and gain/offset need --calibration-drift. */
function driftOptions(o: SimulateCliOptions): SimulateOptions['drift'] {
  const any = o.calibrationDrift !== undefined || o.newModel !== undefined || o.conceptDrift !== undefined;
  if ((o.driftGain !== undefined || o.driftOffset !== undefined) && o.calibrationDrift === undefined) {
    throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--drift-gain / --drift-offset only apply with --calibration-drift <sensor>');
  }
  if (!any) {
    if (o.driftFrom !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--drift-from needs a scenario: --calibration-drift, --new-model or --concept-drift');
    return undefined;
  }
  if (o.driftFrom === undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('a drift scenario needs --drift-from <YYYY-MM-DD>');
  if (o.calibrationDrift !== undefined && o.driftGain === undefined && o.driftOffset === undefined) {
    throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--calibration-drift needs --drift-gain <x> and/or --drift-offset <x>');
  }
  return {
    ...(o.calibrationDrift !== undefined ? { calibration: { sensor: o.calibrationDrift as 'volt', from: o.driftFrom, gain: o.driftGain, offset: o.driftOffset } } : {}),
    ...(o.newModel !== undefined ? { newModel: { from: o.driftFrom, count: o.newModel } } : {}),
    ...(o.conceptDrift !== undefined ? { concept: { from: o.driftFrom, precursorScale: o.conceptDrift } } : {}),
  };
}

function describeDrift(o: SimulateCliOptions): string {
  const parts: string[] = [];
  if (o.calibrationDrift) parts.push(`${o.calibrationDrift} × ${o.driftGain ?? 1} + ${o.driftOffset ?? 0}`);
  if (o.newModel) parts.push(`last ${o.newModel} machines replaced by model5`);
  if (o.conceptDrift !== undefined) parts.push(`precursors × ${o.conceptDrift}`);
  return parts.join('; ');
}
