import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { CoreErrors } from '../../core/errors.js';

export const EXPORT_DEFAULTS = {
  image: 'ghcr.io/forewarn/forewarn:0.1.0',
  configMap: 'forewarn-pipeline-config',
  dataFrom: 's3://forewarn-data/fleet',
  serviceAccount: 'forewarn-pipeline',
};

export function registerPipeline(program: Command): void {
  const pipeline = program.command('pipeline').description('the training pipeline for schedulers: export it as an Argo Workflow');
  pipeline
    .command('export')
    .description('print the pipeline as an Argo Workflow (or CronWorkflow with --cron): one task per real step, search trials in parallel, each `forewarn run --step` in the image')
    .requiredOption('--argo', 'Argo Workflows format (the only format)')
    .option('--project <dir>', 'project folder (with forewarn.yaml)', '.')
    .option('--cron <schedule>', 'a CronWorkflow on this five-field cron schedule (scheduled retraining)')
    .option('--timezone <tz>', 'with --cron: the schedule\'s time zone (IANA name)')
    .option('--image <ref>', 'container image with forewarn', EXPORT_DEFAULTS.image)
    .option('--config-map <name>', 'ConfigMap holding this forewarn.yaml (mounted at /etc/forewarn)', EXPORT_DEFAULTS.configMap)
    .option('--data-from <uri>', 'default of the workflow parameter data-from (where ingest fetches data.tables)', EXPORT_DEFAULTS.dataFrom)
    .option('--service-account <name>', 'service account of the step pods', EXPORT_DEFAULTS.serviceAccount)
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .action(action(async (opts: { project: string; cron?: string; timezone?: string; image: string; configMap: string; dataFrom: string; serviceAccount: string; out?: string }) => {
      if (opts.cron !== undefined && !/^(\S+\s+){4}\S+$/.test(opts.cron.trim())) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--cron ${JSON.stringify(opts.cron)}: expected five cron fields, e.g. "0 3 * * 1"`);
      if (opts.timezone !== undefined && opts.cron === undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--timezone goes with --cron');
      if (opts.timezone !== undefined) {
        try { new Intl.DateTimeFormat('en', { timeZone: opts.timezone }); } catch { throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--timezone ${JSON.stringify(opts.timezone)}: not an IANA time zone`); }
      }
      const [{ loadProject }, { argoYaml }, { atomicWrite }] = await Promise.all([import('../../config/load.js'), import('../../pipeline/export-argo.js'), import('../../core/atomic-write.js')]);
      const project = await loadProject(opts.project);
      const text = argoYaml(project, { image: opts.image, configMap: opts.configMap, dataFrom: opts.dataFrom, serviceAccount: opts.serviceAccount, cron: opts.cron?.trim(), timezone: opts.timezone }, exportCommand(opts.cron?.trim(), opts.timezone));
      if (opts.out) {
        await atomicWrite(opts.out, text);
        process.stderr.write(`wrote ${opts.out}\n`);
      } else process.stdout.write(text);
    }));
}

/** The command line a generated file names as its source (the regeneration test builds the same). */
export function exportCommand(cron?: string, timezone?: string): string {
  return `forewarn pipeline export --argo${cron ? ` --cron "${cron}"` : ''}${timezone ? ` --timezone ${timezone}` : ''}`;
}
