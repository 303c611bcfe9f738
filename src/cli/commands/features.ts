import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { action } from '../errors-out.js';
import { numberOption } from '../options.js';
import { commitTemp, tempPathFor } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';
import { FeatureErrors } from '../../features/errors.js';

/** DuckDB and the feature layer load when a features command runs, not for every CLI start (see main.ts). */
async function featureModules() {
  const mods = await Promise.all([
    import('../../config/load.js'), import('../../data/duckdb.js'), import('../../features/project-tables.js'),
    import('../../features/prepare.js'), import('../../features/resolve.js'), import('../../features/offline/compile.js'),
    import('../../features/offline/build.js'), import('../../features/parity.js'), import('../../features/spec-io.js'),
  ]);
  const [load, duckdb, tables, prepare, resolve, compile, build, parity, specIo] = mods;
  return { ...load, ...duckdb, ...tables, ...prepare, ...resolve, ...compile, ...build, ...parity, ...specIo };
}

/**
 * `forewarn features build|sql|parity`: the features layer on a project. Tables come from the validated snapshot of
 * data.tables, as in `forewarn run` (see features/project-tables.ts); output goes to .forewarn/features/ unless told
 * otherwise.
 */
export function registerFeatures(program: Command): void {
  const cmd = program.command('features').description('build feature tables, labels and splits from the features:/label:/split: config');

  cmd
    .command('build')
    .description('resolve the feature spec, build the feature table, label it and split it; write Parquet + features.json')
    .option('--project <dir>', 'project folder or forewarn.yaml', '.')
    .option('--dataset <hash>', 'use this snapshot (from `forewarn data ingest`) instead of validating and ingesting data.tables first')
    .option('--out <file>', 'feature table Parquet (default .forewarn/features/features.parquet)')
    .option('--spec-out <file>', 'frozen feature spec JSON (default .forewarn/features/features.json)')
    .action(action(async (opts: { project: string; dataset?: string; out?: string; specOut?: string }) => {
      const { loadProject, openDuck, literal, attachProjectTables, prepareFeatures, saveFeatureSpec } = await featureModules();
      const project = await loadProject(opts.project);
      const duck = await openDuck();
      try {
        const { datasetHash } = await attachProjectTables(duck, project, { dataset: opts.dataset });
        const t0 = performance.now();
        const p = await prepareFeatures(duck, project.config);
        const out = opts.out ?? join(project.stateDir, 'features', 'features.parquet');
        const specOut = opts.specOut ?? join(project.stateDir, 'features', 'features.json');
        const tmp = tempPathFor(out);
        try {
          await mkdir(dirname(out), { recursive: true });
          await duck.run(`copy features to ${literal(tmp)} (format parquet)`);
        } catch (e) {
          throw CoreErrors.FW_ERR_CORE_IO(`could not write ${out}: ${(e as Error).message.split('\n')[0]}`, undefined, e);
        }
        await commitTemp(tmp, out);
        await saveFeatureSpec(specOut, p.spec);
        const lines = [
          `dataset ${datasetHash}`,
          `feature table: ${p.table.rows} rows × ${p.spec.features.length} features (SQL ${p.table.elapsedMs.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms)`,
          `labelled rows: ${p.data.dataset.nRows}${p.data.unlabelled ? ` (${p.data.unlabelled} unlabelled, left out)` : ''}; classes: ${p.data.classes.join(', ')}`,
        ];
        if (p.split) {
          const fmt = (c: Record<string, number> | null) => (c ? Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ') : '-');
          lines.push(`split (${p.split.kind}): train ${p.split.train.length} [${fmt(p.split.counts.train)}]`);
          if (p.split.validation) lines.push(`  validation ${p.split.validation.length} [${fmt(p.split.counts.validation)}]`);
          lines.push(`  test ${p.split.test.length} [${fmt(p.split.counts.test)}]${p.split.dropped ? `; ${p.split.dropped} rows inside gaps dropped` : ''}`);
          if (p.split.boundaries) lines.push(`  test starts ${p.split.boundaries.testStart}, gap ${p.split.boundaries.gapMs / 3_600_000}h`);
        }
        lines.push(`wrote ${out}`, `wrote ${specOut}`);
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        duck.close();
      }
    }));

  cmd
    .command('sql')
    .description('print the DuckDB SQL the feature config compiles to (categories resolved against the data)')
    .option('--project <dir>', 'project folder or forewarn.yaml', '.')
    .option('--dataset <hash>', 'use this snapshot (from `forewarn data ingest`) instead of validating and ingesting data.tables first')
    .action(action(async (opts: { project: string; dataset?: string }) => {
      const { loadProject, openDuck, attachProjectTables, resolveFeatureSpec, compileFeatureSql, columnTypes } = await featureModules();
      const project = await loadProject(opts.project);
      if (!project.config.features) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${project.configPath}: no features section`);
      const duck = await openDuck();
      try {
        await attachProjectTables(duck, project, { dataset: opts.dataset });
        const spec = await resolveFeatureSpec(duck, project.config.features, project.config.label);
        process.stdout.write(compileFeatureSql(spec, await columnTypes(duck)) + ';\n');
      } finally {
        duck.close();
      }
    }));

  cmd
    .command('parity')
    .description('compare the offline SQL features with the online engine replaying the same tables; exit 1 on any difference')
    .option('--project <dir>', 'project folder or forewarn.yaml', '.')
    .option('--dataset <hash>', 'use this snapshot (from `forewarn data ingest`) instead of validating and ingesting data.tables first')
    .option('--tolerance <x>', 'relative tolerance', numberOption('--tolerance', 0, 1), 1e-9)
    .action(action(async (opts: { project: string; dataset?: string; tolerance: number }) => {
      const { loadProject, openDuck, attachProjectTables, resolveFeatureSpec, checkParity } = await featureModules();
      const project = await loadProject(opts.project);
      if (!project.config.features) throw FeatureErrors.FW_ERR_FEATURES_INVALID_SPEC(`${project.configPath}: no features section`);
      const duck = await openDuck();
      try {
        await attachProjectTables(duck, project, { dataset: opts.dataset });
        const spec = await resolveFeatureSpec(duck, project.config.features);
        const r = await checkParity(duck, spec, { tolerance: opts.tolerance });
        process.stdout.write(`${r.rows} rows × ${r.features} features compared; max |diff| ${r.maxAbsDiff.toExponential(2)}, max relative ${r.maxRelDiff.toExponential(2)}; ${r.ok ? 'PARITY OK' : `${r.mismatches.length} mismatch(es)`}\n`);
        for (const m of r.mismatches.slice(0, 20)) process.stdout.write(`  row ${m.baseRow} ${m.entity} ${m.time ?? ''} ${m.feature}: offline ${m.offline} online ${m.online}\n`);
        if (!r.ok) process.exitCode = 1;
      } finally {
        duck.close();
      }
    }));
}
