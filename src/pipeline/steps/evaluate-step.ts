import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { openDuck } from '../../data/duckdb.js';
import { openSnapshot } from '../../data/snapshot/attach.js';
import { labelEventsIn } from '../../features/offline/label-events.js';
import type { ResolvedFeatureSpec } from '../../features/spec.js';
import type { FeatureDataset } from '../../features/dataset.js';
import { takeRows, toRowMatrix } from '../../models/dataset.js';
import { parseModel } from '../../models/format/model-json.js';
import type { Model } from '../../models/learner.js';
import { evaluate, type PredictionSet } from '../../evaluation/evaluate.js';
import type { EvaluationResult } from '../../evaluation/result.js';
import type { EvaluatedGate } from '../../evaluation/gates.js';
import type { DecisionRule } from '../../entities/decision-rule.js';
import { renderEvaluationReport } from '../../evaluation/report/render.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { loadFeatureTable, readIndices } from '../feature-store.js';
import { MODEL_FILE } from './train-step.js';

export const EVALUATION_FILE = 'evaluation.json';
export const REPORT_FILE = 'report.html';

export interface EvaluateStepOutput {
  passed: boolean;
  beatsBaselines: boolean | null;
  verdict: string;
  primaryMetric: string;
  metrics: Record<string, number | null>;
  threshold: number | null;
  /** How predictions become decisions, as evaluated: alert when the score (P(positive), or 1 − P(none)) ≥ threshold. */
  decision: DecisionRule;
  gates: EvaluatedGate[];
  perClass: { class: string; precision: number; recall: number; f1: number; support: number }[];
  costs: { strategy: string; costPerMachineMonth: number }[] | null;
  warnings: string[];
}

function predictionSet(model: Model, data: FeatureDataset, idx: Int32Array): PredictionSet {
  const rows = takeRows(data.dataset, idx);
  return {
    y: rows.y,
    proba: model.predictProba(toRowMatrix(rows)),
    entity: Array.from(idx, (i) => data.entityNames[data.entity[i]!]!),
    time: Float64Array.from(idx, (i) => data.time[i]!),
  };
}

function timeRange(t: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of t) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/**
 * Honest evaluation: the threshold is chosen on validation, metrics are computed on test, baselines are fitted on
 * train; for event labels the failures of each period drive the cost and lead-time analysis.
 */
export async function evaluateStep(ctx: PipelineContext, datasetHash: string, featuresDir: string, splitDir: string, trainDir: string, upstreamHash: string, meta: Record<string, string | number | boolean | null>): Promise<StepOutcome<EvaluateStepOutput>> {
  const config = ctx.project.config.evaluation;
  return runCached(ctx.cacheRoot, {
    name: 'evaluate',
    version: 4,
    key: { upstreamHash, evaluation: config ?? null },
    run: async (dir) => {
      const duck = await openDuck();
      let result: EvaluationResult;
      try {
        const { spec, data } = await loadFeatureTable(featuresDir, duck);
        await openSnapshot(duck, ctx.project.stateDir, datasetHash);
        const model = parseModel(await readFile(join(trainDir, MODEL_FILE), 'utf8'), MODEL_FILE);
        const trainIdx = await readIndices(join(splitDir, 'train.i32'));
        const valIdx = await readIndices(join(splitDir, 'validation.i32'));
        const testIdx = await readIndices(join(splitDir, 'test.i32'));
        const test = predictionSet(model, data, testIdx);
        const validation = valIdx.length > 0 ? predictionSet(model, data, valIdx) : undefined;
        const label = spec.label!;
        let events: Parameters<typeof evaluate>[0]['events'];
        if (label.kind === 'event') {
          const [tlo, thi] = timeRange(test.time!);
          events = { horizonMs: label.horizonMs, test: { failures: await labelEventsIn(duck, spec, tlo, thi, new Set(test.entity as string[])) } };
          if (validation) {
            const [vlo, vhi] = timeRange(validation.time!);
            events.validation = { failures: await labelEventsIn(duck, spec, vlo, vhi, new Set(validation.entity as string[])) };
          }
        }
        const testRows = takeRows(data.dataset, testIdx);
        result = evaluate({
          classes: data.classes,
          test,
          validation,
          baselineData: { train: takeRows(data.dataset, trainIdx), test: testRows },
          events,
          featureImportance: model.featureImportance(),
          config,
          meta: { ...meta, learner: model.kind, features: data.dataset.features.length },
        });
      } finally {
        duck.close();
      }
      await writeFile(join(dir, EVALUATION_FILE), JSON.stringify(result, null, 2));
      await writeFile(join(dir, REPORT_FILE), await renderEvaluationReport(result));
      return summarise(result);
    },
  });
}

function summarise(r: EvaluationResult): EvaluateStepOutput {
  return {
    passed: r.passed,
    beatsBaselines: r.beatsBaselines,
    verdict: r.verdict,
    primaryMetric: r.primaryMetric,
    metrics: Object.fromEntries(Object.entries(r.metrics).filter(([, v]) => v !== undefined)) as Record<string, number | null>,
    threshold: r.threshold.threshold ?? null,
    decision: { policy: r.threshold.policy, threshold: r.threshold.threshold ?? null, noneClass: r.task.noneClass, positiveClass: r.task.positiveClass },
    gates: r.gates.gates,
    perClass: r.perClass.map((c) => ({ class: c.class, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support })),
    costs: r.costs ? r.costs.table.map((s) => ({ strategy: s.strategy, costPerMachineMonth: s.costPerMachineMonth })) : null,
    warnings: r.warnings,
  };
}
