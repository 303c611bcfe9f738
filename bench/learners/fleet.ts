/**
 * The "simulated fleet" bench set: forewarn's own pipeline up to the split, so the learners are timed on the feature
 * table users actually train on. Simulator → the quickstart's forewarn.yaml (demoConfig) → ingest + contracts +
 * snapshot → the features step's spec / DuckDB build → the pipeline's time split (cutoff + gap = the 24h horizon).
 * Label: which component fails within 24h (none, comp1..comp4).
 *
 * One deviation from `forewarn run`: the config's validation slice is dropped, so "train" is every row before the
 * cutoff (the bench fits without early stopping; the pipeline would carve the last 15 % of train off for it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { ingestProject } from '../../src/data/ingest.js';
import { openDuck } from '../../src/data/duckdb.js';
import { openSnapshot } from '../../src/data/snapshot/attach.js';
import { resolveFeatureSpec } from '../../src/features/resolve.js';
import { buildFeatureTable } from '../../src/features/offline/build.js';
import { toDataset } from '../../src/features/dataset.js';
import { splitRows } from '../../src/features/split.js';
import { classCounts } from '../../src/features/split.js';
import { takeRows } from '../../src/models/dataset.js';
import type { BenchSet } from './datasets.js';

export interface FleetSet extends BenchSet {
  /** One line for the bench output: sizes, class counts, the split boundary, time spent building. */
  describe: string;
}

export async function fleetSet(machines: number, days: number, seed = 42): Promise<FleetSet> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-bench-fleet-'));
  const t0 = performance.now();
  try {
    await writeFleet({ machines, days, seed }, join(dir, 'data'));
    await writeFile(join(dir, 'forewarn.yaml'), demoConfig('bench-learners', seed));
    const project = await loadProject(dir);
    const ingested = await ingestProject(project, { progress: 'silent' });
    const duck = await openDuck();
    try {
      await openSnapshot(duck, project.stateDir, ingested.datasetHash);
      const split = project.config.split;
      if (split?.kind !== 'time') throw new Error('the demo config no longer uses a time split; update bench/learners/fleet.ts');
      const config = { ...project.config, split: { ...split, validation: undefined } };
      const spec = await resolveFeatureSpec(duck, config.features!, config.label!);
      await buildFeatureTable(duck, spec, 'features');
      const data = await toDataset(duck, 'features', spec);
      const label = spec.label!;
      const sp = splitRows({ y: data.dataset.y, classes: data.classes, time: data.time, entity: data.entity }, config.split, {
        labelKind: label.kind, horizonMs: label.kind === 'event' ? label.horizonMs : undefined, seed: config.project.seed,
      });
      const d = data.dataset;
      const counts = (idx: Int32Array): string => Object.entries(classCounts(d.y, idx, d.classes)).map(([c, n]) => `${c} ${n}`).join(', ');
      const describe =
        `fleet ${machines} machines × ${days} days (seed ${seed}): ${d.nRows} labelled rows × ${d.features.length} features (every 3h); ` +
        `time split at ${sp.boundaries!.testStart} with a ${sp.boundaries!.gapMs / 3_600_000}h gap (${sp.dropped} rows dropped); ` +
        `train ${sp.train.length} [${counts(sp.train)}], test ${sp.test.length} [${counts(sp.test)}]; built in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      return { name: `fleet ${machines}×${days}d, 5 classes`, train: takeRows(d, sp.train), test: takeRows(d, sp.test), describe };
    } finally {
      duck.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
