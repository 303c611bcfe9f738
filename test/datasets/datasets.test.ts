/**
 * Dataset suite: every file in ../shared/datasets loads and validates with its ready-made contract, with exact row
 * counts and zero unexpected quarantines. Run with `npm run test:datasets`. The data folder is `../shared/datasets`
 * relative to the repo root, or the folder named by FOREWARN_DATASETS; when it is absent the suite skips loudly.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, type Duck } from '../../src/data/duckdb.js';
import { readyContract } from '../../src/data/contracts/registry.js';
import { validateTable, type TableValidation } from '../../src/data/validate/validate-table.js';
import { sha256File } from '../../src/core/hash.js';
import { loadProject } from '../../src/config/load.js';
import { ingestProject } from '../../src/data/ingest.js';
import { literal } from '../../src/data/duckdb.js';
import { datasetsCandidates, datasetsDir } from '../support/datasets-dir.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const candidates = datasetsCandidates(repoRoot);
const DATA = datasetsDir(repoRoot);
if (!DATA) console.error(`\n!!! dataset suite SKIPPED: no datasets folder at ${candidates.join(' or ')} !!!\n`);
const skip = DATA ? false : 'datasets folder not found';

let duck: Duck;
before(async () => { duck = await openDuck(':memory:', 2); });
after(() => duck?.close());

const SHA: Record<string, string> = {
  'machine-downtime/Machine_downtime.csv': 'f24a3f6b6b24545e699976b0d739a142767047f23063679936e6792d9d2eb63d',
  'machine-downtime/Machine_downtime_cleaned.SirTee12.csv': 'e56fb10f6d0a7b0d0b8c448646845c4499b24ab854424418e1ce56ea3f887ca0',
  'azure-pdm/PdM_errors.csv': '9c2a2a010ad77227e2bb0c94e7971bca78810790ddd1f28a8bee4f12c2f62370',
  'azure-pdm/PdM_failures.csv': '0c6c31a4fd52ef2df95ad7c44e8b0c8c32917bcef29ba5a1ba3ba45531ded3b7',
  'azure-pdm/PdM_machines.csv': '5e8e1571c4999bf88abb7cae3925964c218d946fe851a9a100bb3d19330652bc',
  'azure-pdm/PdM_maint.csv': '481ed4e155f609e6ca6130754d2c035453093902a507cce5b3f3e235995f1db6',
  'azure-pdm/PdM_telemetry.subset-m001-020-2015Q1.csv': '6d5aeb13d7141cf32944ff0db803c948be830c5ff54b6492625f708e9d18ad44',
  'azure-pdm/PdM_telemetry.format-sample.csv': '2d83b59a8c5dd92c219839b488a1f40392cbf6e0f704e7a3d6fc8298ff1afd6e',
  'azure-pdm/variants/year-shifted-2019-2021/PdM_errors.csv': '1454d77fb6e9c942b80268f09b94d5d2f6c42f78ba7d881defcf16b43ea43dd1',
  'azure-pdm/variants/year-shifted-2019-2021/PdM_failures.csv': '56e2eba2b51f6bdd66665caadbf72d82f0550bb4d5097a469100e4585569c5fa',
  'azure-pdm/variants/year-shifted-2019-2021/PdM_machines.csv': '711f25f2e88ebd77ba1633f347edb0fd8144bfd7a1ff1ba30fe245e7e04dafb0',
  'azure-pdm/variants/year-shifted-2019-2021/PdM_maint.csv': '5cbc10bb7034cb6b2346764916fec0faf9bfaccdf4229da57bba0692d562c644',
  'intelligent-manufacturing/RawData.excel-export-sample.csv': '51a2896a525beab71ca50c183907b9ec29ab9ce62e8b344719e711a35974d8c7',
  'iris/iris.csv': 'd32f10723d055c863a7e257d933706ec4fb6e9ec60e9567f68e377bbc6ca9da9',
  'iris/iris.seaborn-data.csv': '9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355',
};

let n = 0;
async function check(rel: string, contract: string, rows: number, quarantined = 0): Promise<TableValidation> {
  const file = join(DATA!, rel);
  if (SHA[rel]) assert.equal(await sha256File(file), SHA[rel], `${rel} is the file the README lists`);
  const v = await validateTable(duck, `t${n++}`, file, readyContract(contract));
  assert.equal(v.rows, rows, `${rel}: rows`);
  assert.equal(v.quarantined, quarantined, `${rel}: quarantined ${JSON.stringify(v.counts)}`);
  assert.equal(v.accepted + v.quarantined, v.rows);
  return v;
}

/** Accepted rows equal what DuckDB's own CSV reader makes of the file: the data loads unchanged. */
async function unchanged(v: TableValidation, cols: string): Promise<void> {
  const [r] = await duck.all<{ d: number }>(`select count(*)::int as d from (select ${cols} from ${v.duckTables.accepted} except all select ${cols} from read_csv(${literal(v.file)}))`);
  assert.equal(r!.d, 0, `${v.file}: every accepted row equals DuckDB's reading of the file`);
}

const warnings = (v: TableValidation) => Object.fromEntries(v.counts.filter((c) => c.severity === 'warning').map((c) => [`${c.column}:${c.rule}`, c.count]));

test('Azure PdM telemetry subset and 4-row format sample load unchanged, hourly, without gaps', { skip }, async () => {
  const v = await check('azure-pdm/PdM_telemetry.subset-m001-020-2015Q1.csv', 'azure-pdm/telemetry', 43_200);
  assert.deepEqual(v.counts, []);
  assert.equal(v.health!.entities, 20);
  assert.equal(v.health!.gaps, 0);
  assert.equal(v.health!.duplicates, 0);
  assert.equal(v.health!.outOfOrder, 0);
  assert.equal(v.health!.first, '2015-01-01 06:00:00');
  assert.equal(v.health!.last, '2015-04-01 05:00:00');
  await unchanged(v, 'datetime, machineID, volt, rotate, pressure, vibration');
  const s = await check('azure-pdm/PdM_telemetry.format-sample.csv', 'azure-pdm/telemetry', 4);
  await unchanged(s, 'datetime, machineID, volt, rotate, pressure, vibration');
});

test('Azure PdM event tables (original dates and the year-shifted variant) validate with exact counts', { skip }, async () => {
  for (const prefix of ['azure-pdm/', 'azure-pdm/variants/year-shifted-2019-2021/']) {
    const e = await check(`${prefix}PdM_errors.csv`, 'azure-pdm/errors', 3_919);
    const f = await check(`${prefix}PdM_failures.csv`, 'azure-pdm/failures', 761);
    const m = await check(`${prefix}PdM_maint.csv`, 'azure-pdm/maint', 3_286);
    const mc = await check(`${prefix}PdM_machines.csv`, 'azure-pdm/machines', 100);
    for (const v of [e, f, m, mc]) assert.deepEqual(v.counts, [], v.file);
    // Several errors share a machine-hour; 42 pairs of components fail at the same hour: reported, kept.
    assert.equal(f.health!.duplicates, 42);
    assert.equal(e.health!.entities, 100);
    assert.equal(f.format.crlf > 0, prefix === 'azure-pdm/');
  }
});

test('Machine downtime: DD-MM-YYYY dates, CRLF, ? headers, 143 empty cells kept, odd readings warned not quarantined', { skip }, async () => {
  const v = await check('machine-downtime/Machine_downtime.csv', 'machine-downtime', 2_500);
  assert.deepEqual(warnings(v), { 'Hydraulic_Pressure(bar):plausible_min': 1, 'Spindle_Vibration(?m):plausible_min': 1, 'Spindle_Speed(RPM):plausible_min': 7 });
  const cols = readyContract('machine-downtime').columns.filter((c) => c.nullable).map((c) => `count(*) filter (where "${c.name}" is null)`);
  const [nulls] = await duck.all<{ n: number }>(`select (${cols.join(' + ')})::int as n from ${v.duckTables.accepted}`);
  assert.equal(nulls!.n, 143);
  const labels = await duck.all<{ d: string; n: number }>(`select Downtime as d, count(*)::int as n from ${v.duckTables.accepted} group by 1 order by 1`);
  assert.deepEqual(labels, [{ d: 'Machine_Failure', n: 1_265 }, { d: 'No_Machine_Failure', n: 1_235 }]);
  const [d] = await duck.all<{ lo: string; hi: string }>(`select min("Date")::varchar as lo, max("Date")::varchar as hi from ${v.duckTables.accepted}`);
  assert.deepEqual(d, { lo: '2021-11-24 00:00:00', hi: '2022-07-03 00:00:00' });

  const s = await check('machine-downtime/format-sample.csv', 'machine-downtime', 6);
  // The hand-written sample's deliberate defects: two empty cells, dates out of order.
  assert.equal(s.health!.outOfOrder, 1);
  const [sn] = await duck.all<{ n: number }>(`select (count(*) filter (where "Torque(Nm)" is null) + count(*) filter (where "Hydraulic_Pressure(bar)" is null))::int as n from ${s.duckTables.accepted}`);
  assert.equal(sn!.n, 2);
  const c = await check('machine-downtime/Machine_downtime_cleaned.SirTee12.csv', 'machine-downtime/cleaned-si', 2_487);
  assert.deepEqual(c.counts, []);
});

test('Intelligent manufacturing: BOM, CRLF, DD-MM-YYYY HH:MM; the 17 Excel duplicates are the only quarantines', { skip }, async () => {
  const v = await check('intelligent-manufacturing/RawData.excel-export-sample.csv', 'intelligent-manufacturing', 217, 17);
  assert.equal(v.format.bom, true);
  assert.deepEqual(v.counts.map((c) => `${c.column}:${c.rule}:${c.count}`), ['Timestamp:unique:17']);
  assert.equal(v.accepted, 200);
  const [r] = await duck.all<{ n: number; lo: string; hi: string }>(`select count(distinct "Timestamp")::int as n, min("Timestamp")::varchar as lo, max("Timestamp")::varchar as hi from ${v.duckTables.accepted}`);
  assert.deepEqual(r, { n: 200, lo: '2024-01-01 00:00:00', hi: '2024-01-01 03:19:00' });
  const s = await check('intelligent-manufacturing/format-sample.csv', 'intelligent-manufacturing', 6);
  assert.deepEqual(s.counts, []);
});

test('Iris in both header spellings', { skip }, async () => {
  const a = await check('iris/iris.csv', 'iris', 150);
  const b = await check('iris/iris.seaborn-data.csv', 'iris/seaborn', 150);
  const q = (v: TableValidation) => duck.all<{ s: string; n: number }>(`select species as s, count(*)::int as n from ${v.duckTables.accepted} group by 1 order by 1`);
  assert.deepEqual(await q(a), [{ s: 'setosa', n: 50 }, { s: 'versicolor', n: 50 }, { s: 'virginica', n: 50 }]);
  assert.deepEqual(await q(b), await q(a));
});

test('the Azure tables ingest as one snapshot, and ingesting again gives the same dataset hash', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-datasets-'));
  try {
    mkdirSync(dir, { recursive: true });
    const az = join(DATA!, 'azure-pdm');
    writeFileSync(join(dir, 'forewarn.yaml'), `version: 1
project: { name: azure }
data:
  tables:
    telemetry: { path: ${JSON.stringify(join(az, 'PdM_telemetry.subset-m001-020-2015Q1.csv'))}, contract: azure-pdm/telemetry }
    errors: { path: ${JSON.stringify(join(az, 'PdM_errors.csv'))}, contract: azure-pdm/errors }
    maint: { path: ${JSON.stringify(join(az, 'PdM_maint.csv'))}, contract: azure-pdm/maint }
    failures: { path: ${JSON.stringify(join(az, 'PdM_failures.csv'))}, contract: azure-pdm/failures }
    machines: { path: ${JSON.stringify(join(az, 'PdM_machines.csv'))}, contract: azure-pdm/machines }
`);
    const p = await loadProject(dir);
    const a = await ingestProject(p, { progress: 'silent' });
    assert.deepEqual(Object.fromEntries(Object.entries(a.tables).map(([k, t]) => [k, t.accepted])), { telemetry: 43_200, errors: 3_919, maint: 3_286, failures: 761, machines: 100 });
    const b = await ingestProject(p, { progress: 'silent' });
    assert.equal(b.datasetHash, a.datasetHash);
    assert.equal(b.created, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
