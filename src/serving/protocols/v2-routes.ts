import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { elapsedSeconds } from '../request-timing.js';
import type { ServingContext } from '../context.js';
import { withModel, tooMany } from '../context.js';
import type { LoadedModel } from '../../inference/loaded-model.js';
import { predictRecordSource, type RecordSource } from '../inference.js';
import { argmaxAt as argmax } from '../../core/argmax.js';
import { ServingErrors } from '../errors.js';
import { setOwn } from '../own-field.js';

/**
 * Open Inference Protocol v2 (KServe / Triton / Seldon MLServer REST).
 *
 * Inputs, either
 *   - one tensor per feature, named exactly as the feature, shape [N] or [N, 1]: FP32/FP64/INT8..INT64/UINT8..UINT64
 *     for numbers, BOOL for booleans, BYTES for categories; or
 *   - one FP32/FP64 tensor [N, nFeatures] with columns in the model's feature order (categorical columns carry the
 *     category index).
 * `data` is row-major, flat or nested. Outputs: `probabilities` FP64 [N, K] (label order in the model metadata) and
 * `predicted_label` BYTES [N]; a request may ask for a subset with `outputs: [{name}]`.
 */
const NUMERIC_TYPES = new Set(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
const OUTPUTS = ['probabilities', 'predicted_label'] as const;

interface Tensor { name: string; shape: number[]; datatype: string; data: unknown[]; parameters?: Record<string, unknown> }
interface InferBody { id?: string; parameters?: Record<string, unknown>; inputs: Tensor[]; outputs?: { name: string; parameters?: Record<string, unknown> }[] }

const tensorSchema = {
  type: 'object',
  required: ['name', 'shape', 'datatype', 'data'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 1024 },
    shape: { type: 'array', maxItems: 32, items: { type: 'integer', minimum: 0 } },
    datatype: { type: 'string', maxLength: 16 },
    data: { type: 'array' },
    parameters: { type: 'object' },
  },
} as const;

const inferSchema = {
  type: 'object',
  required: ['inputs'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    parameters: { type: 'object' },
    inputs: { type: 'array', minItems: 1, maxItems: 10_000, items: tensorSchema },
    outputs: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parameters: { type: 'object' } }, additionalProperties: false } },
  },
} as const;

/** The v2 health probes (public on every bind). */
export function v2Probes(ctx: ServingContext): FastifyPluginAsync {
  return async (app) => {
    const tags = ['open-inference-v2'];
    app.get('/v2/health/live', { schema: { tags, summary: 'Server liveness' } }, async () => ({ live: true }));
    app.get('/v2/health/ready', { schema: { tags, summary: 'Server readiness (a model is loaded)' } }, async (_req, reply) => {
      const ready = !!ctx.slot.current;
      return reply.code(ready ? 200 : 503).send({ ready });
    });

  };
}

export function v2Routes(ctx: ServingContext, serverVersion: string): FastifyPluginAsync {
  return async (app) => {
    const tags = ['open-inference-v2'];
    app.get('/v2', { schema: { tags, summary: 'Server metadata' } }, async () => ({ name: 'forewarn', version: serverVersion, extensions: [] }));
    const params = { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } } as const;
    type P = { Params: { name: string; version?: string } };
    app.get<P>('/v2/models/:name', { schema: { tags, summary: 'Model metadata', params } }, async (req) => metadata(target(ctx, req.params)));
    app.get<P>('/v2/models/:name/versions/:version', { schema: { tags, summary: 'Model version metadata', params } }, async (req) => metadata(target(ctx, req.params)));
    app.get<P>('/v2/models/:name/ready', { schema: { tags, summary: 'Model readiness', params } }, async (req) => {
      const m = target(ctx, req.params);
      return { name: m.name, ready: true };
    });
    app.get<P>('/v2/models/:name/versions/:version/ready', { schema: { tags, summary: 'Model version readiness', params } }, async (req) => {
      const m = target(ctx, req.params);
      return { name: m.name, ready: true };
    });

    const infer = (req: FastifyRequest<{ Params: { name: string; version?: string }; Body: InferBody }>, reply: FastifyReply) =>
      withModel(ctx, async (m) => {
        checkTarget(m, req.params);
        const records = toRecords(m, req.body.inputs, ctx.maxBatchRecords);
        const wanted = requestedOutputs(req.body.outputs);
        const { probs, rows } = await predictRecordSource(m, records);
        const N = records.n;
        ctx.record(m, rows, N, probs, req, elapsedSeconds(req, reply));
        const K = m.labels.length;
        const labels = new Array<string>(N);
        for (let i = 0; i < N; i++) {
          labels[i] = m.labels[argmax(probs, i * K, K)]!;
          ctx.countLabel(labels[i]!);
        }
        // The reply is written as JSON text in chunks that yield: a million-row answer (~50 MB) is neither one
        // synchronous JSON.stringify nor a million-element array of boxed numbers first.
        const outputs: string[] = [];
        if (wanted.has('probabilities')) {
          outputs.push(`{"name":"probabilities","shape":[${N},${K}],"datatype":"FP64","data":[${await joinChunked(probs.length, (i) => String(probs[i]))}],"parameters":{"labels":${JSON.stringify(m.labels)}}}`);
        }
        if (wanted.has('predicted_label')) {
          const quoted = m.labels.map((l) => JSON.stringify(l));
          const index = new Map(m.labels.map((l, k) => [l, k] as const));
          outputs.push(`{"name":"predicted_label","shape":[${N}],"datatype":"BYTES","data":[${await joinChunked(N, (i) => quoted[index.get(labels[i]!)!]!)}]}`);
        }
        const head = JSON.stringify({ model_name: m.name, model_version: m.version, ...(req.body.id !== undefined ? { id: req.body.id } : {}) });
        return `${head.slice(0, -1)},"outputs":[${outputs.join(',')}]}`;
      });
    const inferRoute = async (req: Parameters<typeof infer>[0], reply: FastifyReply) => {
      const text = await infer(req, reply);
      reply.type('application/json; charset=utf-8');
      return text;
    };
    app.post<P & { Body: InferBody }>('/v2/models/:name/infer', { schema: { tags, summary: 'Inference', params, body: inferSchema } }, inferRoute);
    app.post<P & { Body: InferBody }>('/v2/models/:name/versions/:version/infer', { schema: { tags, summary: 'Inference on a version', params, body: inferSchema } }, inferRoute);
  };
}

function checkTarget(m: LoadedModel, p: { name: string; version?: string }): void {
  if (p.name !== m.name) throw ServingErrors.FW_ERR_SERVE_NOT_FOUND(`model '${p.name}' is not served here; this server serves '${m.name}'`);
  if (p.version !== undefined && p.version !== m.version) {
    throw ServingErrors.FW_ERR_SERVE_NOT_FOUND(`model '${m.name}' version '${p.version}' is not served here; the served version is '${m.version}'`);
  }
}

function target(ctx: ServingContext, p: { name: string; version?: string }): LoadedModel {
  const m = ctx.slot.current;
  if (!m) throw ServingErrors.FW_ERR_SERVE_NOT_READY('no model is loaded yet');
  checkTarget(m, p);
  return m;
}

function metadata(m: LoadedModel): unknown {
  return {
    name: m.name,
    versions: [m.version],
    platform: m.format === 'onnx' ? 'onnxruntime_onnx' : 'forewarn_json',
    inputs: m.signature.inputs.map((f) => ({ name: f.name, datatype: f.type === 'category' ? 'BYTES' : f.type === 'boolean' ? 'BOOL' : 'FP64', shape: [-1] })),
    outputs: [
      { name: 'probabilities', datatype: 'FP64', shape: [-1, m.labels.length] },
      { name: 'predicted_label', datatype: 'BYTES', shape: [-1] },
    ],
    parameters: { labels: m.labels, alias: m.alias ?? null },
  };
}

/** `item(0) + ',' + ... + item(n - 1)`, built 65,536 items at a time with a yield to the event loop in between. */
async function joinChunked(n: number, item: (i: number) => string): Promise<string> {
  const CHUNK = 65_536;
  const parts: string[] = [];
  for (let s = 0; s < n; s += CHUNK) {
    if (s > 0) await new Promise((r) => setImmediate(r));
    const e = Math.min(n, s + CHUNK);
    const piece = new Array<string>(e - s);
    for (let i = s; i < e; i++) piece[i - s] = item(i);
    parts.push(piece.join(','));
  }
  return parts.join(',');
}

function requestedOutputs(outs: InferBody['outputs']): Set<string> {
  if (!outs || outs.length === 0) return new Set(OUTPUTS);
  const s = new Set<string>();
  outs.forEach((o, i) => {
    if (!(OUTPUTS as readonly string[]).includes(o.name)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`outputs[${i}].name: unknown output '${o.name}'; this model has ${OUTPUTS.join(', ')}`);
    s.add(o.name);
  });
  return s;
}

/** Row-major values from flat or nested `data`; nesting deeper than the shape is refused (and bounds recursion). */
function flatten(data: unknown[], where: string, maxDepth: number): unknown[] {
  if (!data.some(Array.isArray)) return data;
  const out: unknown[] = [];
  const walk = (a: unknown[], depth: number): void => {
    if (depth > maxDepth) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: data is nested ${depth} levels deep; the shape has ${maxDepth} dimensions`);
    for (const x of a) {
      if (Array.isArray(x)) walk(x, depth + 1);
      else out.push(x);
    }
  };
  walk(data, 1);
  return out;
}

function checkTensor(t: Tensor, i: number): unknown[] {
  const where = `inputs[${i}] (${t.name})`;
  const data = flatten(t.data, where, Math.max(1, t.shape.length));
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: shape [${t.shape.join(', ')}] needs ${expected} values, data has ${data.length}`);
  const numeric = NUMERIC_TYPES.has(t.datatype);
  if (!numeric && t.datatype !== 'BOOL' && t.datatype !== 'BYTES') {
    throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: datatype '${t.datatype}' is not a v2 datatype (FP32, FP64, INT*, UINT*, BOOL, BYTES)`);
  }
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    const ok = numeric ? typeof v === 'number' || v === null : t.datatype === 'BOOL' ? typeof v === 'boolean' : typeof v === 'string';
    if (!ok) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: data[${k}] is ${v === null ? 'null' : typeof v} but the datatype is ${t.datatype}`);
    if (numeric && t.datatype.includes('INT') && typeof v === 'number' && !Number.isInteger(v)) {
      throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: data[${k}] = ${v} is not an integer but the datatype is ${t.datatype}`);
    }
  }
  return data;
}

/**
 * The request's records, built one at a time on demand (`at(i)`): a million-row request never holds a million record
 * objects, only the columns it arrived with and the encoded rows.
 */
function toRecords(m: LoadedModel, inputs: Tensor[], max: number): RecordSource {
  const names = m.validator.names;
  const P = names.length;
  if (inputs.length === 1 && !names.includes(inputs[0]!.name)) {
    // One matrix tensor [N, P] in feature order.
    const t = inputs[0]!;
    if (t.datatype !== 'FP32' && t.datatype !== 'FP64') throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs[0] (${t.name}): a single matrix input must be FP32 or FP64 [N, ${P}], got ${t.datatype} (or name one tensor per feature: ${names.join(', ')})`);
    if (t.shape.length !== 2 || t.shape[1] !== P) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs[0] (${t.name}): shape must be [N, ${P}] (one column per feature), got [${t.shape.join(', ')}]`);
    const N = t.shape[0]!;
    if (N > max) tooMany(N, max, 'the request');
    const data = checkTensor(t, 0);
    const cats = m.predictor.features.map((f) => (f.type === 'categorical' ? f.categories ?? [] : undefined));
    return {
      n: N,
      at: (i) => {
        const rec: Record<string, unknown> = {};
        for (let j = 0; j < P; j++) {
          const v = data[i * P + j];
          const c = cats[j];
          // Category columns carry the index; out-of-range indices stay numbers and the validator refuses them.
          setOwn(rec, names[j]!, c && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < c.length ? c[v] : v);
        }
        return rec;
      },
    };
  }
  // One tensor per feature.
  let N = -1;
  const cols = inputs.map((t, i) => {
    if (t.shape.length < 1 || t.shape.length > 2 || (t.shape.length === 2 && t.shape[1] !== 1)) {
      throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs[${i}] (${t.name}): a per-feature tensor must have shape [N] or [N, 1], got [${t.shape.join(', ')}]`);
    }
    if (N >= 0 && t.shape[0] !== N) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs[${i}] (${t.name}): ${t.shape[0]} rows, but inputs[0] has ${N}`);
    N = t.shape[0]!;
    return checkTensor(t, i);
  });
  if (N > max) tooMany(N, max, 'the request');
  const seen = new Set<string>();
  inputs.forEach((t, i) => {
    if (seen.has(t.name)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs[${i}]: tensor '${t.name}' is given twice`);
    seen.add(t.name);
  });
  return {
    n: Math.max(N, 0),
    at: (i) => {
      const rec: Record<string, unknown> = {};
      for (let c = 0; c < inputs.length; c++) setOwn(rec, inputs[c]!.name, cols[c]![i]);
      return rec;
    },
  };
}
