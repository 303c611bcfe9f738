import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pdmFixture } from '../../evaluation/test-fixtures.js';
import type { PredictionSet } from '../../evaluation/evaluate.js';

const bin = resolve('bin/forewarn.js');
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

function csv(set: PredictionSet, classes: string[], temp: Float64Array): string {
  const K = classes.length;
  const lines = [`label,${classes.map((c) => `p_${c}`).join(',')},machine,ts,temp`];
  for (let i = 0; i < set.y.length; i++) {
    lines.push(`${classes[set.y[i]!]},${Array.from(set.proba.subarray(i * K, (i + 1) * K)).join(',')},${set.entity![i]},${new Date(set.time![i]!).toISOString()},${temp[i]}`);
  }
  return lines.join('\n') + '\n';
}

test('forewarn eval predictions → metrics JSON + report; eval check exits 5 on failed gates; bad files name the row', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-evalcli-'));
  try {
    const f = pdmFixture({ seed: 21, machines: 3, days: 30, skill: 0.8 });
    await writeFile(join(dir, 'test.csv'), csv(f.test.set, f.classes, f.test.X.columns[1]!));
    await writeFile(join(dir, 'val.csv'), csv(f.validation.set, f.classes, f.validation.X.columns[1]!));
    await writeFile(join(dir, 'train.csv'), 'label,temp\n' + Array.from(f.train.X.y, (y, i) => `${f.classes[y]},${f.train.X.columns[1]![i]}`).join('\n') + '\n');
    await writeFile(join(dir, 'failures.csv'), 'machine,ts\n' + [...f.validation.failures, ...f.test.failures].map((x) => `${x.entity},${new Date(x.time).toISOString()}`).join('\n') + '\n');
    await writeFile(join(dir, 'forewarn.yaml'), 'project: {name: t}\nevaluation:\n  primaryMetric: pr_auc\n  gates: { max_alert_rate: 0.001, min_pr_auc: 0.1 }\n');
    const out = join(dir, 'm.json');
    const r = run(['eval', 'predictions', join(dir, 'test.csv'), '--classes', 'none,failure', '--validation', join(dir, 'val.csv'), '--entity', 'machine', '--time', 'ts',
      '--failures', join(dir, 'failures.csv'), '--horizon', '24h', '--project', dir, '--train', join(dir, 'train.csv'), '--features', 'temp', '-o', out, '--report', join(dir, 'r.html')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /threshold: max_f1 → [\d.]+ \(chosen on validation\)/);
    assert.match(r.stdout, /gates FAILED/);
    assert.match(r.stdout, /baseline/);
    const m = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(m.task.nTest, f.test.set.y.length);
    assert.equal(m.costs.table[0].failuresMissed, f.test.failures.length);
    assert.deepEqual(m.baselines.map((b: { name: string }) => b.name), ['majority', 'threshold_rule']);
    assert.equal(m.baselines[1].rule.feature, 'temp');
    assert.match(await readFile(join(dir, 'r.html'), 'utf8'), /<svg/);
    const chk = run(['eval', 'check', out]);
    assert.equal(chk.status, 5);
    assert.match(chk.stderr, /error FW_ERR_EVAL_GATES_FAILED: .*max_alert_rate/);
    // A bad probability names file, column and row; no stack trace.
    await writeFile(join(dir, 'bad.csv'), 'label,p_none,p_failure\nnone,0.9,0.1\nfailure,abc,0.7\n');
    const bad = run(['eval', 'predictions', join(dir, 'bad.csv'), '--classes', 'none,failure']);
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /bad\.csv: column "p_none", data row 2: empty or not a number/);
    assert.ok(!/\n\s+at /.test(bad.stderr), 'no stack trace');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
