import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseConfig } from '../../config/load.js';
import { openDuck } from '../../data/duckdb.js';
import { Rng } from '../../core/random.js';
import { resolveFeatureSpec } from '../resolve.js';
import { buildFeatureTable } from '../offline/build.js';
import { toDataset } from '../dataset.js';
import { splitRows } from '../split.js';
import { checkParity } from '../parity.js';
import { createTable, at, type Cell } from '../test-support.js';

// Compiled to dist/src/features/examples/; the YAML stays in src/ (resolved from the repo root).
const here = dirname(fileURLToPath(import.meta.url));
const yamlPath = join(here, '..', '..', '..', '..', 'src', 'features', 'examples', 'azure-pdm.yaml');

test('the classic Azure PdM feature set is expressible in config alone and runs end to end on Azure-shaped tables', async () => {
  const cfg = parseConfig(readFileSync(yamlPath, 'utf8'), 'azure-pdm.yaml');
  const rng = new Rng(5);
  const duck = await openDuck(':memory:', 1);
  try {
    const tel: Cell[][] = [];
    const errors: Cell[][] = [];
    const maint: Cell[][] = [];
    const failures: Cell[][] = [];
    for (let m = 1; m <= 3; m++) {
      for (let h = 0; h < 24 * 30; h++) {
        tel.push([at(h), m, 170 + 10 * rng.normal(), 450 + 40 * rng.normal(), 100 + 8 * rng.normal(), 40 + 4 * rng.normal()]);
        if (rng.next() < 0.03) errors.push([at(h), m, `error${1 + rng.int(5)}`]);
      }
      maint.push([at(-24 * 30), m, 'comp1'], [at(-24 * 10), m, 'comp2']);
      failures.push([at(100 + m), m, `comp${m}`]);
      maint.push([at(100 + m), m, `comp${m}`]);
    }
    await createTable(duck, 'telemetry', { datetime: 'TIMESTAMP', machineID: 'INTEGER', volt: 'DOUBLE', rotate: 'DOUBLE', pressure: 'DOUBLE', vibration: 'DOUBLE' }, tel);
    await createTable(duck, 'errors', { datetime: 'TIMESTAMP', machineID: 'INTEGER', errorID: 'VARCHAR' }, errors);
    await createTable(duck, 'maint', { datetime: 'TIMESTAMP', machineID: 'INTEGER', comp: 'VARCHAR' }, maint);
    await createTable(duck, 'failures', { datetime: 'TIMESTAMP', machineID: 'INTEGER', failure: 'VARCHAR' }, failures);
    await createTable(duck, 'machines', { machineID: 'INTEGER', model: 'VARCHAR', age: 'INTEGER' }, [[1, 'model3', 18], [2, 'model4', 7], [3, 'model2', 8]]);

    const spec = await resolveFeatureSpec(duck, cfg.features!, cfg.label);
    const names = spec.features.map((f) => f.name);
    for (const n of ['volt_mean_3h', 'volt_std_24h', 'vibration_mean_24h', 'error1_count_24h', 'error5_count_24h', 'comp2_days_since', 'comp4_days_since', 'model', 'age']) assert.ok(names.includes(n), n);
    assert.equal(names.length, 4 * 2 * 2 + 5 + 4 + 2);
    const built = await buildFeatureTable(duck, spec, 'features');
    assert.equal(built.rows, 3 * 720 / 3); // every 3h

    const fd = await toDataset(duck, 'features', spec);
    assert.deepEqual(fd.classes, ['none', 'comp1', 'comp2', 'comp3', 'comp4']);
    assert.equal(fd.unlabelled, 3 * 8); // the last 24h of each machine
    // Machine 2 fails (comp2) at hour 102: points at 81..99 (every 3h) have it within (t, t+24h].
    const m2 = [...fd.entity.keys()].filter((i) => fd.entityNames[fd.entity[i]!] === '2');
    const comp2 = m2.filter((i) => fd.dataset.y[i] === 2).map((i) => (fd.time[i]! - at(0).getTime()) / 3_600_000);
    assert.deepEqual(comp2, [78, 81, 84, 87, 90, 93, 96, 99]);
    const days = fd.dataset.columns[names.indexOf('comp2_days_since')]!;
    assert.equal(days[m2[0]!], 10); // replaced 10 days before the first point
    assert.equal(fd.dataset.features[names.indexOf('model')]!.type, 'categorical');

    const split = splitRows({ y: fd.dataset.y, classes: fd.classes, time: fd.time, entity: fd.entity }, cfg.split!, { labelKind: 'event', horizonMs: spec.label!.kind === 'event' ? spec.label!.horizonMs : 0, seed: cfg.project.seed });
    assert.ok(split.train.length > 0 && split.validation!.length > 0 && split.test.length > 0);
    assert.equal(split.boundaries!.gapMs, 24 * 3_600_000);

    const parity = await checkParity(duck, spec);
    assert.deepEqual(parity.mismatches, []);
  } finally {
    duck.close();
  }
});
