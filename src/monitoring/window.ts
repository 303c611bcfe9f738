/**
 * Turn logged predictions into a columnar drift window for a baseline's features (numbers in Float64Arrays, missing
 * as NaN; categories as strings). Reads the log page by page so a million rows never exist as one array of objects.
 */
import type { Baseline } from './baseline.js';
import type { DriftWindow } from './drift-report.js';
import type { PredictionLog, PredictionQuery, PredictionRecord } from './prediction-log.js';

class Growable {
  data = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = v;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.n);
  }
}

export class WindowBuilder {
  private readonly numeric = new Map<string, Growable>();
  private readonly categorical = new Map<string, (string | null)[]>();
  private readonly scores = new Growable();
  private readonly labels: (string | null)[] = [];
  private rows = 0;
  private first?: string;
  private last?: string;

  constructor(baseline: Baseline) {
    for (const f of baseline.features) {
      if (f.kind === 'numeric') this.numeric.set(f.name, new Growable());
      else this.categorical.set(f.name, []);
    }
  }

  add(records: readonly PredictionRecord[]): void {
    for (const r of records) {
      for (const [name, col] of this.numeric) {
        const v = r.inputs[name];
        col.push(typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v));
      }
      for (const [name, col] of this.categorical) {
        const v = r.inputs[name];
        col.push(v === null || v === undefined ? null : String(v));
      }
      this.scores.push(r.score ?? NaN);
      this.labels.push(r.label);
      this.first ??= r.time;
      this.last = r.time;
      this.rows++;
    }
  }

  build(): DriftWindow & { first?: string; last?: string } {
    const columns = new Map<string, Float64Array | (string | null)[]>();
    for (const [n, c] of this.numeric) columns.set(n, c.done());
    for (const [n, c] of this.categorical) columns.set(n, c);
    const scores = this.scores.done();
    const hasScores = scores.some((s) => Number.isFinite(s));
    return { rows: this.rows, columns, ...(hasScores ? { scores } : {}), labels: this.labels, first: this.first, last: this.last };
  }
}

/** The window of `q` from the log, read page by page. */
export async function loadWindow(log: PredictionLog, q: PredictionQuery, baseline: Baseline): Promise<ReturnType<WindowBuilder['build']>> {
  const b = new WindowBuilder(baseline);
  for await (const page of log.read(q)) b.add(page);
  return b.build();
}
