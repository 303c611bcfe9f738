import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtoWriter } from '../../src/models/onnx/protobuf.js';
import { loadOnnxClassifier } from '../../src/models/onnx/onnx-model.js';
import { createSession, loadOrt } from '../../src/models/onnx/runtime.js';
import { FileModelSource } from '../../src/inference/model-source.js';
import { buildApp } from '../../src/serving/app.js';
import type { FwError } from '../../src/core/errors.js';

/**
 * Issue #10: onnxruntime follows external-data paths, so a ~140-byte model whose initializer points at a file
 * returned that file's bytes through /invocations. The models are written byte by byte here: probabilities =
 * Expand(W, Shape(input) * [1, 0] + [0, 2]), i.e. the initializer W [1, 2] repeated for every input row.
 */
type Tensor = { name: string; floats?: number[]; external?: string; locationOnly?: boolean };

function tensor(t: Tensor): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, [1, 2]).int(2, 1);
  if (t.floats) w.packedFloats(4, t.floats);
  w.string(8, t.name);
  if (t.external !== undefined) {
    w.message(13, new ProtoWriter().string(1, 'location').string(2, t.external));
    w.message(13, new ProtoWriter().string(1, 'length').string(2, '8'));
  }
  if (t.external !== undefined || t.locationOnly) w.int(14, 1);
  return w;
}

function valueInfo(name: string, dims: (number | string)[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, new ProtoWriter().int(1, 1).message(2, shape)));
}

const int64s = (name: string, v: number[]): ProtoWriter => new ProtoWriter().packedInts(1, [v.length]).int(2, 7).packedInts(7, v).string(8, name);
const node = (op: string, inputs: string[], output: string): ProtoWriter => {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  return n.string(2, output).string(4, op);
};

/** W an initializer, or (asAttribute) the value of a Constant node. */
function model(w: Tensor, asAttribute = false): Uint8Array {
  const g = new ProtoWriter();
  if (asAttribute) {
    const attr = new ProtoWriter().string(1, 'value').message(5, tensor(w)).int(20, 4);
    g.message(1, new ProtoWriter().string(2, 'W').string(4, 'Constant').message(5, attr));
  }
  g.message(1, node('Shape', ['input'], 's'));
  g.message(1, node('Mul', ['s', 'keep_n'], 'n0'));
  g.message(1, node('Add', ['n0', 'two'], 'n2'));
  g.message(1, node('Expand', ['W', 'n2'], 'probabilities'));
  g.string(2, 'g');
  if (!asAttribute) g.message(5, tensor(w));
  g.message(5, int64s('keep_n', [1, 0]));
  g.message(5, int64s('two', [0, 2]));
  g.message(11, valueInfo('input', ['N', 4]));
  g.message(12, valueInfo('probabilities', ['N', 2]));
  return new ProtoWriter().int(1, 8).message(7, g).message(8, new ProtoWriter().string(1, '').int(2, 13)).finish();
}

const code = (c: string) => (e: FwError) => e.code === c;

test('ONNX models with external data (relative, absolute, in an attribute, location flag only) are refused at every load path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-onnx-ext-'));
  try {
    const secret = join(dir, 'secret.bin');
    // 8 bytes that read as two float32 values in [0, 1] summing to 1 (0.25, 0.75): the probability check alone would
    // let this exfiltration through; only the external-data refusal stops it.
    const bytes = Buffer.alloc(8);
    bytes.writeFloatLE(0.25, 0);
    bytes.writeFloatLE(0.75, 4);
    writeFileSync(secret, bytes);
    const attacks: [string, Uint8Array][] = [
      ['absolute path', model({ name: 'W', external: secret })],
      ['relative path', model({ name: 'W', external: 'forewarn.yaml' })],
      ['parent-relative path', model({ name: 'W', external: '../../../etc/passwd' })],
      ['external tensor in a Constant attribute', model({ name: 'W', external: secret }, true)],
      ['data_location EXTERNAL without a path', model({ name: 'W', locationOnly: true })],
    ];
    for (const [what, m] of attacks) {
      assert.ok(m.length < 600, `${what}: ${m.length} bytes`);
      await assert.rejects(loadOnnxClassifier(m, `${what}.onnx`), code('FW_ERR_ONNX_EXTERNAL_DATA'), what);
      await assert.rejects(createSession(m, `${what}.onnx`), code('FW_ERR_ONNX_EXTERNAL_DATA'), what);
    }
    // The same model served from a file (`forewarn serve --model-file`): the service never loads it.
    const file = join(dir, 'evil.onnx');
    writeFileSync(file, attacks[0]![1]);
    const { app, slot } = await buildApp({ source: new FileModelSource({ path: file }), defaultMetrics: false, docs: false });
    try {
      assert.equal(slot.current, undefined);
      assert.equal(slot.lastError?.code !== undefined, true);
      assert.match(JSON.stringify(slot.lastError), /external/);
      const r = await app.inject({ method: 'POST', url: '/invocations', payload: { instances: [[0, 0, 0, 0]] } });
      assert.equal(r.statusCode, 503);
    } finally {
      await app.close();
    }
    // The attack is real: onnxruntime itself reads a file relative to the working directory and returns its bytes as
    // probabilities (1.30 refuses absolute paths from a buffer, and with graph optimisations on it happens to fail
    // on this graph; neither is a guarantee for other graphs or versions).
    const ort = await loadOrt();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const s = await ort.InferenceSession.create(model({ name: 'W', external: 'secret.bin' }), { graphOptimizationLevel: 'disabled' });
      const out = await s.run({ input: new ort.Tensor('float32', new Float32Array(4), [1, 4]) });
      assert.deepEqual(Array.from(out.probabilities!.data as Float32Array), [0.25, 0.75], 'onnxruntime returned the secret file bytes');
      await s.release();
      await assert.rejects(loadOnnxClassifier(model({ name: 'W', external: 'secret.bin' }), 'relative.onnx'), code('FW_ERR_ONNX_EXTERNAL_DATA'));
    } finally {
      process.chdir(cwd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an ONNX model whose outputs are not probabilities is refused at load', async () => {
  for (const [what, w] of [['rows not summing to 1', [0.7, 0.7]], ['negative', [-0.5, 1.5]], ['NaN', [NaN, 1]], ['logits', [2.3, -1.1]]] as const) {
    await assert.rejects(loadOnnxClassifier(model({ name: 'W', floats: [...w] }), `${what}.onnx`), code('FW_ERR_ONNX_NOT_PROBABILITIES'), what);
  }
  // The same graph with a real distribution loads (the check refuses only what it should).
  const ok = await loadOnnxClassifier(model({ name: 'W', floats: [0.25, 0.75] }), 'ok.onnx');
  await ok.close();
});
