import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateFleet } from './fleet.js';
import { NEW_MODEL } from './drift.js';
import { MODEL_SPECS } from './machine-models.js';

const base = { machines: 6, days: 40, seed: 11, start: '2015-10-01' };
const plain = simulateFleet(base);
const hourOfDay = (dt: string) => dt < '2015-10-20';

test('calibration drift: readings identical before the date, volt × gain + offset from it, other sensors untouched', () => {
  const d = simulateFleet({ ...base, drift: { calibration: { sensor: 'volt', from: '2015-10-20', gain: 1.08, offset: 0.5 } } });
  const a = plain.tables.telemetry, b = d.tables.telemetry;
  let before = 0, after = 0;
  for (let i = 0; i < a.volt.length; i++) {
    assert.equal(b.rotate[i], a.rotate[i]);
    assert.equal(b.vibration[i], a.vibration[i]);
    if (hourOfDay(a.datetime[i]!)) {
      assert.equal(b.volt[i], a.volt[i]);
      before++;
    } else {
      assert.ok(Math.abs(b.volt[i]! - (a.volt[i]! * 1.08 + 0.5)) < 1e-9);
      after++;
    }
  }
  assert.ok(before > 0 && after > 0);
  assert.deepEqual(d.tables.failures, plain.tables.failures, 'a sensor calibration changes no failure');
  const again = simulateFleet({ ...base, drift: { calibration: { sensor: 'volt', from: '2015-10-20', gain: 1.08, offset: 0.5 } } });
  assert.deepEqual(Array.from(again.tables.telemetry.volt), Array.from(b.volt), 'deterministic by seed');
});

test('a new machine model: the last machines become model5 and their means move from the date', () => {
  const d = simulateFleet({ ...base, drift: { newModel: { from: '2015-10-20', count: 2 } } });
  assert.deepEqual(d.tables.machines.map((m) => m.model).slice(-2), ['model5', 'model5']);
  assert.deepEqual(d.tables.machines.slice(0, 4), plain.tables.machines.slice(0, 4));
  const a = plain.tables.telemetry, b = d.tables.telemetry;
  for (let i = 0; i < a.volt.length; i++) {
    const machine = plain.tables.machines[a.machineID[i]! - 1]!;
    const replaced = a.machineID[i]! > 4 && !hourOfDay(a.datetime[i]!);
    const shift = replaced ? NEW_MODEL.baseline[0] - MODEL_SPECS[machine.model as keyof typeof MODEL_SPECS].baseline[0] : 0;
    assert.ok(Math.abs(b.volt[i]! - a.volt[i]! - shift) < 1e-9, `row ${i}`);
  }
});

test('concept drift: same failures, weaker precursors (fewer precursor errors) for failures after the date', () => {
  const d = simulateFleet({ ...base, machines: 30, days: 120, start: '2015-06-01', drift: { concept: { from: '2015-08-01', precursorScale: 0.2 } } });
  const p = simulateFleet({ ...base, machines: 30, days: 120, start: '2015-06-01' });
  assert.deepEqual(d.tables.failures, p.tables.failures);
  const late = (t: { errors: { datetime: string; errorID: string }[] }) => t.errors.filter((e) => e.datetime >= '2015-08-01' && e.errorID !== 'error5').length;
  assert.ok(late(d.tables) < late(p.tables), `${late(d.tables)} vs ${late(p.tables)} component errors after the date`);
  const early = (t: { errors: { datetime: string }[] }) => t.errors.filter((e) => e.datetime < '2015-07-01').length;
  assert.ok(Math.abs(early(d.tables) - early(p.tables)) <= early(p.tables) * 0.1);
});

test('bad drift options name the option and the rule', () => {
  assert.throws(() => simulateFleet({ ...base, drift: { calibration: { sensor: 'amps' as 'volt', from: '2015-10-20', gain: 1.1 } } }), /drift\.calibration\.sensor: expected one of volt, rotate/);
  assert.throws(() => simulateFleet({ ...base, drift: { calibration: { sensor: 'volt', from: '2015-13-01', gain: 1.1 } } }), /drift\.calibration\.from/);
  assert.throws(() => simulateFleet({ ...base, drift: { calibration: { sensor: 'volt', from: '2015-10-20' } } }), /gain ≠ 1 or an offset/);
  assert.throws(() => simulateFleet({ ...base, drift: { newModel: { from: '2015-10-20', count: 7 } } }), /drift\.newModel\.count: expected an integer in \[1, 6\]/);
  assert.throws(() => simulateFleet({ ...base, drift: { concept: { from: '2015-10-20', precursorScale: -1 } } }), /precursorScale/);
});
