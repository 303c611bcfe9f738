import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../config/load.js';
import { isFwError } from '../core/errors.js';
import { loadContractFile, resolveContract } from './contracts/registry.js';
import { tempDir } from './test-support.js';

const tmp = tempDir('fw-data-config-');
after(() => tmp.cleanup());

const head = 'version: 1\nproject: { name: t }\n';

test('the data section takes ready-made names, contract files and inline contracts, with defaults', () => {
  const c = parseConfig(`${head}data:\n  tables:\n    telemetry: { path: t.csv, contract: azure-pdm/telemetry }\n    mine: { path: m.csv, contract: contracts/m.yaml }\n    inline:\n      path: i.csv\n      contract: { columns: [{ name: "Packet_Loss_%", type: number, min: 0, max: 100 }] }\n`);
  assert.equal(c.data!.maxQuarantineFraction, 0.01);
  assert.equal(c.data!.maxLineBytes, 1 << 20);
  const inline = c.data!.tables.inline!.contract;
  assert.ok(typeof inline === 'object' && inline.columns[0]!.name === 'Packet_Loss_%');
});

test('an invalid inline contract or table name is refused with the full field path', () => {
  assert.throws(
    () => parseConfig(`${head}data:\n  tables:\n    t: { path: t.csv, contract: { columns: [{ name: a, type: float }] } }\n`),
    (e: unknown) => isFwError(e) && e.code === 'FW_ERR_CONFIG_INVALID' && /data\.tables\.t\.contract/.test(e.message),
  );
  assert.throws(
    () => parseConfig(`${head}data:\n  tables:\n    "bad name": { path: t.csv, contract: iris }\n  maxQuarantineFraction: 2\n`),
    (e: unknown) => isFwError(e) && /data\.tables\.bad name/.test(e.message) && /data\.maxQuarantineFraction/.test(e.message),
  );
});

test('contract files: YAML errors give the line, schema errors the field, relative paths resolve against the project', async () => {
  tmp.file('broken.yaml', 'columns:\n  - name: a\n    type: number\n   bad: indent\n');
  await assert.rejects(loadContractFile(`${tmp.dir}/broken.yaml`), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_CONTRACT_INVALID' && /broken\.yaml line \d+/.test(e.message));
  tmp.file('wrong.yaml', 'columns:\n  - name: a\n    type: number\n    min: "zero"\n');
  await assert.rejects(loadContractFile(`${tmp.dir}/wrong.yaml`), (e: unknown) => isFwError(e) && /columns\[0\]\.min/.test(e.message));
  tmp.file('ok.yaml', 'name: mine\ncolumns:\n  - name: "Spindle_Bearing_Temperature(?C)"\n    type: number\n    unit: °C\n');
  const c = await resolveContract('ok.yaml', tmp.dir, 'data.tables.t.contract');
  assert.equal(c.columns[0]!.name, 'Spindle_Bearing_Temperature(?C)');
  assert.equal(c.columns[0]!.unit, '°C');
});
