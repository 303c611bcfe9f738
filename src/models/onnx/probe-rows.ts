/**
 * Rows that probe an exported model where it is most fragile, for the self-check `models export-onnx` runs when no
 * --verify data is given: for tree ensembles, values exactly at the float32-rounded thresholds and one float32 step
 * above them (the `x <= t` boundary), NaN, every category index plus unseen ones; for other models, values around
 * the training mean. Rows are float32-representable so both sides see identical inputs. Seeded: same model + seed →
 * same rows.
 */
import type { Model } from '../learner.js';
import type { RowMatrix } from '../dataset.js';
import { Rng } from '../../core/random.js';
import { LogisticModel } from '../linear/logistic-model.js';
import { treeEnsembleOf } from './tree-ensemble.js';
import { float32AtMost } from './float32.js';

function nextUp32(r: number): number {
  const f = new Float32Array([r]);
  const i = new Int32Array(f.buffer);
  if (r === 0) return 1.401298464324817e-45;
  if (r > 0) i[0]! += 1; else i[0]! -= 1;
  return f[0]!;
}

export function probeRows(model: Model, nRows: number, seed: number): RowMatrix {
  const P = model.features.length;
  const rng = new Rng(seed);
  const candidates: number[][] = model.features.map(() => []);
  if (model.kind === 'gbdt' || model.kind === 'random_forest') {
    for (const t of treeEnsembleOf(model).trees) {
      for (let i = 0; i < t.nNodes; i++) {
        const f = t.feature[i]!;
        if (f < 0 || t.catStart[i]! >= 0 || f >= P) continue;
        const th = float32AtMost(t.threshold[i]!);
        if (Number.isFinite(th)) candidates[f]!.push(th, nextUp32(th));
      }
    }
  } else if (model instanceof LogisticModel) {
    const s = model.state;
    s.columns.forEach((c, i) => {
      if (c.category < 0) for (const z of [-2, -1, 0, 0.5, 1, 3]) candidates[c.feature]!.push(Math.fround(s.means[i]! + z * s.stds[i]!));
    });
  }
  const data = new Float64Array(nRows * P);
  for (let r = 0; r < nRows; r++) {
    for (let j = 0; j < P; j++) {
      const f = model.features[j]!;
      let x: number;
      if (rng.next() < 0.05) x = NaN;
      else if (f.type === 'categorical') {
        const m = f.categories?.length ?? 0;
        x = rng.next() < 0.05 ? m + rng.int(3) : rng.int(Math.max(1, m));
      } else {
        const c = candidates[j]!;
        x = c.length ? c[rng.int(c.length)]! : Math.fround(rng.normal());
      }
      data[r * P + j] = x;
    }
  }
  return { nRows, nFeatures: P, data };
}
