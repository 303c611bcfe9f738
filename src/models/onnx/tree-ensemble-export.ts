/**
 * Tree ensembles → ONNX ai.onnx.ml TreeEnsembleClassifier (opset 3), outputs `label` (int64 class index) and
 * `probabilities` (float [N, K]), no ZipMap.
 *
 * Mapping (each verified numerically against onnxruntime-node in tree-ensemble-export.test.ts):
 *   - binary GBDT: onnxruntime's "binary case" (weights for one class id only) fills column 0 with sigmoid(0) rather
 *     than 1 - p, so every leaf writes -v to class 0 and +v to class 1; post_transform LOGISTIC then gives
 *     [sigmoid(-raw), sigmoid(raw)] = [1 - p, p]. baseScore becomes one extra single-leaf tree.
 *   - multiclass GBDT: leaf v goes to class treeClass[t], one single-leaf tree per class carries baseScore[k],
 *     post_transform SOFTMAX.
 *   - random forest: each leaf writes its K probabilities divided by the number of trees (all K class ids, zeros
 *     included, so the binary-case shortcut never applies), post_transform NONE.
 *   - numeric split `x <= t`: BRANCH_LEQ with t rounded down to float32 (float32.ts), missing (NaN) →
 *     nodes_missing_value_tracks_true = missingLeft (true branch = our left).
 *   - categorical bitset split: a chain of BRANCH_EQ nodes on the explicit category set whose "true" branches all
 *     point to the same child subtree (a DAG; onnxruntime accepts it, verified), falling through to the other child.
 *     When missingLeft = 0 the chain lists the left categories (NaN / unseen fall through right); when missingLeft = 1
 *     it lists the in-bitset categories that go right (NaN / unseen fall through left). So routing equals
 *     tree-arrays.ts for every integer category index. Non-integer values in a categorical column are outside the
 *     contract (ours truncates, ONNX compares exactly).
 *     (onnxruntime-node 1.30 also runs ai.onnx.ml opset 5 `TreeEnsemble` with BRANCH_MEMBER — checked with a
 *     hand-built file — but that op only outputs raw scores, needs IR 10 and is unknown to older runtimes, so the
 *     classifier op with equality chains is the more portable choice.)
 * Leaf weights are float32 and onnxruntime accumulates in float32: expect ~1e-6 differences, tested at 1e-5.
 */
import type { TreeArrays } from '../format/tree-arrays.js';
import type { FeatureSpec } from '../dataset.js';
import type { NodeSpec } from './onnx-proto.js';
import { encodeModel, ElemType } from './onnx-proto.js';
import type { TreeEnsemble } from './tree-ensemble.js';
import { float32AtMost } from './float32.js';
import { forewarnMetadata, IO_NAMES, IR_VERSION, OPSETS } from './metadata.js';
import { OnnxErrors } from './errors.js';

interface Attrs {
  treeIds: number[]; nodeIds: number[]; featureIds: number[]; modes: string[]; values: number[];
  trueIds: number[]; falseIds: number[]; missingTrue: number[];
  cTree: number[]; cNode: number[]; cClass: number[]; cWeight: number[];
}

export interface ExportOptions {
  features: readonly FeatureSpec[];
  classes: readonly string[];
  /** Model name / description stored in the ONNX doc string. */
  docString?: string;
}

export function exportTreeEnsemble(e: TreeEnsemble, opts: ExportOptions): Uint8Array {
  const K = opts.classes.length;
  const P = opts.features.length;
  if (K < 2) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`a classifier needs at least 2 classes, the model has ${K}`);
  if (e.trees.length === 0) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED('the model has no trees');
  const a: Attrs = { treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTrue: [], cTree: [], cNode: [], cClass: [], cWeight: [] };
  let postTransform: string;

  if (e.kind === 'gbdt') {
    const binary = e.nOutputs === 1;
    if (binary ? K !== 2 : e.nOutputs !== K) {
      throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`gbdt nOutputs ${e.nOutputs} does not fit ${K} classes (1 for binary, K for multiclass)`);
    }
    if (e.treeClass.length !== e.trees.length) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`treeClass has ${e.treeClass.length} entries for ${e.trees.length} trees`);
    if (e.baseScore.length !== e.nOutputs) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`baseScore has ${e.baseScore.length} entries, nOutputs is ${e.nOutputs}`);
    const leafWriter = (k: number) => (tree: number, node: number, t: TreeArrays, leaf: number): void => {
      const v = t.value[leaf]!;
      if (binary) { pushWeight(a, tree, node, 0, -v); pushWeight(a, tree, node, 1, v); }
      else pushWeight(a, tree, node, k, v);
    };
    e.trees.forEach((t, i) => {
      if (t.nOutputs !== 1) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`gbdt tree ${i} has nOutputs ${t.nOutputs}, expected 1`);
      const k = e.treeClass[i]!;
      if (k < 0 || k >= e.nOutputs) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`treeClass[${i}] = ${k}, outside 0..${e.nOutputs - 1}`);
      emitTree(a, i, t, P, leafWriter(k));
    });
    // baseScore: one single-leaf tree per output.
    for (let k = 0; k < e.nOutputs; k++) {
      const tree = e.trees.length + k;
      pushNode(a, tree, 0, 0, 'LEAF', 0, 0, 0, 0);
      const v = e.baseScore[k]!;
      if (binary) { pushWeight(a, tree, 0, 0, -v); pushWeight(a, tree, 0, 1, v); }
      else pushWeight(a, tree, 0, k, v);
    }
    postTransform = binary ? 'LOGISTIC' : 'SOFTMAX';
  } else {
    const T = e.trees.length;
    e.trees.forEach((t, i) => {
      if (t.nOutputs !== K) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`forest tree ${i} has nOutputs ${t.nOutputs}, the model has ${K} classes`);
      emitTree(a, i, t, P, (tree, node, tt, leaf) => {
        for (let k = 0; k < K; k++) pushWeight(a, tree, node, k, tt.value[leaf * K + k]! / T);
      });
    });
    postTransform = 'NONE';
  }

  const node: NodeSpec = {
    opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', name: 'forewarn_trees',
    inputs: [IO_NAMES.input], outputs: [IO_NAMES.label, IO_NAMES.probabilities],
    attributes: {
      nodes_treeids: { ints: a.treeIds }, nodes_nodeids: { ints: a.nodeIds }, nodes_featureids: { ints: a.featureIds },
      nodes_modes: { strings: a.modes }, nodes_values: { floats: a.values },
      nodes_truenodeids: { ints: a.trueIds }, nodes_falsenodeids: { ints: a.falseIds },
      nodes_missing_value_tracks_true: { ints: a.missingTrue },
      class_treeids: { ints: a.cTree }, class_nodeids: { ints: a.cNode }, class_ids: { ints: a.cClass }, class_weights: { floats: a.cWeight },
      classlabels_int64s: { ints: opts.classes.map((_, k) => k) },
      post_transform: { s: postTransform },
    },
  };
  return encodeModel({
    irVersion: IR_VERSION, opsets: OPSETS, producerName: 'forewarn', producerVersion: '0.1.0',
    docString: opts.docString ?? `forewarn ${e.kind} classifier`,
    metadata: forewarnMetadata(e.kind, opts.features, opts.classes),
    graph: {
      name: `forewarn_${e.kind}`, nodes: [node],
      inputs: [{ name: IO_NAMES.input, elemType: ElemType.FLOAT, dims: ['N', P] }],
      outputs: [
        { name: IO_NAMES.label, elemType: ElemType.INT64, dims: ['N'] },
        { name: IO_NAMES.probabilities, elemType: ElemType.FLOAT, dims: ['N', K] },
      ],
    },
  });
}

function pushNode(a: Attrs, tree: number, id: number, feature: number, mode: string, value: number, t: number, f: number, missTrue: number): void {
  a.treeIds.push(tree); a.nodeIds.push(id); a.featureIds.push(feature); a.modes.push(mode); a.values.push(value);
  a.trueIds.push(t); a.falseIds.push(f); a.missingTrue.push(missTrue);
}

function pushWeight(a: Attrs, tree: number, node: number, k: number, w: number): void {
  a.cTree.push(tree); a.cNode.push(node); a.cClass.push(k); a.cWeight.push(w);
}

type LeafWriter = (tree: number, onnxNode: number, t: TreeArrays, leaf: number) => void;

/**
 * Emit one tree. ONNX node ids are allocated in pre-order and the nodes are written in id order, root first:
 * onnxruntime takes the first node listed for a tree id as its root (verified: listing children first silently
 * drops the tree).
 */
function emitTree(a: Attrs, treeId: number, t: TreeArrays, nFeatures: number, writeLeaf: LeafWriter): void {
  const nodes: [feature: number, mode: string, value: number, t: number, f: number, missTrue: number][] = [];
  const leaves: [id: number, leaf: number][] = [];
  let visited = 0;
  const alloc = (): number => { nodes.push([0, 'LEAF', 0, 0, 0, 0]); return nodes.length - 1; };
  const emit = (i: number): number => {
    if (i < 0 || i >= t.nNodes || ++visited > t.nNodes * 2) {
      throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`tree ${treeId}: node index ${i} is out of range or the tree has a cycle`);
    }
    const f = t.feature[i]!;
    if (f === -1) {
      const id = alloc();
      leaves.push([id, i]);
      return id;
    }
    if (f < 0 || f >= nFeatures) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`tree ${treeId} node ${i} splits on feature ${f}, outside 0..${nFeatures - 1}`);
    if (t.catStart[i]! < 0) {
      const th = t.threshold[i]!;
      if (Number.isNaN(th)) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED(`tree ${treeId} node ${i} has a NaN threshold`);
      const id = alloc();
      const l = emit(t.left[i]!);
      const r = emit(t.right[i]!);
      nodes[id] = [f, 'BRANCH_LEQ', float32AtMost(th), l, r, t.missingLeft[i]!];
      return id;
    }
    // Categorical: chain of equality tests over the explicit set (see the file comment).
    const missLeft = t.missingLeft[i] === 1;
    const explicit: number[] = [];
    const words = t.catWords[i]!;
    for (let c = 0; c < words * 32; c++) {
      const bit = (t.catBits[t.catStart[i]! + (c >>> 5)]! >>> (c & 31)) & 1;
      if ((bit === 1) !== missLeft) explicit.push(c);
    }
    const toChild = missLeft ? t.right[i]! : t.left[i]!;
    const fallChild = missLeft ? t.left[i]! : t.right[i]!;
    if (explicit.length === 0) return emit(fallChild);
    const chain = explicit.map(() => alloc());
    const trueId = emit(toChild);
    const fallId = emit(fallChild);
    explicit.forEach((c, n) => { nodes[chain[n]!] = [f, 'BRANCH_EQ', c, trueId, n + 1 < chain.length ? chain[n + 1]! : fallId, 0]; });
    return chain[0]!;
  };
  emit(0);
  nodes.forEach(([f, mode, v, tr, fa, miss], id) => pushNode(a, treeId, id, f, mode, v, tr, fa, miss));
  for (const [id, leaf] of leaves) writeLeaf(treeId, id, t, leaf);
}
