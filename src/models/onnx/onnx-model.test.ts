import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOnnxClassifier, loadOnnxClassifierFile, inspectOnnx } from './onnx-model.js';
import { encodeModel, ElemType } from './onnx-proto.js';
import type { ValueInfoSpec } from './onnx-proto.js';
import { ProtoWriter } from './protobuf.js';
import { isFwError } from '../../core/errors.js';

/**
 * A scikit-learn-style file as skl2onnx writes it with options={'zipmap': False}: input `float_input`, outputs
 * `output_label` / `output_probability`, string class labels on the node, no forewarn metadata. Two stumps:
 * tree 0 on x0 <= 1.5, tree 1 on x2 <= 0 (NaN goes left), leaves hold class-probability votes (RF style, NONE).
 */
function sklearnStyle(outputs?: ValueInfoSpec[]): Uint8Array {
  const w = (a: number, b: number, c: number): number[] => [a / 2, b / 2, c / 2];
  const leafs = [[0, 1, w(1, 0, 0)], [0, 2, w(0, 1, 0)], [1, 1, w(0, 0, 1)], [1, 2, w(0.5, 0.5, 0)]] as const;
  return encodeModel({
    irVersion: 7, opsets: [{ domain: '', version: 12 }, { domain: 'ai.onnx.ml', version: 1 }], producerName: 'skl2onnx', producerVersion: '1.16.0', metadata: {},
    graph: {
      name: 'rf', inputs: [{ name: 'float_input', elemType: ElemType.FLOAT, dims: ['None', 3] }],
      outputs: outputs ?? [{ name: 'output_label', elemType: ElemType.STRING, dims: ['None'] }, { name: 'output_probability', elemType: ElemType.FLOAT, dims: ['None', 3] }],
      nodes: [{
        opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['float_input'], outputs: ['output_label', 'output_probability'],
        attributes: {
          nodes_treeids: { ints: [0, 0, 0, 1, 1, 1] }, nodes_nodeids: { ints: [0, 1, 2, 0, 1, 2] }, nodes_featureids: { ints: [0, 0, 0, 2, 0, 0] },
          nodes_modes: { strings: ['BRANCH_LEQ', 'LEAF', 'LEAF', 'BRANCH_LEQ', 'LEAF', 'LEAF'] }, nodes_values: { floats: [1.5, 0, 0, 0, 0, 0] },
          nodes_truenodeids: { ints: [1, 0, 0, 1, 0, 0] }, nodes_falsenodeids: { ints: [2, 0, 0, 2, 0, 0] },
          nodes_missing_value_tracks_true: { ints: [0, 0, 0, 1, 0, 0] },
          class_treeids: { ints: leafs.flatMap(([t]) => [t, t, t]) }, class_nodeids: { ints: leafs.flatMap(([, n]) => [n, n, n]) },
          class_ids: { ints: leafs.flatMap(() => [0, 1, 2]) }, class_weights: { floats: leafs.flatMap(([, , v]) => v) },
          classlabels_strings: { strings: ['normal', 'wear', 'overheat'] }, post_transform: { s: 'NONE' },
        },
      }],
    },
  });
}

test('a scikit-learn-style ONNX classifier (no forewarn metadata) is introspected and predicts', async () => {
  const clf = await loadOnnxClassifier(sklearnStyle(), 'rf.onnx');
  assert.equal(clf.inputName, 'float_input');
  assert.equal(clf.probabilityOutput, 'output_probability');
  assert.deepEqual(clf.classes, ['normal', 'wear', 'overheat']);
  assert.deepEqual(clf.features.map((f) => f.name), ['f0', 'f1', 'f2']);
  const p = await clf.predictProba({ nRows: 3, nFeatures: 3, data: Float64Array.of(1, 9, -1, 2, 9, 5, 1, 9, NaN) });
  const expected = [0.5, 0, 0.5, 0.25, 0.75, 0, 0.5, 0, 0.5];
  p.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `p[${i}] = ${v}, expected ${expected[i]}`));
  assert.deepEqual(await clf.predictProba({ nRows: 0, nFeatures: 3, data: new Float64Array(0) }), new Float64Array(0));
  await assert.rejects(clf.predictProba({ nRows: 1, nFeatures: 2, data: new Float64Array(2) }), (e) => isFwError(e) && /expects 3/.test(e.message));
  await clf.close();
});

/** Model bytes whose probability output is seq(map(int64, tensor(float))), as skl2onnx's ZipMap produces. */
function zipMapModel(): Uint8Array {
  const tensorType = (elem: number, dims: (number | string)[]): ProtoWriter => {
    const shape = new ProtoWriter();
    for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
    return new ProtoWriter().message(1, new ProtoWriter().int(1, elem).message(2, shape));
  };
  const mapType = new ProtoWriter().message(5, new ProtoWriter().int(1, ElemType.INT64).message(2, tensorType(ElemType.FLOAT, [])));
  const seqType = new ProtoWriter().message(4, new ProtoWriter().message(1, mapType));
  const graph = new ProtoWriter()
    .string(2, 'g')
    .message(11, new ProtoWriter().string(1, 'float_input').message(2, tensorType(ElemType.FLOAT, ['N', 3])))
    .message(12, new ProtoWriter().string(1, 'output_label').message(2, tensorType(ElemType.INT64, ['N'])))
    .message(12, new ProtoWriter().string(1, 'output_probability').message(2, seqType));
  return new ProtoWriter().int(1, 7).message(7, graph).message(8, new ProtoWriter().string(1, '').int(2, 12)).finish();
}

test('a ZipMap output is refused with advice; ambiguous outputs are refused', async () => {
  const info = inspectOnnx(zipMapModel(), 'zip.onnx');
  assert.equal(info.outputs[1]!.type, 'seq(map(int64,tensor(float)))');
  await assert.rejects(loadOnnxClassifier(zipMapModel(), 'zip.onnx'), (e) => isFwError(e) && e.code === 'FW_ERR_ONNX_UNSUPPORTED' && /ZipMap.*zipmap': False/.test(e.message));
  await assert.rejects(
    loadOnnxClassifier(sklearnStyle([{ name: 'a', elemType: ElemType.FLOAT, dims: ['N', 3] }, { name: 'b', elemType: ElemType.FLOAT, dims: ['N', 3] }]), 'two.onnx'),
    (e) => isFwError(e) && e.code === 'FW_ERR_ONNX_UNSUPPORTED' && /which output/.test(e.message),
  );
});

test('bad files: empty, not protobuf, truncated, missing → FwError naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-onnx-'));
  try {
    const good = sklearnStyle();
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty.onnx', new Uint8Array(0), /empty\.onnx: the file is empty/],
      ['text.onnx', new TextEncoder().encode('hello, this is not protobuf at all'), /text\.onnx: not an ONNX/],
      ['cut.onnx', good.subarray(0, good.length - 40), /cut\.onnx: /],
    ];
    for (const [name, bytes, re] of cases) {
      await writeFile(join(dir, name), bytes);
      await assert.rejects(loadOnnxClassifierFile(join(dir, name)), (e) => isFwError(e) && re.test(e.message), name);
    }
    await assert.rejects(loadOnnxClassifierFile(join(dir, 'nope.onnx')), (e) => isFwError(e) && e.code === 'FW_ERR_CORE_NOT_FOUND');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
