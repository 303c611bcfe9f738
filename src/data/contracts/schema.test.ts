import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContract } from './schema.js';
import { readyContract, readyContractNames, resolveContract } from './registry.js';
import { parseFrequency } from './frequency.js';
import { isFwError } from '../../core/errors.js';

const good = {
  name: 'pumps',
  columns: [
    { name: 'ts', type: 'timestamp', format: '%d-%m-%Y %H:%M' },
    { name: 'Pump ID', type: 'string' },
    { name: 'Hydraulic_Pressure(bar)', type: 'number', unit: 'bar', min: 0, plausible: { max: 400 }, nullable: true },
    { name: 'state', type: 'category', categories: ['on', 'off'] },
  ],
  unique: ['Pump ID', 'ts'],
  time: 'ts',
  entity: 'Pump ID',
  frequency: '15m',
};

test('a valid contract parses with defaults filled in and names kept exactly', () => {
  const c = parseContract(good, 'test');
  assert.equal(c.delimiter, ',');
  assert.equal(c.extraColumns, 'error');
  assert.equal(c.columns[2]!.name, 'Hydraulic_Pressure(bar)');
  assert.equal(c.columns[0]!.nullable, false);
  assert.equal(c.columns[2]!.nullable, true);
});

function fieldErrors(raw: unknown): string[] {
  try {
    parseContract(raw, 'bad.yaml');
  } catch (e) {
    assert.ok(isFwError(e));
    assert.equal(e.code, 'FW_ERR_DATA_CONTRACT_INVALID');
    assert.match(e.message, /bad\.yaml/);
    return (e.details as { errors: { path: string; message: string }[] }).errors.map((x) => x.message);
  }
  assert.fail('expected the contract to be refused');
}

test('field errors name the path and the rule', () => {
  const errs0 = fieldErrors({ ...good, columns: [{ ...good.columns[0], type: 'datetime' }, { name: 'x', type: 'number', min: 5, max: 1 }] });
  assert.ok(errs0.some((m) => m.startsWith('columns[0].type') && m.includes('"timestamp"')), errs0.join('\n'));
  assert.ok(errs0.some((m) => m.startsWith('columns[1].max') && m.includes('max (1) must be >= min (5)')), errs0.join('\n'));
  // Cross-field rules run once the columns themselves are valid.
  const errs = fieldErrors({ ...good, time: 'nope', unique: ['ts', 'y'] });
  assert.ok(errs.some((m) => m.startsWith('time') && m.includes('"nope"')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('unique[1]')), errs.join('\n'));
});

test('rules that do not fit the column type are refused', () => {
  const errs = fieldErrors({ columns: [{ name: 'a', type: 'string', min: 1, format: '%Y' }, { name: 'b', type: 'category' }, { name: 'c', type: 'number', max: Infinity }] });
  assert.ok(errs.some((m) => m.startsWith('columns[0].min')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('columns[0].format')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('columns[1].categories') && m.includes('needs its list')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('columns[2].max')), errs.join('\n'));
});

test('duplicate column names (case-insensitive), a non-timestamp time column and a bad frequency are refused', () => {
  const errs = fieldErrors({ columns: [{ name: 'Volt', type: 'number' }, { name: 'volt', type: 'number' }], time: 'Volt', frequency: 'hourly' });
  assert.ok(errs.some((m) => m.startsWith('columns[1].name') && m.includes('listed twice')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('time') && m.includes('type timestamp')), errs.join('\n'));
  assert.ok(errs.some((m) => m.startsWith('frequency')), errs.join('\n'));
});

test('frequencies parse to milliseconds', () => {
  assert.equal(parseFrequency('1h'), 3_600_000);
  assert.equal(parseFrequency('15m'), 900_000);
  assert.equal(parseFrequency('1d'), 86_400_000);
  assert.equal(parseFrequency('0h'), undefined);
  assert.equal(parseFrequency('h'), undefined);
});

test('every ready-made contract parses, and a miss lists the known names', async () => {
  const names = readyContractNames();
  for (const n of ['azure-pdm/telemetry', 'azure-pdm/errors', 'azure-pdm/maint', 'azure-pdm/failures', 'azure-pdm/machines', 'machine-downtime', 'intelligent-manufacturing', 'iris']) assert.ok(names.includes(n), n);
  for (const n of names) assert.equal(readyContract(n).name, n);
  assert.deepEqual(readyContract('azure-pdm/telemetry').unique, ['machineID', 'datetime']);
  assert.equal(readyContract('azure-pdm/telemetry').frequency, '1h');
  assert.throws(() => readyContract('azure-pdm/telemetri'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_CONTRACT_UNKNOWN' && e.message.includes('azure-pdm/telemetry') && e.message.includes('iris'));
  await assert.rejects(resolveContract('contracts/missing.yaml', '/tmp', 'data.tables.t.contract'), (e: unknown) => isFwError(e) && e.message.includes('data.tables.t.contract') && e.message.includes('missing.yaml'));
});
