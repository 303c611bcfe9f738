import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { action } from '../errors-out.js';
import { intOption } from '../options.js';
import { atomicWrite } from '../../core/atomic-write.js';
import { createProgress } from '../../core/progress.js';
import { printPipelineResult } from './run.js';
import { printPipelineEvent } from './pipeline-lines.js';

/**
 * The main job on the embedded default: a simulated fleet → a validated, versioned dataset → features → a tracked,
 * evaluated model → a candidate in the registry (SQLite + local files in <dir>/.forewarn). Re-running reuses every
 * cached step.
 */
export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('simulate a fleet and run the whole pipeline on it (embedded SQLite + local files); prints where the report is')
    .option('--dir <dir>', 'project folder to create or reuse', 'forewarn-demo')
    .option('--machines <n>', 'simulated machines', intOption('--machines', 2, 10_000), 100)
    .option('--days <n>', 'simulated days of hourly telemetry', intOption('--days', 30, 3650), 365)
    .option('--seed <n>', 'seed for the simulation and every random step', intOption('--seed', 0, 2 ** 31 - 1), 42)
    .action(action(async (opts: { dir: string; machines: number; days: number; seed: number }) => {
      // Heavy modules load here, not at CLI start (see main.ts).
      const [{ loadProject, CONFIG_FILE }, { writeFleet }, { demoConfig }, { runPipeline }] = await Promise.all([
        import('../../config/load.js'), import('../../simulator/write-fleet.js'), import('../../pipeline/demo-config.js'), import('../../pipeline/run-pipeline.js'),
      ]);
      const dir = resolve(opts.dir);
      const cfg = join(dir, CONFIG_FILE);
      if (!existsSync(cfg)) {
        await atomicWrite(cfg, demoConfig('fleet-demo', opts.seed));
        process.stderr.write(`wrote ${cfg}\n`);
      }
      const dataDir = join(dir, 'data');
      if (!existsSync(join(dataDir, 'PdM_telemetry.csv'))) {
        const progress = createProgress('simulate', opts.machines);
        const r = await writeFleet({ machines: opts.machines, days: opts.days, seed: opts.seed }, dataDir, { onMachine: (d) => progress.update(d) });
        progress.finish();
        process.stderr.write(`simulated ${opts.machines} machines × ${opts.days} days into ${dataDir}: ${Object.entries(r.counts).map(([k, v]) => `${k} ${typeof v === 'number' ? v : JSON.stringify(v)}`).join(', ')}\n`);
      } else {
        process.stderr.write(`reusing the simulated fleet in ${dataDir} (delete it to simulate again)\n`);
      }
      const project = await loadProject(dir);
      const result = await runPipeline(project, { onEvent: printPipelineEvent, progress: 'auto' });
      printPipelineResult(result);
      process.stdout.write(`\nnext: forewarn runs list --project ${opts.dir} | forewarn models list --project ${opts.dir} | forewarn serve --project ${opts.dir} --model ${result.modelName} --alias latest\n`);
    }));
}
