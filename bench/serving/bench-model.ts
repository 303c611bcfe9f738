import type { Model } from '../../src/models/learner.js';
import type { FeatureSpec } from '../../src/models/dataset.js';
import { randomForestFixture, forestFixtureFromJSON } from '../../src/serving/test-forest-fixture.js';

/** 25 numeric features named like real telemetry columns (symbols included, as the service must accept them). */
export const BENCH_FEATURES: FeatureSpec[] = Array.from({ length: 25 }, (_, j) => ({
  name: ['Spindle_Bearing_Temperature(?C)', 'Packet_Loss_%', 'Vibration RMS'][j] ?? `sensor_${j}`,
  type: 'numeric' as const,
}));
export const BENCH_CLASSES = ['ok', 'failure'];

/** The benchmark model as saved JSON: by default 200 trees, depth 10 (full trees, 2,047 nodes each), 25 features. */
export function benchModelJson(seed = 42, nTrees = 200, depth = 10): unknown {
  return randomForestFixture({ features: BENCH_FEATURES, classes: BENCH_CLASSES, nTrees, depth, seed }).toJSON();
}

/**
 * Load it with the learners' own reader (src/models/format/model-json.ts → the real random-forest model) when this
 * build has it, else with the serving test fixture (same TreeArrays traversal). Returns which one was used.
 */
export async function benchJsonLoader(): Promise<{ load: (json: unknown) => Model; which: string }> {
  try {
    const spec = '../../src/models/format/model-json.js';
    const mod = (await import(spec)) as { loadModel: (j: unknown) => Model };
    return { load: mod.loadModel, which: 'src/models random_forest (loadModel)' };
  } catch {
    return { load: forestFixtureFromJSON, which: 'serving forest fixture (src/models/format/model-json.ts not in this build)' };
  }
}

export function benchRecord(i: number): Record<string, number> {
  const r: Record<string, number> = {};
  BENCH_FEATURES.forEach((f, j) => (r[f.name] = Math.sin(i * 7.3 + j * 1.7) * 1.5));
  return r;
}
