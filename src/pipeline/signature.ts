import type { Dataset } from '../models/dataset.js';
import type { ModelSignature, SignatureField } from '../entities/signature.js';

/**
 * The input signature a registered version enforces when served. Numeric ranges are the training range widened by
 * its span on each side: wide enough for honest drift (drift is the monitor's job), narrow enough to refuse unit
 * mistakes and sensor garbage (a pressure of 1e6). Every field is nullable because the tree learners route missing
 * values; categorical fields accept exactly the categories frozen at training.
 */
export function signatureFromTraining(train: Dataset): ModelSignature {
  const inputs: SignatureField[] = train.features.map((f, j) => {
    if (f.type === 'categorical') return { name: f.name, type: 'category', nullable: true, categories: [...(f.categories ?? [])] };
    const col = train.columns[j]!;
    let lo = Infinity;
    let hi = -Infinity;
    let integral = true;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (v !== v) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (integral && !Number.isInteger(v)) integral = false;
    }
    if (lo === Infinity) return { name: f.name, type: 'number', nullable: true };
    const span = Math.max(hi - lo, Math.abs(hi), 1);
    return { name: f.name, type: 'number', nullable: true, min: lo - span, max: hi + span };
  });
  return { inputs, labels: [...train.classes] };
}
