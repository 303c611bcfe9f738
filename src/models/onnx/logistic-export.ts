/**
 * Logistic model → ONNX with standard operators only (default domain, opset 13), outputs `label`
 * and `probabilities` like the tree export. The graph mirrors logistic-model.ts step by step rather than folding
 * standardisation into raw-space coefficients, which would lose float32 precision for features with a large mean
 * and a small spread:
 *   C   = (X − μhi) − μlo                 μ split into float32 μhi + float32 μlo (μhi = fround(μ)): X − μhi is exact
 *                                         for X near μ, so a feature like 5000 ± 0.01 keeps its float64 centring
 *   Z   = Where(IsNaN(C), 0, C) ⊙ (1/σ)   imputing AFTER centring makes a missing value exactly 0 = the training
 *                                         mean (imputing μ first would leave −μlo behind); categorical columns get
 *                                         μ = 0, 1/σ = 0, so they contribute 0 here
 *   raw = Z · Wᵀ + b + Σⱼ onehotⱼ · Aⱼ    onehotⱼ = Cast(Equal(X[:, j], [0..mⱼ−1])): all zeros for NaN / unseen /
 *                                         non-integer values, exactly like design.ts; Aⱼ[c, k] = the logit the
 *                                         dummies add when the category is c (coef/σ − Σ coef·μ/σ over dummies)
 *   p   = Softmax(raw) (multiclass) or Concat(1 − σ(raw), σ(raw)) (binary); label = ArgMax(p).
 */
import type { NodeSpec, TensorSpec } from './onnx-proto.js';
import { encodeModel, ElemType } from './onnx-proto.js';
import type { LogisticModel } from '../linear/logistic-model.js';
import { forewarnMetadata, IO_NAMES, IR_VERSION, OPSETS } from './metadata.js';

export function exportLogistic(model: LogisticModel): Uint8Array {
  const s = model.state;
  const P = s.features.length;
  const K = s.classes.length;
  const nOut = model.nOutputs;
  const d = model.d;
  const mu = new Float32Array(P);
  const muLo = new Float32Array(P);
  const invSd = new Float32Array(P);
  const W = new Float32Array(P * nOut); // [P, nOut]
  const cats = new Map<number, { m: number; A: Float64Array }>();
  s.features.forEach((f, j) => {
    if (f.type === 'categorical') cats.set(j, { m: f.categories!.length, A: new Float64Array(f.categories!.length * nOut) });
  });
  for (let c = 0; c < d; c++) {
    const col = s.columns[c]!;
    const mean = s.means[c]!, sd = s.stds[c]!;
    if (col.category < 0) {
      mu[col.feature] = mean;
      muLo[col.feature] = mean - mu[col.feature]!;
      invSd[col.feature] = 1 / sd;
      for (let k = 0; k < nOut; k++) W[col.feature * nOut + k] = s.coefficients[k * d + c]!;
    } else {
      const { m, A } = cats.get(col.feature)!;
      for (let k = 0; k < nOut; k++) {
        const coef = s.coefficients[k * d + c]!;
        for (let cc = 0; cc < m; cc++) A[cc * nOut + k] += (((cc === col.category ? 1 : 0) - mean) / sd) * coef;
      }
    }
  }
  const init: TensorSpec[] = [
    { name: 'zero', dims: [], elemType: ElemType.FLOAT, data: [0] },
    { name: 'mu', dims: [P], elemType: ElemType.FLOAT, data: mu },
    { name: 'mu_lo', dims: [P], elemType: ElemType.FLOAT, data: muLo },
    { name: 'inv_sd', dims: [P], elemType: ElemType.FLOAT, data: invSd },
    { name: 'W', dims: [P, nOut], elemType: ElemType.FLOAT, data: W },
    { name: 'b', dims: [nOut], elemType: ElemType.FLOAT, data: Float32Array.from(s.intercepts) },
  ];
  const nodes: NodeSpec[] = [
    { opType: 'Sub', inputs: [IO_NAMES.input, 'mu'], outputs: ['x_centred_hi'] },
    { opType: 'Sub', inputs: ['x_centred_hi', 'mu_lo'], outputs: ['x_centred_nan'] },
    { opType: 'IsNaN', inputs: ['x_centred_nan'], outputs: ['x_missing'] },
    { opType: 'Where', inputs: ['x_missing', 'zero', 'x_centred_nan'], outputs: ['x_centred'] },
    { opType: 'Mul', inputs: ['x_centred', 'inv_sd'], outputs: ['z'] },
    { opType: 'MatMul', inputs: ['z', 'W'], outputs: ['zw'] },
    { opType: 'Add', inputs: ['zw', 'b'], outputs: ['raw_0'] },
  ];
  let raw = 'raw_0';
  let n = 0;
  for (const [j, { m, A }] of cats) {
    const p = `cat${j}`;
    init.push(
      { name: `${p}_index`, dims: [1], elemType: ElemType.INT64, data: [j] },
      { name: `${p}_values`, dims: [m], elemType: ElemType.FLOAT, data: Float32Array.from({ length: m }, (_, c) => c) },
      { name: `${p}_table`, dims: [m, nOut], elemType: ElemType.FLOAT, data: Float32Array.from(A) },
    );
    nodes.push(
      { opType: 'Gather', inputs: [IO_NAMES.input, `${p}_index`], outputs: [`${p}_x`], attributes: { axis: { i: 1 } } },
      { opType: 'Equal', inputs: [`${p}_x`, `${p}_values`], outputs: [`${p}_eq`] },
      { opType: 'Cast', inputs: [`${p}_eq`], outputs: [`${p}_onehot`], attributes: { to: { i: ElemType.FLOAT } } },
      { opType: 'MatMul', inputs: [`${p}_onehot`, `${p}_table`], outputs: [`${p}_logit`] },
      { opType: 'Add', inputs: [raw, `${p}_logit`], outputs: [`raw_${++n}`] },
    );
    raw = `raw_${n}`;
  }
  if (nOut === 1) {
    // [0, raw] through Softmax gives [1 − σ(raw), σ(raw)] in one kernel, the same path as the multiclass case.
    nodes.push(
      { opType: 'Sub', inputs: [raw, raw], outputs: ['zeros'] },
      { opType: 'Concat', inputs: ['zeros', raw], outputs: ['raw_pair'], attributes: { axis: { i: 1 } } },
      { opType: 'Softmax', inputs: ['raw_pair'], outputs: [IO_NAMES.probabilities], attributes: { axis: { i: 1 } } },
    );
  } else {
    nodes.push({ opType: 'Softmax', inputs: [raw], outputs: [IO_NAMES.probabilities], attributes: { axis: { i: 1 } } });
  }
  nodes.push({ opType: 'ArgMax', inputs: [IO_NAMES.probabilities], outputs: [IO_NAMES.label], attributes: { axis: { i: 1 }, keepdims: { i: 0 } } });

  return encodeModel({
    irVersion: IR_VERSION, opsets: OPSETS, producerName: 'forewarn', producerVersion: '0.1.0',
    docString: 'forewarn logistic regression classifier',
    metadata: forewarnMetadata('logistic', s.features, s.classes),
    graph: {
      name: 'forewarn_logistic', nodes, initializers: init,
      inputs: [{ name: IO_NAMES.input, elemType: ElemType.FLOAT, dims: ['N', P] }],
      outputs: [
        { name: IO_NAMES.label, elemType: ElemType.INT64, dims: ['N'] },
        { name: IO_NAMES.probabilities, elemType: ElemType.FLOAT, dims: ['N', K] },
      ],
    },
  });
}
