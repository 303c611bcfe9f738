import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../config/load.js';
import { openDuck } from '../data/duckdb.js';
import { attachProjectTables, buildProjectFeatures } from './project-features.js';
import type { FwError } from '../core/errors.js';

/** Data without time or entity (iris-like): base columns, a column label with a declared positive class, stratified split. */
test('a project without time: columns + column label + stratified split, from the validated snapshot of data.tables', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-prep-'));
  const duck = await openDuck(':memory:', 1);
  try {
    await mkdir(join(dir, 'data'));
    const rows = ['Sepal Length (cm),petal_width,Downtime'];
    for (let i = 0; i < 60; i++) rows.push(`${(4 + (i % 7) * 0.3).toFixed(1)},${i % 3 === 0 ? '' : (i % 5) * 0.4},${i % 4 === 0 ? 'Machine_Failure' : 'No_Machine_Failure'}`);
    await writeFile(join(dir, 'data', 'd.csv'), rows.join('\n') + '\n');
    await writeFile(
      join(dir, 'forewarn.yaml'),
      `project: {name: p, seed: 3}
data: {tables: {downtime: {path: data/d.csv, contract: {columns: [{name: 'Sepal Length (cm)', type: number}, {name: petal_width, type: number, nullable: true}, {name: Downtime, type: category, categories: [Machine_Failure, No_Machine_Failure]}]}}}}
features:
  base: {table: downtime}
  columns: ['Sepal Length (cm)', petal_width]
label: {kind: column, column: Downtime, positive: Machine_Failure}
split: {kind: stratified, testFraction: 0.25}
`,
    );
    const project = await loadProject(dir);
    const attached = await attachProjectTables(duck, project);
    assert.deepEqual(attached.tables, ['downtime']);
    assert.match(attached.datasetHash, /^[0-9a-f]{16,}$/);
    const p = await buildProjectFeatures(project);
    assert.deepEqual(p.data.classes, ['No_Machine_Failure', 'Machine_Failure']);
    assert.equal(p.data.dataset.nRows, 60);
    assert.deepEqual(p.data.dataset.features.map((f) => f.name), ['Sepal Length (cm)', 'petal_width']);
    assert.ok(Number.isNaN(p.data.dataset.columns[1]![0]!)); // empty CSV cell → missing
    assert.ok(p.data.time.every((t) => Number.isNaN(t)));
    assert.deepEqual(p.split!.counts.test, { No_Machine_Failure: 11, Machine_Failure: 4 });
    assert.equal(p.split!.sizes.train + p.split!.sizes.test, 60);
    assert.equal(p.datasetHash, attached.datasetHash, 'the features come from the same snapshot the tables were attached from');

    await writeFile(join(dir, 'forewarn.yaml'), `project: {name: p}\ndata: {tables: {downtime: {path: data/missing.csv, contract: iris}}}\n`);
    const broken = await loadProject(dir);
    await assert.rejects(attachProjectTables(duck, broken), (e: FwError) => e.code === 'FW_ERR_DATA_FILE_NOT_FOUND' && /data\.tables\.downtime\.path/.test(e.message));
  } finally {
    duck.close();
    await rm(dir, { recursive: true, force: true });
  }
});
