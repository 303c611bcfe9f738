import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, readFile, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLogistic } from '../../models/linear/logistic.js';
import { parseLogisticParams } from '../../models/linear/params.js';
import { Rng } from '../../core/random.js';

const bin = fileURLToPath(new URL('../../../../bin/forewarn.js', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [bin, ...args], (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

test('models export-onnx --verify and models inspect, on a logistic model', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-model-file-'));
  try {
    const rng = new Rng(2);
    const n = 120;
    const t = new Float64Array(n), c = new Float64Array(n), y = new Int32Array(n);
    let csv = 'machine,Temp(?C),Type\n';
    for (let i = 0; i < n; i++) {
      t[i] = 60 + rng.normal() * 5; c[i] = rng.int(2); y[i] = t[i]! > 62 ? 1 : 0;
      csv += `m${i},${t[i]},${c[i] ? 'B' : 'A'}\n`;
    }
    csv += 'm-missing,,\n';
    const m = await fitLogistic({
      features: [{ name: 'Temp(?C)', type: 'numeric' }, { name: 'Type', type: 'categorical', categories: ['A', 'B'] }],
      nRows: n, columns: [t, c], y, classes: ['ok', 'failure'],
    }, parseLogisticParams({}));
    await writeFile(join(dir, 'm.json'), JSON.stringify(m.toJSON()));
    await writeFile(join(dir, 'rows.csv'), csv);

    const ex = await cli(['models', 'export-onnx', join(dir, 'm.json'), '--verify', join(dir, 'rows.csv'), '--json']);
    assert.equal(ex.code, 0, ex.stderr);
    const res = JSON.parse(ex.stdout);
    assert.equal(res.file, join(dir, 'm.onnx'));
    assert.equal(res.verify.rows, n + 1);
    assert.ok(res.verify.maxAbsDiff <= 1e-5);
    assert.ok((await readFile(join(dir, 'm.onnx'))).length === res.bytes);

    const ins = await cli(['models', 'inspect', join(dir, 'm.onnx'), '--json']);
    assert.equal(ins.code, 0, ins.stderr);
    const s = JSON.parse(ins.stdout);
    assert.equal(s.kind, 'logistic');
    assert.deepEqual(s.classes, ['ok', 'failure']);
    assert.deepEqual(s.inputs[0].shape, ['N', 2]);
    await writeFile(join(dir, 'short.csv'), 'Temp(?C)\n61\n');
    const bad = await cli(['models', 'export-onnx', join(dir, 'm.json'), '-o', join(dir, 'm2.onnx'), '--verify', join(dir, 'short.csv')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /short\.csv: missing column\(s\) Type/);
    assert.ok(!(await readdir(dir)).includes('m2.onnx'));
    const insJ = await cli(['models', 'inspect', join(dir, 'm.json')]);
    assert.equal(insJ.code, 0, insJ.stderr);
    assert.match(insJ.stdout, /kind: logistic/);
    assert.match(insJ.stdout, /Temp\(\?C\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad inputs: missing file, not a model, broken JSON, bad option → clean error, nothing written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-model-file-'));
  try {
    await writeFile(join(dir, 'x.json'), '{"format": "something-else"}');
    await writeFile(join(dir, 'broken.json'), '{"format": ');
    const cases: [string[], number, RegExp][] = [
      [['models', 'inspect', join(dir, 'none.onnx')], 4, /FW_ERR_CORE_NOT_FOUND: .*none\.onnx/],
      [['models', 'inspect', join(dir, 'x.json')], 2, /x\.json: format: must be 'forewarn-model'/], // one reader, one message (was the ONNX area's wording)
      [['models', 'export-onnx', join(dir, 'broken.json')], 2, /broken\.json: not valid JSON/],
      [['models', 'export-onnx', join(dir, 'x.json'), '--tolerance', 'abc'], 2, /--tolerance must be a number > 0/],
    ];
    for (const [args, code, re] of cases) {
      const r = await cli(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
    }
    assert.deepEqual((await readdir(dir)).sort(), ['broken.json', 'x.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
