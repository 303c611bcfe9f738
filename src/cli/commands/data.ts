import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';
import { intOption, numberOption } from '../options.js';
import { atomicWrite } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';

// Domain modules load inside each action (see main.ts: `--help` and light commands stay fast).
const contracts = () => import('../../data/contracts/registry.js');
const validation = async () => ({ ...(await import('../../data/validate/project.js')), ...(await import('../../data/validate/format-report.js')) });
const loadProject = async (dir: string) => (await import('../../config/load.js')).loadProject(dir);

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `forewarn data contracts | infer | validate | ingest | snapshot`. */
export function registerData(data: Command): void {
  data
    .command('contracts')
    .description('list the ready-made data contracts, or print one as YAML to start your own')
    .argument('[name]', 'a contract name, e.g. azure-pdm/telemetry')
    .addHelpText('after', '\nExamples:\n  forewarn data contracts\n  forewarn data contracts machine-downtime > contracts/downtime.yaml')
    .action(
      action(async (name: string | undefined) => {
        const [{ stringify }, { readyContract, readyContractNames }] = await Promise.all([import('yaml'), contracts()]);
        if (name) {
          process.stdout.write(stringify(readyContract(name), { lineWidth: 0 }));
          return;
        }
        for (const n of readyContractNames()) process.stdout.write(`${n.padEnd(28)} ${readyContract(n).description ?? ''}\n`);
      }),
    );

  data
    .command('infer')
    .description('draft a data contract from a CSV file: types, nullability, observed ranges, categories, time/entity columns, frequency')
    .argument('<file>', 'CSV file to read')
    .option('-o, --output <file>', 'write the contract YAML here (default: print it)')
    .option('--delimiter <char>', 'field delimiter (default: comma, or the one the header obviously uses)')
    .option('--name <name>', 'contract name (default: the file name)')
    .option('--max-categories <n>', 'text columns with at most n distinct values become categories', intOption('--max-categories', 1, 10000), 20)
    .addHelpText('after', '\nThe draft is a starting point: observed ranges become `plausible` bands (warnings); add min/max for hard limits.\n\nExample:\n  forewarn data infer data/PdM_telemetry.csv -o contracts/telemetry.yaml')
    .action(
      action(async (file: string, o: { output?: string; delimiter?: string; name?: string; maxCategories: number }) => {
        if (o.delimiter !== undefined && o.delimiter.length !== 1) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--delimiter: expected one character, got ${JSON.stringify(o.delimiter)}`);
        const { inferContract } = await import('../../data/infer/infer.js');
        const r = await inferContract(resolve(file), { ...(o.delimiter ? { delimiter: o.delimiter } : {}), ...(o.name ? { name: o.name } : {}), maxCategories: o.maxCategories });
        if (o.output) {
          await atomicWrite(resolve(o.output), r.yaml);
          process.stderr.write(`wrote ${o.output}: ${r.contract.columns.length} columns from ${r.rows} rows${r.contract.time ? `, time ${r.contract.time}` : ''}${r.contract.entity ? `, entity ${r.contract.entity}` : ''}${r.contract.frequency ? `, every ${r.contract.frequency}` : ''}\n`);
        } else process.stdout.write(r.yaml);
        for (const n of r.notes) process.stderr.write(`note: ${n}\n`);
      }),
    );

  data
    .command('validate')
    .description('check every row of each table against its contract; quarantine failing rows; report violations and time-series health')
    .option('--project <dir>', 'project folder (with forewarn.yaml)', '.')
    .option('--table <name>', 'only this table (repeatable)', collect)
    .option('--file <path>', 'validate one file without a project (needs --contract)')
    .option('--contract <name|file>', 'with --file: a ready-made contract name or a contract YAML file')
    .option('--report-dir <dir>', 'where report.json, <table>.quarantine.csv and <table>.violations.csv go (default <project>/.forewarn/validation)')
    .option('--max-quarantine <fraction>', 'with --file: fraction of rows allowed in quarantine', numberOption('--max-quarantine', 0, 1), 0.01)
    .option('--examples <n>', 'violations printed per table', intOption('--examples', 0, 100000), 10)
    .option('--json', 'print the report as JSON instead of text')
    .addHelpText(
      'after',
      `
Every row lands in exactly one place: accepted, or the quarantine file (original columns + _line + _reason).
The command prints the reconciliation (rows = accepted + quarantined) per table. Rules: required, type, finite,
integer, min, max, category, unique (errors: row quarantined); plausible_min, plausible_max (warnings: row kept).

Exit codes: 0 ok, 2 malformed file / bad contract, 3 a table quarantined more than data.maxQuarantineFraction.

Examples:
  forewarn data validate
  forewarn data validate --table telemetry --examples 50
  forewarn data validate --file PdM_errors.csv --contract azure-pdm/errors --report-dir /tmp/report`,
    )
    .action(
      action(async (o: { project: string; table?: string[]; file?: string; contract?: string; reportDir?: string; maxQuarantine: number; examples: number; json?: boolean }) => {
        const { validateProject, validateSources, reportJson, formatValidation } = await validation();
        const { thresholdError } = await import('../../data/ingest.js');
        let v;
        if (o.file || o.contract) {
          if (!o.file || !o.contract) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--file and --contract go together: forewarn data validate --file <csv> --contract <name|file>');
          const file = resolve(o.file);
          const contract = await (await contracts()).resolveContract(o.contract, process.cwd(), '--contract');
          const table = (o.table?.[0] ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')).replace(/[^A-Za-z0-9_]/g, '_');
          v = await validateSources([{ table, file, contract }], { reportDir: o.reportDir ? resolve(o.reportDir) : false, examples: Math.max(o.examples, 50) }, o.maxQuarantine);
        } else {
          const project = await loadProject(o.project);
          v = await validateProject(project, { ...(o.table ? { tables: o.table } : {}), ...(o.reportDir ? { reportDir: resolve(o.reportDir) } : {}), examples: Math.max(o.examples, 50) });
        }
        process.stdout.write(o.json ? JSON.stringify(reportJson(v), null, 2) + '\n' : formatValidation(v, o.examples) + '\n');
        if (!v.passed) throw thresholdError(v);
      }),
    );

  data
    .command('ingest')
    .description('validate every table, then write the accepted rows as a content-addressed Parquet snapshot (the dataset version runs point to)')
    .option('--project <dir>', 'project folder (with forewarn.yaml)', '.')
    .option('--table <name>', 'only this table (repeatable)', collect)
    .option('--examples <n>', 'violations printed per table', intOption('--examples', 0, 100000), 5)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nThe snapshot lives in .forewarn/datasets/<hash>/ (<table>.parquet + manifest.json). The hash covers the\naccepted content and the contracts, so ingesting identical data again gives the same hash and writes nothing.\n\nExample:\n  forewarn data ingest --project examples/azure')
    .action(
      action(async (o: { project: string; table?: string[]; examples: number; json?: boolean }) => {
        const [{ ingestProject }, { reportJson, formatValidation }] = await Promise.all([import('../../data/ingest.js'), validation()]);
        const project = await loadProject(o.project);
        const r = await ingestProject(project, { ...(o.table ? { tables: o.table } : {}) });
        if (o.json) {
          process.stdout.write(JSON.stringify({ datasetHash: r.datasetHash, dir: r.dir, created: r.created, tables: r.tables, report: reportJson(r.report) }, null, 2) + '\n');
          return;
        }
        process.stdout.write(formatValidation(r.report, o.examples) + '\n\n');
        process.stdout.write(`dataset ${r.datasetHash}${r.created ? '' : ' (already present; nothing written)'}\n`);
        for (const [name, t] of Object.entries(r.tables)) process.stdout.write(`  ${name.padEnd(16)} ${String(t.accepted).padStart(9)} rows  ${t.parquetPath}\n`);
        process.stdout.write(`  manifest ${r.manifestPath}\n`);
      }),
    );

  data
    .command('snapshot')
    .description('show a dataset snapshot: tables, row counts, content and contract hashes, source files')
    .argument('<hash>', 'dataset hash printed by `forewarn data ingest`')
    .option('--project <dir>', 'project folder (with forewarn.yaml)', '.')
    .action(
      action(async (hash: string, o: { project: string }) => {
        const project = await loadProject(o.project);
        const { readManifest } = await import('../../data/snapshot/manifest.js');
        const m = await readManifest(project.stateDir, hash);
        process.stdout.write(`dataset ${m.datasetHash} (created ${m.createdAt})\n`);
        for (const [name, t] of Object.entries(m.tables)) {
          process.stdout.write(`  ${name}: ${t.rows} rows (${t.quarantined} quarantined at ingest), ${t.columns.length} columns, content ${t.contentHash.slice(0, 12)}, contract ${t.contract.name ?? '(inline)'} ${t.contractHash.slice(0, 12)}\n    from ${t.source.path} (sha256 ${t.source.sha256.slice(0, 12)}, ${t.source.bytes} bytes)\n`);
        }
      }),
    );
}
