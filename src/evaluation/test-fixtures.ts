import { Rng } from '../core/random.js';
import type { Dataset } from '../models/dataset.js';
import type { FailureEvent } from './costs/event-index.js';
import type { EvaluateInput, PredictionSet } from './evaluate.js';

/**
 * A small synthetic predictive-maintenance problem for evaluation tests and the report demo: machines sampled every
 * 6 h, failures of two components, a `temp` feature that ramps up during the 24 h before a failure and a `noise`
 * feature that carries nothing. A "model" turns temp into probabilities with some noise (skill ∈ [0, 1]: 0 = pure
 * noise). Deterministic for a seed. Not a test file: shared by tests and bench/.
 */

const H = 3_600_000;

export interface FixtureOptions {
  seed: number;
  machines?: number;
  days?: number;
  skill?: number;
  multiclass?: boolean;
}

interface Split { set: PredictionSet; X: Dataset; failures: FailureEvent[] }

export function pdmFixture(opts: FixtureOptions): { classes: string[]; train: Split; validation: Split; test: Split; horizonMs: number } {
  const rng = new Rng(opts.seed);
  const machines = opts.machines ?? 8;
  const days = opts.days ?? 90;
  const skill = opts.skill ?? 0.8;
  const classes = opts.multiclass ? ['comp1', 'comp2', 'none'] : ['none', 'failure'];
  const none = classes.indexOf('none');
  const horizon = 24 * H;
  const end = days * 24 * H;
  type Row = { e: string; t: number; y: number; temp: number; noise: number; p: number[] };
  const rows: Row[] = [];
  const failures: (FailureEvent & { class: string })[] = [];
  for (let m = 0; m < machines; m++) {
    const e = `m${m}`;
    const fails: { t: number; c: number }[] = [];
    for (let t = rng.exponential(1 / (12 * 24 * H)); t < end; t += 3 * 24 * H + rng.exponential(1 / (12 * 24 * H))) {
      const c = opts.multiclass ? rng.int(2) : 1;
      fails.push({ t: Math.round(t / H) * H + 3 * H, c });
      failures.push({ entity: e, time: Math.round(t / H) * H + 3 * H, class: classes[c]! });
    }
    for (let t = 0; t < end; t += 6 * H) {
      const next = fails.find((f) => f.t > t);
      const inH = next !== undefined && next.t - t <= horizon;
      const y = inH ? next!.c : none;
      const ramp = inH ? 3 * (1 - (next!.t - t) / horizon) + 1 : 0;
      const temp = 60 + ramp * 4 + rng.normal() * 2;
      const noise = rng.normal();
      const z = skill * (ramp * 2.2 - 3) + (1 - skill) * rng.normal() * 2 + rng.normal() * 0.6 - 1.5 * (1 - skill);
      const pf = 1 / (1 + Math.exp(-z));
      const p = new Array<number>(classes.length).fill(0);
      p[none] = 1 - pf;
      if (opts.multiclass) {
        const right = inH ? next!.c : rng.int(2);
        const share = 0.5 + 0.4 * skill;
        p[right] = pf * share;
        p[1 - right] = pf * (1 - share);
      } else p[1] = pf;
      rows.push({ e, t, y, temp, noise, p });
    }
  }
  const cut1 = end * 0.6;
  const cut2 = end * 0.8;
  const make = (lo: number, hi: number): Split => {
    const r = rows.filter((x) => x.t >= lo && x.t < hi && x.t + horizon < end);
    const K = classes.length;
    const proba = new Float64Array(r.length * K);
    r.forEach((x, i) => x.p.forEach((v, k) => (proba[i * K + k] = v)));
    const y = Int32Array.from(r.map((x) => x.y));
    return {
      set: { y, proba, entity: r.map((x) => x.e), time: Float64Array.from(r.map((x) => x.t)) },
      X: {
        features: [{ name: 'noise', type: 'numeric' }, { name: 'temp', type: 'numeric' }],
        nRows: r.length,
        columns: [Float64Array.from(r.map((x) => x.noise)), Float64Array.from(r.map((x) => x.temp))],
        y,
        classes,
      },
      failures: failures.filter((f) => f.time > lo && f.time <= hi),
    };
  };
  return { classes, train: make(0, cut1), validation: make(cut1, cut2), test: make(cut2, end), horizonMs: horizon };
}

/** A complete evaluate() input from the fixture. */
export function fixtureInput(opts: FixtureOptions, config?: EvaluateInput['config']): EvaluateInput {
  const f = pdmFixture(opts);
  return {
    classes: f.classes,
    test: f.test.set,
    validation: f.validation.set,
    baselineData: { train: f.train.X, test: f.test.X },
    events: { horizonMs: f.horizonMs, test: { failures: f.test.failures }, validation: { failures: f.validation.failures } },
    featureImportance: [{ name: 'temp', gain: 0.8, splits: 40 }, { name: 'noise', gain: 0.2, splits: 12 }],
    config,
    meta: { model: `fixture skill ${opts.skill ?? 0.8}`, seed: opts.seed },
  };
}
