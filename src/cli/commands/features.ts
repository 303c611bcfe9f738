import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { numberOption } from '../options.js';
import { FeatureErrors } from '../../features/errors.js';

/** DuckDB and the feature layer load when a features command runs, not for every CLI start (see main.ts). */
async function featureModules() {
  const mods = await Promise.all([
    import('../../config/load.js'), import('../../data/duckdb.js'), import('../../pipeline/project-features.js'),
    import('../../features/resolve.js'), import('../../features/offline/compile.js'), import('../../features/offline/build.js'),
    import('../../features/parity.js'),
  ]);
  const [load, duckdb, tables, resolve, compile, build, parity] = mods;
  return { ...load, ...duckdb, ...tables, ...resolve, ...compile, ...build, ...parity };
}

/**
 * `forewarn features build|sql|parity`: the features layer on a project. Tables come from the validated snapshot of
 * data.tables, as in `forewarn run` (see pipeline/project-features.ts); `build` runs the pipeline's own cached
 * feature and split steps; output goes to .forewarn/features/ unless told otherwise.
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
      const { loadProject, buildProjectFeatures } = await featureModules();
      const project = await loadProject(opts.project);
      const t0 = performance.now();
      const p = await buildProjectFeatures(project, opts);
      const f = p.features;
      const how = f.reused ? `reused from the pipeline cache, SQL took ${f.sqlMs.toFixed(0)} ms when built` : `SQL ${f.sqlMs.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms`;
      const lines = [
        `dataset ${p.datasetHash}`,
        `feature table: ${f.rows} rows × ${f.columns} features (${how})`,
        `labelled rows: ${p.data.dataset.nRows}${p.data.unlabelled ? ` (${p.data.unlabelled} unlabelled, left out)` : ''}; classes: ${p.data.classes.join(', ')}`,
      ];
      if (p.split) {
        const s = p.split;
        const fmt = (c: Record<string, number> | null) => (c ? Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ') : '-');
        lines.push(`split (${s.kind}${s.reused ? ', reused' : ''}): train ${s.sizes.train} [${fmt(s.counts.train)}]`);
        if (s.counts.validation) lines.push(`  validation ${s.sizes.validation} [${fmt(s.counts.validation)}]`);
        lines.push(`  test ${s.sizes.test} [${fmt(s.counts.test)}]${s.dropped ? `; ${s.dropped} rows inside gaps dropped` : ''}`);
        if (s.boundaries) lines.push(`  test starts ${s.boundaries.testStart}, gap ${s.boundaries.gapMs / 3_600_000}h`);
      }
      lines.push(`wrote ${p.out}`, `wrote ${p.specOut}`);
      process.stdout.write(lines.join('\n') + '\n');
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
