import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './test-stores-harness.js';

/** `forewarn features build` reads the validated snapshot: rows the contract quarantines never reach the features. */
test('features build validates and ingests first, quarantined rows are left out; --dataset reuses a snapshot; a bad hash is a clear error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-feat-cli-'));
  try {
    await mkdir(join(dir, 'data'));
    const rows = ['temp,vib,status'];
    for (let i = 0; i < 40; i++) rows.push(`${20 + (i % 9)},${(i % 5) * 0.5},${i % 4 === 0 ? 'fail' : 'ok'}`);
    rows.push('999,1,ok'); // above the contract's max: quarantined at ingest
    await writeFile(join(dir, 'data', 'm.csv'), rows.join('\n') + '\n');
    await writeFile(
      join(dir, 'forewarn.yaml'),
      `project: {name: p, seed: 1}
data: {tables: {m: {path: data/m.csv, contract: {columns: [{name: temp, type: number, max: 200}, {name: vib, type: number}, {name: status, type: category, categories: [ok, fail]}]}}}, maxQuarantineFraction: 0.1}
features:
  base: {table: m}
  columns: [temp, vib]
label: {kind: column, column: status, positive: fail}
split: {kind: stratified, testFraction: 0.25}
`,
    );
    const built = await runCli(['features', 'build', '--project', dir]);
    assert.equal(built.code, 0, built.stderr);
    const hash = /dataset ([0-9a-f]{64})/.exec(built.stdout)?.[1];
    assert.ok(hash, built.stdout);
    assert.match(built.stdout, /feature table: 40 rows × 2 features/);
    assert.ok(existsSync(join(dir, '.forewarn', 'features', 'features.parquet')));

    const again = await runCli(['features', 'sql', '--project', dir, '--dataset', hash]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /select/i);

    const bad = await runCli(['features', 'build', '--project', dir, '--dataset', 'abc']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /FW_ERR_DATA_SNAPSHOT_NOT_FOUND/);
    assert.match(bad.stderr, /"abc" is not a dataset hash \(64 hex digits\)/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /); // no stack trace
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
