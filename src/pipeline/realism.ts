/**
 * The same forewarn.yaml and split on two Azure-PdM-shaped datasets: the quickstart's config (src/pipeline/demo-config.ts)
 * with its table paths pointed at the given files and a fixed time cutoff, run through the real pipeline. Used by
 * the realism check of the dataset suite (test/datasets/realism.test.ts) and by bench/sim-realism/compare.ts, so
 * both measure the same thing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from './demo-config.js';
import { loadProject } from '../config/load.js';
import { runPipeline } from './run-pipeline.js';
import { CoreErrors } from '../core/errors.js';

export interface AzureFiles { telemetry: string; errors: string; maint: string; failures: string; machines: string }

export interface Learnability {
  macroF1: number;
  eventRecall: number | null;
  perClass: { class: string; precision: number; recall: number; support: number }[];
}

/** Run the quickstart config on `files` with test = rows from `cutoff` (YYYY-MM-DD) on. */
export async function learnability(files: AzureFiles, cutoff: string, seed = 42): Promise<Learnability> {
  let cfg = demoConfig('realism', seed);
  for (const t of ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const) {
    const from = `data/PdM_${t}.csv`;
    if (!cfg.includes(from)) throw CoreErrors.FW_ERR_CORE_INTERNAL(`demo config no longer names ${from}; update compare-learnability`);
    cfg = cfg.replace(from, files[t]);
  }
  if (!cfg.includes('testFraction: 0.25')) throw CoreErrors.FW_ERR_CORE_INTERNAL('demo config no longer splits by testFraction: 0.25; update compare-learnability');
  cfg = cfg.replace('testFraction: 0.25', `cutoff: "${cutoff}"`);
  const dir = await mkdtemp(join(tmpdir(), 'fw-realism-'));
  try {
    await writeFile(join(dir, 'forewarn.yaml'), cfg);
    const r = await runPipeline(await loadProject(dir), { progress: 'silent' });
    const m = r.evaluation.metrics;
    return {
      macroF1: m.macro_f1 as number,
      eventRecall: (m.event_recall as number | null) ?? null,
      perClass: r.evaluation.perClass.map((c) => ({ class: c.class, precision: c.precision, recall: c.recall, support: c.support })),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Mean of several runs, class by class (classes in the order of the first run). */
export function meanLearnability(runs: Learnability[]): Learnability {
  const n = runs.length;
  const avg = (f: (r: Learnability) => number) => runs.reduce((a, r) => a + f(r), 0) / n;
  return {
    macroF1: avg((r) => r.macroF1),
    eventRecall: runs.every((r) => r.eventRecall !== null) ? avg((r) => r.eventRecall!) : null,
    perClass: runs[0]!.perClass.map((c) => ({
      class: c.class,
      precision: avg((r) => r.perClass.find((x) => x.class === c.class)?.precision ?? 0),
      recall: avg((r) => r.perClass.find((x) => x.class === c.class)?.recall ?? 0),
      support: avg((r) => r.perClass.find((x) => x.class === c.class)?.support ?? 0),
    })),
  };
}
