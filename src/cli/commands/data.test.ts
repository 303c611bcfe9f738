import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../data/test-support.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'forewarn.js');
const tmp = tempDir('fw-cli-data-');
after(() => tmp.cleanup());

function cli(args: string[], cwd = tmp.dir) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FOREWARN_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(name: string, csv: string, max = 0.01): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'errors.csv'), csv);
  writeFileSync(join(dir, 'forewarn.yaml'), `version: 1\nproject: { name: ${name} }\ndata:\n  tables:\n    errors: { path: errors.csv, contract: azure-pdm/errors }\n  maxQuarantineFraction: ${max}\n`);
  return dir;
}

test('data validate prints the reconciliation and exits 3 above the threshold', () => {
  const dir = project('p1', 'datetime,machineID,errorID\n2015-01-01 06:00:00,1,error1\n2015-01-01 07:00:00,1,error9\n');
  const r = cli(['data', 'validate', '--project', dir]);
  assert.equal(r.code, 3, r.err);
  assert.match(r.out, /2 rows = 1 accepted \+ 1 quarantined/);
  assert.match(r.out, /line 3 errorID = "error9": category/);
  assert.match(r.err, /^error FW_ERR_DATA_QUARANTINE_THRESHOLD: errors: 1 of 2 rows quarantined/m);
  assert.ok(existsSync(join(dir, '.forewarn', 'validation', 'errors.quarantine.csv')));
});

test('data ingest prints the dataset hash; a malformed file is one error line naming file and line, exit 2, no stack', () => {
  const dir = project('p2', 'datetime,machineID,errorID\r\n2015-01-01 06:00:00,1,"error1"\r\n');
  const ok = cli(['data', 'ingest', '--project', dir]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /dataset [0-9a-f]{64}/);
  const bad = project('p3', 'datetime,machineID,errorID\n2015-01-01 06:00:00,1\n');
  const r = cli(['data', 'ingest', '--project', bad]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^error FW_ERR_DATA_MALFORMED_CSV: .*errors\.csv line 2: row has 2 fields but the header has 3/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('data validate --file/--contract, data contracts and data infer -o work without a project', () => {
  const f = tmp.file('iris.csv', 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n');
  const v = cli(['data', 'validate', '--file', f, '--contract', 'iris/seaborn', '--json']);
  assert.equal(v.code, 0, v.err);
  assert.equal(JSON.parse(v.out).accepted, 1);
  const miss = cli(['data', 'validate', '--file', f, '--contract', 'iriss']);
  assert.equal(miss.code, 4);
  assert.match(miss.err, /no ready-made contract named "iriss"; known: .*iris/);
  const list = cli(['data', 'contracts']);
  assert.match(list.out, /azure-pdm\/telemetry/);
  const inf = cli(['data', 'infer', f, '-o', join(tmp.dir, 'iris.yaml')]);
  assert.equal(inf.code, 0, inf.err);
  assert.match(readFileSync(join(tmp.dir, 'iris.yaml'), 'utf8'), /name: species\n\s+type: string/);
});
