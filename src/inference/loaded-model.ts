import { bindDecisionRule, type BoundDecisionRule } from '../entities/decision-rule.js';
import type { ModelSignature } from '../entities/signature.js';
import type { Predictor } from './predictor.js';
import type { ModelVersionDescriptor } from './model-source.js';
import { effectiveSignature } from './model-source.js';
import { compileRecordValidator, type RecordValidator } from './record-validator.js';
import { ServingErrors } from './errors.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';

/**
 * A model ready to serve: predictor + validator compiled for its signature + reusable buffers. Immutable once
 * built; a swap replaces the whole object, so a request that took a reference keeps a consistent model.
 */
export interface LoadedModel {
  readonly name: string;
  readonly version: string;
  readonly alias?: string;
  readonly format: ModelVersionDescriptor['format'];
  readonly approval: string;
  readonly metrics: Record<string, number>;
  readonly signature: ModelSignature;
  readonly predictor: Predictor;
  readonly validator: RecordValidator;
  readonly labels: readonly string[];
  /** The evaluated decision rule, when the version recorded one (pipeline candidates do). */
  readonly decision?: BoundDecisionRule;
  /**
   * The frozen feature spec the version was trained on, when it travels with it: live scoring builds its feature
   * engine from it, so a swap replaces the model and the feature definitions together.
   */
  readonly featureSpec?: ResolvedFeatureSpec;
  readonly nFeatures: number;
  readonly loadedAt: Date;
  readonly loadSeconds: number;
  /** Single-record scratch buffers: safe to reuse because the sync path never awaits between fill and read. */
  readonly rowBuf: Float64Array;
  readonly outBuf: Float64Array;
  /** Requests currently using this model; an ONNX session is closed only once a swapped-out model reaches 0. */
  inFlight: number;
  retired: boolean;
}

export async function loadVersion(d: ModelVersionDescriptor): Promise<LoadedModel> {
  const t0 = process.hrtime.bigint();
  const predictor = await d.load();
  const signature = effectiveSignature(d, predictor);
  if (signature.labels.length && signature.labels.join('\u0000') !== predictor.labels.join('\u0000')) {
    await predictor.close?.();
    throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`${d.name} v${d.version}: signature labels [${signature.labels.join(', ')}] differ from the model's classes [${predictor.labels.join(', ')}]`);
  }
  let featureSpec: ResolvedFeatureSpec | undefined;
  try {
    featureSpec = await d.loadFeatureSpec?.();
  } catch (e) {
    await predictor.close?.();
    throw e;
  }
  let validator: RecordValidator;
  try {
    validator = compileRecordValidator(predictor.features, signature);
  } catch (e) {
    await predictor.close?.();
    throw e;
  }
  const P = predictor.features.length;
  const rowBuf = new Float64Array(P);
  const outBuf = new Float64Array(predictor.labels.length);
  // One prediction now, during the load: the model builds its single-row layout on first use, and that should not
  // be the first client's request after a swap.
  try {
    predictor.predictOne?.(rowBuf.fill(NaN), outBuf);
  } catch {
    // only a warm-up: a model that refuses an all-missing row still serves real ones
  }
  return {
    name: d.name,
    version: d.version,
    alias: d.alias,
    format: d.format,
    approval: d.approval,
    metrics: d.metrics,
    signature,
    predictor,
    validator,
    labels: predictor.labels,
    decision: bindDecisionRule(d.decision, predictor.labels) ?? undefined,
    ...(featureSpec ? { featureSpec } : {}),
    nFeatures: P,
    loadedAt: new Date(),
    loadSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
    rowBuf,
    outBuf,
    inFlight: 0,
    retired: false,
  };
}
