import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../config/load.js';
import { openDuck } from '../duckdb.js';
import { ingestProject } from '../ingest.js';
import { readManifest } from './manifest.js';
import { attachSnapshot, openSnapshot } from './attach.js';
import { isFwError } from '../../core/errors.js';
import { tempDir } from '../test-support.js';

const tmp = tempDir('fw-snapshot-');
after(() => tmp.cleanup());

const ROWS = ['2015-01-01 06:00:00,1,176.2,418.5,113.1,45.1', '2015-01-01 07:00:00,1,162.9,402.7,95.5,43.4', '2015-01-01 06:00:00,2,170.0,440.0,100.0,40.0'];

function project(name: string, csv: string, extra = ''): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'telemetry.csv'), csv);
  writeFileSync(join(dir, 'forewarn.yaml'), `version: 1\nproject: { name: ${name} }\ndata:\n  tables:\n    telemetry: { path: telemetry.csv, contract: azure-pdm/telemetry }\n${extra}`);
  return dir;
}

const HEADER = 'datetime,machineID,volt,rotate,pressure,vibration';

test('ingest writes Parquet + manifest under the content hash; attachSnapshot exposes the table as a typed view', async () => {
  const dir = project('a', `${HEADER}\n${ROWS.join('\n')}\n`);
  const r = await ingestProject(await loadProject(dir), { progress: 'silent' });
  assert.match(r.datasetHash, /^[0-9a-f]{64}$/);
  assert.equal(r.created, true);
  assert.equal(r.tables.telemetry!.accepted, 3);
  assert.ok(existsSync(r.tables.telemetry!.parquetPath));
  assert.equal(r.tables.telemetry!.parquetPath, join(dir, '.forewarn', 'datasets', r.datasetHash, 'telemetry.parquet'));
  const m = await readManifest(join(dir, '.forewarn'), r.datasetHash);
  assert.equal(m.tables.telemetry!.rows, 3);
  assert.equal(m.tables.telemetry!.contract.name, 'azure-pdm/telemetry');
  assert.equal(m.tables.telemetry!.source.sha256.length, 64);
  const duck = await openDuck(':memory:', 1);
  try {
    await attachSnapshot(duck, m, join(dir, '.forewarn'));
    const types = await duck.all<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe telemetry)`);
    assert.deepEqual(types.map((t) => `${t.column_name}:${t.column_type}`), ['datetime:TIMESTAMP', 'machineID:BIGINT', 'volt:DOUBLE', 'rotate:DOUBLE', 'pressure:DOUBLE', 'vibration:DOUBLE']);
    const rows = await duck.all<{ n: number; v: number }>(`select count(*)::int as n, sum(volt) as v from telemetry`);
    assert.equal(rows[0]!.n, 3);
    assert.ok(Math.abs(rows[0]!.v - (176.2 + 162.9 + 170.0)) < 1e-9);
  } finally {
    duck.close();
  }
  // Identical data again: same hash, nothing written.
  const again = await ingestProject(await loadProject(dir), { progress: 'silent' });
  assert.equal(again.datasetHash, r.datasetHash);
  assert.equal(again.created, false);
});

test('the hash follows content, not bytes: CRLF, quoting and number spelling do not change it; a value or the contract does', async () => {
  const base = await ingestProject(await loadProject(project('b1', `${HEADER}\n${ROWS.join('\n')}\n`)), { progress: 'silent', reportDir: false });
  const crlfQuoted = `"datetime","machineID","volt","rotate","pressure","vibration"\r\n${ROWS.map((r) => r.replace('176.2', '176.20').replace(/,(\d)$/, ',$1')).join('\r\n')}\r\n`;
  const same = await ingestProject(await loadProject(project('b2', crlfQuoted)), { progress: 'silent', reportDir: false });
  assert.equal(same.datasetHash, base.datasetHash);
  const changed = await ingestProject(await loadProject(project('b3', `${HEADER}\n${ROWS.join('\n').replace('162.9', '162.8')}\n`)), { progress: 'silent', reportDir: false });
  assert.notEqual(changed.datasetHash, base.datasetHash);
  const reordered = await ingestProject(await loadProject(project('b4', `${HEADER}\n${[ROWS[1], ROWS[0], ROWS[2]].join('\n')}\n`)), { progress: 'silent', reportDir: false });
  assert.notEqual(reordered.datasetHash, base.datasetHash, 'row order is part of the content');
  const inline = `    telemetry2: { path: telemetry.csv, contract: { columns: [{ name: datetime, type: timestamp }, { name: machineID, type: integer }, { name: volt, type: number }, { name: rotate, type: number }, { name: pressure, type: number }, { name: vibration, type: number }] } }\n`;
  const dir5 = project('b5', `${HEADER}\n${ROWS.join('\n')}\n`);
  writeFileSync(join(dir5, 'forewarn.yaml'), `version: 1\nproject: { name: b5 }\ndata:\n  tables:\n${inline.replace('telemetry2', 'telemetry')}`);
  const otherContract = await ingestProject(await loadProject(dir5), { progress: 'silent', reportDir: false });
  assert.notEqual(otherContract.datasetHash, base.datasetHash);
  assert.equal(otherContract.manifest.tables.telemetry!.contentHash, base.manifest.tables.telemetry!.contentHash, 'same accepted content, different contract');
});

test('above the quarantine threshold ingest fails with exit 3, writes the report, and no snapshot', async () => {
  const bad = [...ROWS, '2015-01-01 08:00:00,1,-5,400,100,40'];
  const dir = project('c', `${HEADER}\n${bad.join('\n')}\n`, '  maxQuarantineFraction: 0.1\n');
  await assert.rejects(ingestProject(await loadProject(dir), { progress: 'silent' }), (e: unknown) => {
    assert.ok(isFwError(e));
    assert.equal(e.code, 'FW_ERR_DATA_QUARANTINE_THRESHOLD');
    assert.equal(e.exit, 3);
    assert.match(e.message, /telemetry: 1 of 4 rows quarantined \(25\.00%\)/);
    return true;
  });
  assert.ok(existsSync(join(dir, '.forewarn', 'validation', 'report.json')));
  assert.match(readFileSync(join(dir, '.forewarn', 'validation', 'telemetry.quarantine.csv'), 'utf8'), /5,"volt: min \(value ""-5""\)"/);
  assert.equal(existsSync(join(dir, '.forewarn', 'datasets')), false);
});

test('a missing or edited snapshot is refused with a clear error', async () => {
  const dir = project('d', `${HEADER}\n${ROWS.join('\n')}\n`);
  const r = await ingestProject(await loadProject(dir), { progress: 'silent', reportDir: false });
  const state = join(dir, '.forewarn');
  const duck = await openDuck(':memory:', 1);
  try {
    await assert.rejects(openSnapshot(duck, state, 'f'.repeat(64)), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_SNAPSHOT_NOT_FOUND');
    await assert.rejects(openSnapshot(duck, state, 'nope'), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_SNAPSHOT_NOT_FOUND');
    const mpath = join(r.dir, 'manifest.json');
    const m = JSON.parse(readFileSync(mpath, 'utf8'));
    m.tables.telemetry.rows = 2;
    writeFileSync(mpath, JSON.stringify(m));
    await assert.rejects(openSnapshot(duck, state, r.datasetHash), (e: unknown) => isFwError(e) && e.code === 'FW_ERR_DATA_SNAPSHOT_CORRUPT' && e.message.includes('manifest was edited'));
  } finally {
    duck.close();
  }
});
