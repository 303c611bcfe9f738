import { Rng } from '../core/random.js';
import type { SearchConfig } from './config.js';
import { CoreErrors } from '../core/errors.js';

type Value = number | string | boolean | null;

/**
 * The trial parameter sets of a search. Grid: the cartesian product of the listed values (ranges are refused: a grid
 * needs explicit values). Random: `trials` draws, each parameter independently, seeded, so the same config always
 * proposes the same trials. Parameters are sorted by name so the order of keys in YAML does not change the draws.
 */
export function proposeTrials(search: SearchConfig, seed: number): Record<string, Value>[] {
  const names = Object.keys(search.space).sort();
  if (search.method === 'grid') {
    let grid: Record<string, Value>[] = [{}];
    for (const name of names) {
      const dim = search.space[name]!;
      if (!Array.isArray(dim)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`model.search.space.${name}: grid search needs a list of values, got a range`);
      grid = grid.flatMap((g) => dim.map((v) => ({ ...g, [name]: v as Value })));
    }
    if (grid.length > 1000) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`model.search.space: the grid has ${grid.length} points; at most 1000`);
    return grid;
  }
  const rng = new Rng(seed ^ 0x5eed);
  const trials: Record<string, Value>[] = [];
  for (let t = 0; t < search.trials; t++) {
    const trial: Record<string, Value> = {};
    for (const name of names) {
      const dim = search.space[name]!;
      if (Array.isArray(dim)) trial[name] = dim[rng.int(dim.length)] as Value;
      else {
        const u = rng.next();
        let v = dim.log ? Math.exp(Math.log(dim.min) + u * (Math.log(dim.max) - Math.log(dim.min))) : dim.min + u * (dim.max - dim.min);
        if (dim.int) v = Math.min(dim.max, Math.round(v));
        else v = Number(v.toPrecision(6));
        trial[name] = v;
      }
    }
    trials.push(trial);
  }
  return trials;
}
