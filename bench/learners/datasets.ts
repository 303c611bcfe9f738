/** Bench datasets: synthetic (seeded), Iris and machine downtime from ../shared/datasets (or FOREWARN_DATASETS) when present. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset, FeatureSpec } from '../../src/models/dataset.js';
import { takeRows } from '../../src/models/dataset.js';
import { makeClassification, splitIndices } from '../../src/models/synthetic.js';
import { datasetsDir } from '../../test/support/datasets-dir.js';

export interface BenchSet {
  name: string;
  train: Dataset;
  test: Dataset;
}

export function split(name: string, d: Dataset, seed = 42): BenchSet {
  const sp = splitIndices(d.nRows, 0.2, seed);
  return { name, train: takeRows(d, sp.train), test: takeRows(d, sp.test) };
}

export function synthetic(nRows: number, nFeatures: number, weights: number[], seed: number): Dataset {
  return makeClassification({ nRows, nFeatures, nInformative: 10, nRedundant: 5, nClasses: weights.length, weights, seed, classSep: 1 });
}

export function sharedDatasetsDir(repoRoot: string): string | null {
  return datasetsDir(repoRoot);
}

/** Minimal CSV reader for the two reference files (no quoted fields in them). */
function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function fromCsv(path: string, label: string, classOrder?: string[]): Dataset {
  const { header, rows } = readCsv(path);
  const li = header.indexOf(label);
  const numericCols = header
    .map((h, j) => ({ h, j }))
    .filter(({ j }) => j !== li && rows.every((r) => r[j] === '' || r[j] === 'NA' || Number.isFinite(Number(r[j]))));
  const features: FeatureSpec[] = numericCols.map(({ h }) => ({ name: h, type: 'numeric' }));
  const columns = numericCols.map(({ j }) => Float64Array.from(rows, (r) => (r[j] === '' || r[j] === 'NA' ? NaN : Number(r[j]))));
  const classes = classOrder ?? [...new Set(rows.map((r) => r[li]!))].sort();
  const y = Int32Array.from(rows, (r) => classes.indexOf(r[li]!));
  return { features, nRows: rows.length, columns, y, classes };
}

export function iris(dir: string): Dataset | null {
  const p = join(dir, 'iris/iris.csv');
  return existsSync(p) ? fromCsv(p, 'species') : null;
}

export function machineDowntime(dir: string): Dataset | null {
  const p = join(dir, 'machine-downtime/Machine_downtime.csv');
  return existsSync(p) ? fromCsv(p, 'Downtime', ['No_Machine_Failure', 'Machine_Failure']) : null;
}

/** CSV for the Python reference: features then the class index; NaN as an empty cell. */
export function toCsv(d: Dataset): string {
  const p = d.features.length;
  const out: string[] = [[...d.features.map((_, j) => `f${j}`), 'y'].join(',')];
  for (let i = 0; i < d.nRows; i++) {
    const cells: string[] = new Array(p + 1);
    for (let j = 0; j < p; j++) { const x = d.columns[j]![i]!; cells[j] = x === x ? String(x) : ''; }
    cells[p] = String(d.y[i]);
    out.push(cells.join(','));
  }
  return out.join('\n') + '\n';
}
