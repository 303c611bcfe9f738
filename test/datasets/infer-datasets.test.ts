/**
 * `data infer` on the real files of the dataset suite: the time, entity, label and row-id columns it guesses, each
 * with a reason. Skips loudly without the datasets folder (see datasets.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inferContract } from '../../src/data/infer/infer.js';
import { datasetsCandidates, datasetsDir } from '../support/datasets-dir.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATA = datasetsDir(repoRoot);
if (!DATA) console.error(`\n!!! data infer dataset tests SKIPPED: no datasets folder at ${datasetsCandidates(repoRoot).join(' or ')} !!!\n`);
const skip = DATA ? false : 'datasets folder not found';

interface Want { time?: string; entity?: string; label?: string; unique?: string[]; ids?: string[] }
const CASES: [string, Want][] = [
  ['machine-downtime/Machine_downtime.csv', { time: 'Date', entity: 'Machine_ID', label: 'Downtime' }],
  ['machine-downtime/Machine_downtime_cleaned.SirTee12.csv', { time: 'Date', entity: 'Machine_ID', label: 'Downtime' }],
  ['iris/iris.csv', { label: 'species' }],
  ['iris/iris.seaborn-data.csv', { label: 'species' }],
  ['intelligent-manufacturing/RawData.excel-export-sample.csv', { time: 'Timestamp', entity: 'Machine_ID', label: 'Efficiency_Status' }],
  ['azure-pdm/PdM_telemetry.subset-m001-020-2015Q1.csv', { time: 'datetime', entity: 'machineID', unique: ['machineID', 'datetime'] }],
  ['azure-pdm/PdM_failures.csv', { time: 'datetime', entity: 'machineID', label: 'failure' }],
  ['azure-pdm/PdM_errors.csv', { time: 'datetime', entity: 'machineID' }],
  ['azure-pdm/PdM_machines.csv', { unique: ['machineID'], ids: ['machineID'] }],
];

for (const [rel, want] of CASES) {
  test(`data infer ${rel}: time ${want.time ?? '-'}, entity ${want.entity ?? '-'}, label ${want.label ?? '-'}, each with its reason`, { skip }, async () => {
    const r = await inferContract(join(DATA!, rel));
    const c = r.contract;
    assert.equal(c.time, want.time, 'time');
    assert.equal(c.entity, want.entity, 'entity');
    assert.equal(c.label, want.label, 'label');
    if (want.unique) assert.deepEqual(c.unique, want.unique);
    for (const id of want.ids ?? []) assert.ok(r.notes.some((n) => n.startsWith(`id ${id}: `)), `id ${id} noted: ${r.notes.join(' | ')}`);
    // every guess is explained, in the notes and next to the key in the YAML
    for (const k of ['time', 'entity', 'label'] as const) {
      if (!c[k]) continue;
      assert.ok(r.notes.some((n) => n.startsWith(`${k} ${c[k]}: `)), `${k} reason in notes: ${r.notes.join(' | ')}`);
      assert.match(r.yaml, new RegExp(`# guessed: ${c[k]!.replace(/[()?]/g, '\\$&')}: .*\\n${k}: `));
    }
  });
}
