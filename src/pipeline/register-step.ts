import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Stores } from '../stores/open-stores.js';
import { putContent } from '../artifacts/artifact-ops.js';
import type { ModelSignature } from '../entities/signature.js';
import type { ModelVersion } from '../entities/registry.js';
import type { EvaluateStepOutput } from './steps/evaluate-step.js';
import { EVALUATION_FILE, REPORT_FILE } from './steps/evaluate-step.js';
import { MODEL_FILE, SIGNATURE_FILE } from './steps/train-step.js';
import { SPEC_FILE } from './feature-table.js';
import { FEATURE_SPEC_TAG } from '../features/spec-io.js';

export interface Published {
  modelUri: string;
  reportUri: string;
  evaluationUri: string;
  /** The frozen feature spec the model was trained on: live scoring (src/streaming/) computes features from it. */
  featureSpecUri?: string;
}

/** Put the model, report and metrics JSON into the artifact repository (content-addressed: re-runs dedupe). */
export async function publishArtifacts(stores: Stores, trainDir: string, evalDir: string, featuresDir?: string): Promise<Published> {
  const model = await putContent(stores.artifacts, await readFile(join(trainDir, MODEL_FILE)), '.json');
  const report = await putContent(stores.artifacts, await readFile(join(evalDir, REPORT_FILE)), '.html');
  const evaluation = await putContent(stores.artifacts, await readFile(join(evalDir, EVALUATION_FILE)), '.json');
  const spec = featuresDir ? await putContent(stores.artifacts, await readFile(join(featuresDir, SPEC_FILE)), '.json') : undefined;
  return { modelUri: model.uri, reportUri: report.uri, evaluationUri: evaluation.uri, ...(spec ? { featureSpecUri: spec.uri } : {}) };
}

export interface RegisterOutcome {
  status: 'registered' | 'already-registered' | 'blocked';
  version?: ModelVersion;
  failedGates: string[];
}

/**
 * Register the candidate when every gate passed; a failing gate blocks registration (the run still records why).
 * Idempotent: the same model bytes (same artifact URI) are never registered twice.
 */
export async function registerCandidate(
  stores: Stores, modelName: string, runId: string, datasetHash: string, published: Published, trainDir: string, evaluation: EvaluateStepOutput,
): Promise<RegisterOutcome> {
  const failedGates = evaluation.gates.filter((g) => !g.passed).map((g) => `${g.name}: ${g.message}`);
  if (!evaluation.passed) return { status: 'blocked', failedGates };
  const existing = await stores.registry.listVersions(modelName).catch(() => [] as ModelVersion[]);
  // Compared by repository key: a version registered with an absolute URI (before URIs became project-relative)
  // is the same artifact as today's relative URI for the same bytes.
  const keyOf = (uri: string): string => {
    try {
      return stores.artifacts.keyFor(uri);
    } catch {
      return uri;
    }
  };
  const same = existing.find((v) => v.artifactUri === published.modelUri || keyOf(v.artifactUri) === keyOf(published.modelUri));
  if (same) return { status: 'already-registered', version: same, failedGates };
  const signature = JSON.parse(await readFile(join(trainDir, SIGNATURE_FILE), 'utf8')) as ModelSignature;
  const metrics = Object.fromEntries(Object.entries(evaluation.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
  const version = await stores.registry.registerVersion({
    modelName,
    actor: process.env.USER ?? 'forewarn-pipeline',
    runId,
    datasetHash,
    metrics,
    gates: { passed: evaluation.passed, gates: evaluation.gates },
    signature,
    artifactUri: published.modelUri,
    format: 'forewarn-json',
    tags: { report: published.reportUri, evaluation: published.evaluationUri, ...(published.featureSpecUri ? { [FEATURE_SPEC_TAG]: published.featureSpecUri } : {}) },
    // The evaluated decision rule travels with the version so the service applies the same threshold.
    decision: evaluation.decision,
  });
  return { status: 'registered', version, failedGates };
}
