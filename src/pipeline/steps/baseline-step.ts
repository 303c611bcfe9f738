import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { takeRows, toRowMatrix } from '../../models/dataset.js';
import { parseModel } from '../../models/format/model-json.js';
import { buildBaseline, type ReferenceColumn } from '../../monitoring/baseline.js';
import { runCached, type StepOutcome } from '../step-cache.js';
import type { PipelineContext } from '../context.js';
import { loadFeatureTable, readIndices } from '../feature-table.js';
import { MODEL_FILE } from './train-step.js';
import { alertScore, bindDecisionRule, type DecisionRule } from '../../entities/decision-rule.js';

export const BASELINE_FILE = 'baseline.json';

export interface BaselineStepOutput {
  rows: number;
  features: number;
  validationPredictions: number;
}

/**
 * The reference profile monitoring compares served traffic with (monitoring/baseline.ts): the TRAIN rows' feature
 * distributions (categories by name, as the prediction log records them) and the model's prediction distribution on
 * validation (the alert score of the evaluated decision rule, and the predicted labels). Cached like every step.
 */
export async function baselineStep(ctx: PipelineContext, featuresDir: string, splitDir: string, trainDir: string, upstreamHash: string, decision: DecisionRule): Promise<StepOutcome<BaselineStepOutput>> {
  return runCached(ctx.cacheRoot, {
    name: 'baseline',
    version: 1,
    key: { upstreamHash, decision },
    run: async (dir) => {
      const { data } = await loadFeatureTable(featuresDir);
      const ds = data.dataset;
      const trainIdx = await readIndices(join(splitDir, 'train.i32'));
      const valIdx = await readIndices(join(splitDir, 'validation.i32'));
      const train = takeRows(ds, trainIdx);
      const columns: ReferenceColumn[] = ds.features.map((f, j) => {
        const col = train.columns[j]!;
        if (f.type !== 'categorical') return { name: f.name, kind: 'numeric', values: col };
        const cats = f.categories ?? [];
        return { name: f.name, kind: 'categorical', values: Array.from(col, (v) => (Number.isNaN(v) ? null : (cats[v] ?? null))) };
      });
      let predictions: Parameters<typeof buildBaseline>[1];
      if (valIdx.length > 0) {
        const model = parseModel(await readFile(join(trainDir, MODEL_FILE), 'utf8'), MODEL_FILE);
        const val = takeRows(ds, valIdx);
        const proba = model.predictProba(toRowMatrix(val));
        const K = model.classes.length;
        const rule = bindDecisionRule(decision, model.classes);
        const scores = new Float64Array(val.nRows);
        const labels = new Array<string>(val.nRows);
        for (let i = 0; i < val.nRows; i++) {
          let best = 0;
          for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
          labels[i] = model.classes[best]!;
          // The score the service logs (serving/prediction-recorder.ts): the same rule's alert score.
          scores[i] = rule ? alertScore(rule, proba, i * K) : NaN;
        }
        predictions = { scores, labels };
      }
      const baseline = buildBaseline(columns, predictions);
      await writeFile(join(dir, BASELINE_FILE), JSON.stringify(baseline));
      return { rows: train.nRows, features: columns.length, validationPredictions: valIdx.length };
    },
  });
}
