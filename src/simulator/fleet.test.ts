import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateFleet, writeFleet, planFleet, countFleet } from './index.js';
import { isFwError } from '../core/errors.js';

const SMALL = { machines: 5, days: 30, seed: 11 };

test('same options and seed give byte-identical files; another seed gives different data', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fw-sim-'));
  try {
    await writeFleet(SMALL, join(root, 'a'));
    await writeFleet(SMALL, join(root, 'b'));
    await writeFleet({ ...SMALL, seed: 12 }, join(root, 'c'));
    const names = (await readdir(join(root, 'a'))).sort();
    assert.deepEqual(names, ['PdM_errors.csv', 'PdM_failures.csv', 'PdM_machines.csv', 'PdM_maint.csv', 'PdM_telemetry.csv']);
    for (const n of names) {
      const a = await readFile(join(root, 'a', n));
      assert.ok(a.equals(await readFile(join(root, 'b', n))), `${n} differs between two runs with the same seed`);
    }
    const ta = await readFile(join(root, 'a', 'PdM_telemetry.csv'), 'utf8');
    const tc = await readFile(join(root, 'c', 'PdM_telemetry.csv'), 'utf8');
    assert.notEqual(ta, tc);
    assert.equal((await readdir(join(root, 'a'))).filter((f) => f.endsWith('.tmp')).length, 0, 'no temp files left behind');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('headers and row formats match the Azure PdM (Kaggle) files exactly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-sim-'));
  try {
    const r = await writeFleet(SMALL, dir);
    // Header lines copied from the real files (PdM_*.csv, Kaggle mirror).
    const expected: Record<string, [string, RegExp]> = {
      'PdM_telemetry.csv': ['"datetime","machineID","volt","rotate","pressure","vibration"', /^\d{4}-\d\d-\d\d \d\d:00:00,\d+(,-?\d+(\.\d+)?(e-?\d+)?){4}$/],
      'PdM_errors.csv': ['"datetime","machineID","errorID"', /^\d{4}-\d\d-\d\d \d\d:00:00,\d+,"error[1-5]"$/],
      'PdM_maint.csv': ['"datetime","machineID","comp"', /^\d{4}-\d\d-\d\d 06:00:00,\d+,"comp[1-4]"$/],
      'PdM_failures.csv': ['"datetime","machineID","failure"', /^\d{4}-\d\d-\d\d 06:00:00,\d+,"comp[1-4]"$/],
      'PdM_machines.csv': ['"machineID","model","age"', /^\d+,"model[1-4]",\d+$/],
    };
    for (const [file, [header, row]] of Object.entries(expected)) {
      const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
      assert.equal(lines.pop(), '', `${file} ends with a newline`);
      assert.equal(lines[0], header, file);
      for (const [i, l] of lines.slice(1).entries()) assert.match(l, row, `${file} line ${i + 2}`);
    }
    const tel = (await readFile(join(dir, 'PdM_telemetry.csv'), 'utf8')).split('\n');
    assert.equal(tel.length - 2, 5 * 30 * 24);
    assert.equal(r.counts.telemetry, 5 * 30 * 24);
    assert.ok(tel[1]!.startsWith('2015-01-01 06:00:00,1,'), 'hourly readings start at 06:00 like Azure PdM');
    assert.ok(tel[2]!.startsWith('2015-01-01 07:00:00,1,'));
    assert.ok(tel[721]!.startsWith('2015-01-01 06:00:00,2,'), 'rows are ordered by machine, then time');
    const maint = (await readFile(join(dir, 'PdM_maint.csv'), 'utf8')).split('\n');
    assert.ok(maint[1]! < '2015-01-01', 'maintenance history starts before the telemetry (warm-up)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CRLF option writes CRLF line endings', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-sim-'));
  try {
    await writeFleet({ machines: 2, days: 2, seed: 1, lineEnding: '\r\n' }, dir);
    const text = await readFile(join(dir, 'PdM_machines.csv'), 'utf8');
    assert.equal(text, text.split(/\r?\n/).filter(Boolean).join('\r\n') + '\r\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('fleet-level rates resemble Azure PdM (761 failures, 3,919 errors, 3,286 maintenance per 100 machines)', () => {
  const c = countFleet(planFleet({ machines: 100, days: 365, seed: 3 }));
  assert.ok(c.failures > 600 && c.failures < 950, `failures ${c.failures}`);
  assert.ok(c.errors > 2800 && c.errors < 5000, `errors ${c.errors}`);
  assert.ok(c.maint > 2500 && c.maint < 4500, `maintenance ${c.maint}`);
  assert.ok(c.failuresByComponent.comp2 > c.failuresByComponent.comp3, 'comp2 fails more often than comp3, as in Azure PdM');
});

test('a machine is the same whatever the fleet size (per-machine random streams)', () => {
  const a = simulateFleet({ machines: 2, days: 10, seed: 5 });
  const b = simulateFleet({ machines: 4, days: 10, seed: 5 });
  const n = 2 * 10 * 24;
  assert.deepEqual(Array.from(b.tables.telemetry.volt.subarray(0, n)), Array.from(a.tables.telemetry.volt));
  assert.deepEqual(b.tables.machines.slice(0, 2), a.tables.machines);
});

test('bad options fail with a code and a message naming the option', () => {
  const cases: [unknown, RegExp][] = [
    [{ machines: 0, days: 1, seed: 1 }, /^machines: .*\[1, 100000\]/],
    [{ machines: 1.5, days: 1, seed: 1 }, /^machines: expected an integer/],
    [{ machines: 1, days: 'x', seed: 1 }, /^days: expected an integer, got "x"/],
    [{ machines: 1, days: 1, seed: -1 }, /^seed: /],
    [{ machines: 1, days: 1, seed: Number.NaN }, /^seed: /],
    [{ machines: 1, days: 1, seed: 1, start: '2015-02-30' }, /^start: 2015-02-30 is not a calendar date/],
    [{ machines: 1, days: 1, seed: 1, start: '01/01/2015' }, /^start: expected a date YYYY-MM-DD/],
    [{ machines: 1, days: 1, seed: 1, physics: { weibullShape: Infinity } }, /^physics.weibullShape/],
    [{ machines: 1, days: 1, seed: 1, physics: { nope: 1 } }, /^physics.nope: unknown parameter/],
    [null, /^options: /],
  ];
  for (const [opts, msg] of cases) {
    assert.throws(() => simulateFleet(opts as never), (e: unknown) => {
      assert.ok(isFwError(e), `not an FwError for ${JSON.stringify(opts)}`);
      assert.equal(e.code, 'FW_ERR_SIM_INVALID_OPTION');
      assert.match(e.message, msg);
      return true;
    });
  }
  assert.throws(() => simulateFleet({ machines: 100_000, days: 36_500, seed: 1 }), /FW_ERR_SIM_TOO_LARGE|in-memory limit/);
});

test('error records are unique per (datetime, machineID, errorID), as the Azure PdM contract requires', () => {
  const { tables } = simulateFleet({ machines: 30, days: 365, seed: 3 });
  const keys = new Set<string>();
  for (const e of tables.errors) {
    const k = `${e.datetime}|${e.machineID}|${e.errorID}`;
    assert.ok(!keys.has(k), `duplicate error record ${k}`);
    keys.add(k);
  }
  assert.ok(keys.size > 500, 'the fleet still logs errors');
});
