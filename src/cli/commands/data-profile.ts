import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action } from '../errors-out.js';

interface ProfileCliOptions {
  label?: string;
  time?: string;
  entity?: string;
  out: string;
  json?: string;
}

/** `forewarn data profile <file...>`: self-contained HTML profile of CSV / Parquet files. */
export function registerDataProfile(data: Command): void {
  data
    .command('profile')
    .description('profile CSV / Parquet files: column statistics, missing values, histograms, label balance, time coverage, correlations (offline HTML)')
    .argument('<file...>', 'CSV or Parquet files')
    .option('--label <column>', 'label column: show its class balance')
    .option('--time <column>', 'time column: rows over time (and per-entity coverage with --entity)')
    .option('--entity <column>', 'entity column (e.g. machineID): first/last time, rows and gaps per entity')
    .option('-o, --out <file>', 'report path', 'profile-report.html')
    .option('--json <file>', 'also write the statistics as JSON (for pipelines and diffs between datasets)')
    .addHelpText('after', `
Example:
  forewarn data profile data/sim/PdM_telemetry.csv data/sim/PdM_failures.csv --time datetime --entity machineID --label failure -o profile.html`)
    .action(action(async (files: string[], o: ProfileCliOptions) => {
      const { writeNamed, writeProfileReport } = await import('../../data/profile/write-report.js');
      const t0 = Date.now();
      const out = resolve(o.out);
      const r = await writeProfileReport(files, out, { label: o.label, time: o.time, entity: o.entity });
      if (o.json) await writeNamed(resolve(o.json), JSON.stringify(r.result, null, 2) + '\n');
      const rows = r.result.tables.reduce((a, t) => a + t.rows, 0);
      process.stderr.write(`profiled ${r.result.tables.length} file(s), ${rows.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
      process.stdout.write(`${out}\n`);
      if (o.json) process.stdout.write(`${resolve(o.json)}\n`);
    }));
}
