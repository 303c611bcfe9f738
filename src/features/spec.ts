import type { Aggregate } from './config.js';
import type { FeatureSpec } from '../models/dataset.js';

/**
 * The resolved ("frozen") feature spec: every output column spelled out, with its source, window and category
 * value, and every discovered category list fixed. It is plain JSON, stored next to a model, so training (SQL),
 * the online engine and serving all compute exactly the same columns in the same order.
 */

/** Where a time-indexed source lives and which of its columns are the entity and the time. */
export interface SourceKey {
  table: string;
  /** null = the whole table is one entity (data without machines). */
  entity: string | null;
  time: string;
}

export type ResolvedFeature =
  | { kind: 'column'; name: string; from: 'base'; column: string; type: 'numeric' | 'categorical'; categories?: string[] }
  | { kind: 'static'; name: string; table: string; entity: string; column: string; type: 'numeric' | 'categorical'; categories?: string[] }
  | { kind: 'onehot'; name: string; from: 'base' | 'static'; table: string; entity: string | null; column: string; value: string }
  | { kind: 'rolling'; name: string; source: SourceKey; column: string; window: string; windowMs: number; aggregate: Aggregate }
  | { kind: 'lag'; name: string; source: SourceKey; column: string; lagMs?: number; rows?: number }
  | { kind: 'count'; name: string; source: SourceKey; category: string; value: string; window: string; windowMs: number }
  | { kind: 'since'; name: string; source: SourceKey; category: string; value: string; unitMs: number };

export type ResolvedLabel =
  | { kind: 'column'; column: string; classes: string[] }
  | {
      kind: 'event';
      source: SourceKey;
      category: string | null;
      horizonMs: number;
      mode: 'multiclass' | 'binary';
      /** Class order: [none, ...categories] (multiclass) or [none, positive] (binary). */
      classes: string[];
      /** Event categories counted (multiclass: classes.slice(1)); null = every event (binary without category). */
      categories: string[] | null;
      endOfData: 'drop' | 'keep';
    };

export interface ResolvedFeatureSpec {
  version: 1;
  base: { table: string; entity: string | null; time: string | null; everyMs: number | null };
  features: ResolvedFeature[];
  label?: ResolvedLabel;
}

/** Columns the feature table always carries besides the features (names no user column is likely to have). */
export const META = { row: '__row', entity: '__entity', time: '__time_ms', label: '__label' } as const;

/** Dataset feature specs (name, numeric/categorical, frozen categories) in output order. */
export function datasetFeatures(spec: ResolvedFeatureSpec): FeatureSpec[] {
  return spec.features.map((f) =>
    (f.kind === 'column' || f.kind === 'static') && f.type === 'categorical'
      ? { name: f.name, type: 'categorical', categories: [...(f.categories ?? [])] }
      : { name: f.name, type: 'numeric' },
  );
}

/** Every time-indexed source the spec reads, deduplicated by table + entity + time. */
export function sourceKeyId(s: SourceKey): string {
  return JSON.stringify([s.table, s.entity, s.time]);
}
