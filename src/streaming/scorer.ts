import { OnlineFeatureEngine } from '../features/online/engine.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';
import { featureSpecHash } from '../features/spec-io.js';
import type { LoadedModel } from '../inference/loaded-model.js';
import type { Predictor } from '../inference/predictor.js';
import { decide, type BoundDecisionRule, type Decision } from '../entities/decision-rule.js';
import { StreamErrors } from './errors.js';
import type { Instant } from './event-time.js';
import type { TelemetryEvent } from './telemetry-event.js';

/** What live scoring needs from a model version: the model, its frozen features and its evaluated decision rule. */
export interface ScoringModel {
  name: string;
  version: string;
  spec: ResolvedFeatureSpec;
  specHash: string;
  predictor: Predictor;
  labels: readonly string[];
  rule: BoundDecisionRule;
}

export function scoringModel(m: LoadedModel): ScoringModel {
  if (!m.featureSpec) throw StreamErrors.FW_ERR_STREAM_NO_FEATURE_SPEC(`${m.name} v${m.version} has no frozen feature spec (tag features.spec); re-run the pipeline to register a version that carries it`);
  if (!m.decision) throw StreamErrors.FW_ERR_STREAM_NO_DECISION_RULE(`${m.name} v${m.version} has no evaluated decision rule (decision.* tags)`);
  return { name: m.name, version: m.version, spec: m.featureSpec, specHash: featureSpecHash(m.featureSpec), predictor: m.predictor, labels: m.labels, rule: m.decision };
}

/** One machine scored at one event-time instant. */
export interface ScoredPoint {
  entity: string;
  t: number;
  /** Feature vector in spec order (what the offline feature table has for this row). */
  features: Float64Array;
  /** Class probabilities in label order. */
  proba: Float64Array;
  decision: Decision;
}

/**
 * OnlineFeatureEngine + model + decide(), one released instant at a time: every event of the instant is ingested,
 * then every base-table row of the instant that is a prediction point (the spec's `every`, e.g. 3 h of event time)
 * is scored. The same order as the parity harness (src/features/parity.ts), so the vectors equal the SQL's.
 */
export class StreamScorer {
  readonly engine: OnlineFeatureEngine;
  /** model feature j ← spec feature perm[j] (the model may list its features in another order). */
  private readonly perm: Int32Array;
  private readonly baseTable: string;

  constructor(readonly model: ScoringModel, engine?: OnlineFeatureEngine) {
    this.engine = engine ?? new OnlineFeatureEngine(model.spec);
    const names = model.spec.features.map((f) => f.name);
    const pos = new Map(names.map((n, i) => [n, i]));
    this.perm = Int32Array.from(model.predictor.features.map((f) => {
      const i = pos.get(f.name);
      if (i === undefined) throw StreamErrors.FW_ERR_STREAM_NO_FEATURE_SPEC(`${model.name} v${model.version}: model feature ${f.name} is not in its feature spec`);
      return i;
    }));
    this.baseTable = model.spec.base.table;
  }

  /** Static rows (machines) go straight in: they have no time. */
  ingestStatic(e: TelemetryEvent): void {
    this.engine.ingest(e.table, e.row);
  }

  /** Ingest one instant and score its prediction points (synchronously when the model is a JSON model). */
  scoreInstant(inst: Instant): ScoredPoint[] | Promise<ScoredPoint[]> {
    const eng = this.engine;
    for (const e of inst.events) eng.ingest(e.table, e.row);
    const points: { entity: string; features: Float64Array }[] = [];
    for (const e of inst.events) {
      if (e.table !== this.baseTable || !eng.isPoint(e.row)) continue;
      points.push({ entity: e.entity, features: eng.features(e.row) });
    }
    if (points.length === 0) return [];
    const P = this.perm.length;
    const data = new Float64Array(points.length * P);
    points.forEach((p, i) => {
      for (let j = 0; j < P; j++) data[i * P + j] = p.features[this.perm[j]!]!;
    });
    const K = this.model.labels.length;
    const build = (proba: Float64Array): ScoredPoint[] => points.map((p, i) => {
      const pr = proba.slice(i * K, (i + 1) * K);
      return { entity: p.entity, t: inst.t, features: p.features, proba: pr, decision: decide(this.model.rule, pr, K) };
    });
    const proba = this.model.predictor.predictBatch({ nRows: points.length, nFeatures: P, data });
    return proba instanceof Promise ? proba.then(build) : build(proba);
  }

  /** The model's input row for a scored point (for explanations). */
  modelRow(features: Float64Array): Float64Array {
    const row = new Float64Array(this.perm.length);
    for (let j = 0; j < row.length; j++) row[j] = features[this.perm[j]!]!;
    return row;
  }
}
