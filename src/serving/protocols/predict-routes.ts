import { decide } from '../../entities/decision-rule.js';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ServingContext } from '../context.js';
import { withModel, tooMany } from '../context.js';
import type { LoadedModel } from '../../inference/loaded-model.js';
import { predictOneSync, predictRecords, predictRows } from '../inference.js';
import { argmaxAt as argmax } from '../../core/argmax.js';
import { ServingErrors } from '../errors.js';
import { parseJsonText } from '../json-body.js';
import type { RequestSeries } from '../metrics.js';
import { elapsedSeconds } from '../request-timing.js';

/**
 * forewarn's own protocol: POST /predict (one record, named features exactly as in the data) and
 * POST /predict/batch ({records: [...]}). `?explain=true` adds the top feature contributions.
 */
const recordSchema = {
  type: 'object',
  description: 'One record: every model feature by its exact name (see GET /model/info signature). null = unknown where the signature allows it.',
  // Values are checked against the model signature (compiled per model), not here, so that every field error —
  // types, NaN/Infinity, ranges, categories, unknown names — comes back in one consistent list.
  additionalProperties: { description: 'number | string (category) | boolean | null' },
  examples: [{ 'Spindle_Bearing_Temperature(?C)': 71.5, 'Packet_Loss_%': 0.2 }],
} as const;

const modelRef = { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } } as const;
const probabilities = { type: 'object', description: 'label → probability (sums to 1)', additionalProperties: { type: 'number' } } as const;
const explanation = {
  type: 'object',
  properties: {
    space: { type: 'string', description: "'probability' (random forest) or 'logit' (boosting, logistic)" },
    output: { type: 'string', description: 'the label whose score is explained' },
    expected_value: { type: 'number', description: 'the model output for an average record; plus all contributions = this output' },
    top: { type: 'array', items: { type: 'object', properties: { feature: { type: 'string' }, value: { type: ['number', 'string', 'null'] }, contribution: { type: 'number' } } } },
  },
} as const;
const predictionProps = {
  predicted_label: { type: 'string', description: 'the most probable label (argmax)' },
  label_index: { type: 'integer' },
  probabilities,
  alert: { type: 'boolean', description: 'versions with an evaluated decision rule: whether the rule alerts (P(positive) or 1 − P(none) ≥ the threshold chosen on validation)' },
  decision_label: { type: 'string', description: 'versions with an evaluated decision rule: the label that rule assigns (the likeliest failure class when alerting)' },
} as const;

const explainQuery = {
  type: 'object',
  properties: { explain: { type: 'string', enum: ['true', 'false', '1', '0'], description: 'add the top feature contributions' } },
  additionalProperties: false,
} as const;

/** Route config of the self-timed routes (app.ts RouteCfg): a plain object, Fastify's config type has no such key. */
const SELF_TIMED: Record<string, unknown> = { selfTimed: true };

export function predictRoutes(ctx: ServingContext): FastifyPluginAsync {
  return async (parent) => {
    // Each route sits in its own context with a body parser that encodes well-formed records straight into rows.
    await parent.register(async (app) => {
      const rowFor = rowCutter();
      scanBodies(app, ctx, (m, raw) => {
        const row = rowFor(m.nFeatures);
        return m.validator.scanner?.scanRecord(raw, row) ? { rows: row, n: 1 } : undefined;
      }, () => ({}));
      singleRoute(app, ctx);
    });
    await parent.register(async (app) => {
      scanBodies(app, ctx, (m, raw) => m.validator.scanner?.scanBatch(raw, ctx.maxBatchRecords), () => ({ records: [] }));
      batchRoute(app, ctx);
    });
  };
}

/**
 * Rows for scanned single records, cut from shared blocks and never handed out twice (a used-up block is simply
 * replaced; the garbage collector frees it with its last row). A typed array of its own would cost an off-heap
 * allocation per request (~0.3 µs, and more work for the scavenger).
 */
function rowCutter(): (P: number) => Float64Array {
  let block = new Float64Array(0);
  let off = 0;
  return (P) => {
    if (off + P > block.length) {
      block = new Float64Array(256 * Math.max(P, 1));
      off = 0;
    }
    const row = block.subarray(off, off + P);
    off += P;
    return row;
  };
}

/**
 * A body the route's parser has already encoded for `model` (record-scanner.ts). Fastify's schema validation sees
 * the plain `shell` object (which passes the route's body schema, as the scanned text would have); the rows ride
 * along under a symbol key, which validation (for-in) and serialisation never see.
 */
const SCANNED = Symbol('forewarn.scannedBody');
interface Scanned { model: LoadedModel; raw: Buffer; rows: Float64Array; n: number }

function scannedOf(body: unknown): Scanned | undefined {
  return body !== null && typeof body === 'object' ? (body as { [SCANNED]?: Scanned })[SCANNED] : undefined;
}

/** The JSON value of a body, scanned or not (scanned: parse the kept text again — explain, ONNX, a swap race). */
function jsonOf(body: unknown): unknown {
  const s = scannedOf(body);
  return s ? parseJsonText(s.raw.toString(), s.n + 1) : body;
}

/**
 * The context's application/json parser: the current model's scanner first; whatever it does not accept (bad input
 * included) is parsed the generic way, so validation and its 400s are exactly as without the scanner.
 */
function scanBodies(app: FastifyInstance, ctx: ServingContext, scan: (m: LoadedModel, raw: Buffer) => { rows: Float64Array; n: number } | undefined, shell: () => object): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, raw, done) => {
    const buf = raw as Buffer;
    const m = ctx.slot.current;
    const r = m ? scan(m, buf) : undefined;
    if (r) {
      const body = shell() as Record<symbol, Scanned>;
      body[SCANNED] = { model: m!, raw: buf, rows: r.rows, n: r.n };
      return done(null, body);
    }
    let parsed: unknown;
    try {
      parsed = parseJsonText(buf.toString(), ctx.maxBatchRecords);
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, parsed);
  });
}

function singleRoute(app: FastifyInstance, ctx: ServingContext): void {
  let okSeries: RequestSeries | undefined;
  // selfTimed (see app.ts): successes are recorded here, failures by the error handler — no onResponse hook.
  app.post<{ Body: unknown; Querystring: { explain?: string } }>('/predict', {
    config: SELF_TIMED,
    schema: {
      tags: ['predict'],
      summary: 'Predict one record',
      querystring: explainQuery,
      body: recordSchema,
      response: { 200: { type: 'object', properties: { model: modelRef, ...predictionProps, explanation } } },
    },
  }, (req, reply) => {
    const explain = req.query.explain === 'true' || req.query.explain === '1';
    // Hot path: a sync predictor and no explanation → validate, walk and serialise without an await, so the
    // model cannot be swapped mid-request and the scratch buffers stay valid. Returning a string (with the JSON
    // content type set) skips the generic serializer; the schema above still documents the shape.
    const cur = ctx.slot.current;
    if (!explain && cur?.predictor.predictOne) {
      const m = ctx.slot.acquire()!;
      try {
        const s = scannedOf(req.body);
        const probs = s?.model === m ? m.predictor.predictOne!(s.rows, m.outBuf) : predictOneSync(m, jsonOf(req.body))!;
        const k = argmax(probs, 0, m.labels.length);
        ctx.countLabel(m.labels[k]!);
        const w = writerFor(m);
        void reply.type(JSON_TYPE);
        const sec = elapsedSeconds(req, reply);
        ctx.record(m, s?.model === m ? s.rows : m.rowBuf, 1, probs, req, sec);
        (okSeries ??= ctx.metrics.requestSeries('/predict', 'POST', 200)).observe(sec);
        return w.head + w.prediction(probs, 0, k);
      } finally {
        ctx.slot.release(m);
      }
    }
    return withModel(ctx, async (m) => {
      const K = m.labels.length;
      const s = scannedOf(req.body);
      let record: unknown;
      let row: Float64Array;
      let probs: Float64Array | undefined;
      if (s?.model === m) {
        row = s.rows; // already validated and encoded for this model
        probs = m.predictor.predictOne ? m.predictor.predictOne(row, m.outBuf) : await predictRows(m, row, 1);
      } else {
        record = jsonOf(req.body);
        probs = predictOneSync(m, record);
        row = m.rowBuf;
        if (!probs) {
          const r = await predictRecords(m, [record]);
          probs = r.probs;
          row = r.rows;
        }
      }
      const k = argmax(probs, 0, K);
      ctx.countLabel(m.labels[k]!);
      const out: Record<string, unknown> = {
        model: { name: m.name, version: m.version },
        predicted_label: m.labels[k],
        label_index: k,
        probabilities: probObject(m, probs, 0),
      };
      if (m.decision) {
        const d = decide(m.decision, probs, K, 0);
        out.alert = d.alert;
        out.decision_label = m.labels[d.classIndex];
      }
      if (explain) out.explanation = explainRow(m, row, k, ctx.explainTopK, (record ?? jsonOf(req.body)) as Record<string, unknown>);
      const sec = elapsedSeconds(req, reply);
      ctx.record(m, row, 1, probs, req, sec);
      (okSeries ??= ctx.metrics.requestSeries('/predict', 'POST', 200)).observe(sec);
      return out;
    });
  });
}

function batchRoute(app: FastifyInstance, ctx: ServingContext): void {
  let okSeries: RequestSeries | undefined;
  app.post<{ Body: { records: unknown[] } }>('/predict/batch', {
    config: SELF_TIMED,
    schema: {
      tags: ['predict'],
      summary: 'Predict many records',
      body: {
        type: 'object',
        required: ['records'],
        additionalProperties: false,
        properties: { records: { type: 'array', items: recordSchema } },
      },
      response: { 200: { type: 'object', properties: { model: modelRef, predictions: { type: 'array', items: { type: 'object', properties: predictionProps } } } } },
    },
  }, (req, reply) => withModel(ctx, async (m) => {
    const s = scannedOf(req.body);
    let n: number;
    let probs: Float64Array;
    let rows: Float64Array;
    if (s?.model === m) {
      n = s.n;
      rows = s.rows;
      probs = await predictRows(m, s.rows, n);
    } else {
      const records = (s ? (jsonOf(req.body) as { records: unknown[] }) : req.body).records;
      if (records.length > ctx.maxBatchRecords) tooMany(records.length, ctx.maxBatchRecords, 'the batch');
      n = records.length;
      ({ probs, rows } = await predictRecords(m, records));
    }
    const K = m.labels.length;
    const w = writerFor(m);
    const perLabel = new Array<number>(K).fill(0);
    // One string built piece by piece: no per-record objects for the generic serializer to walk again.
    let body = w.batchHead;
    for (let i = 0; i < n; i++) {
      const k = argmax(probs, i * K, K);
      perLabel[k]!++;
      body += (i === 0 ? '{' : ',{') + w.prediction(probs, i * K, k);
    }
    for (let k = 0; k < K; k++) if (perLabel[k]) ctx.countLabel(m.labels[k]!, perLabel[k]);
    void reply.type(JSON_TYPE);
    const sec = elapsedSeconds(req, reply);
    ctx.record(m, rows, n, probs, req, sec);
    (okSeries ??= ctx.metrics.requestSeries('/predict/batch', 'POST', 200)).observe(sec);
    return body + ']}';
  }));
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** JSON pieces of one model's replies, escaped once per model instead of once per request. */
interface ReplyWriter {
  /** `{"model":{...},` — the single-record reply is head + prediction(...). */
  head: string;
  /** `{"model":{...},"predictions":[` */
  batchHead: string;
  /** `"predicted_label":...,"label_index":k,"probabilities":{...}}` (without the opening brace). */
  prediction(probs: Float64Array, off: number, k: number): string;
}

const writers = new WeakMap<LoadedModel, ReplyWriter>();

/** JSON.stringify's rendering of a number (non-finite → null), without going through JSON.stringify. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

function writerFor(m: LoadedModel): ReplyWriter {
  let w = writers.get(m);
  if (w) return w;
  const model = `{"model":${JSON.stringify({ name: m.name, version: m.version })},`;
  const K = m.labels.length;
  const labelHead = m.labels.map((l, k) => `"predicted_label":${JSON.stringify(l)},"label_index":${k},"probabilities":{`);
  const probKeys = m.labels.map((l, c) => (c === 0 ? '' : ',') + JSON.stringify(l) + ':');
  const rule = m.decision;
  const decisionLabels = m.labels.map((l) => JSON.stringify(l));
  w = {
    head: model,
    batchHead: model + '"predictions":[',
    prediction(probs, off, k) {
      let s = labelHead[k]!;
      for (let c = 0; c < K; c++) s += probKeys[c]! + num(probs[off + c]!);
      if (!rule) return s + '}}';
      const d = decide(rule, probs, K, off);
      return s + '},"alert":' + d.alert + ',"decision_label":' + decisionLabels[d.classIndex]! + '}';
    },
  };
  writers.set(m, w);
  return w;
}

function probObject(m: LoadedModel, probs: Float64Array, off: number): Record<string, number> {
  const o: Record<string, number> = {};
  for (let c = 0; c < m.labels.length; c++) o[m.labels[c]!] = probs[off + c]!;
  return o;
}

function explainRow(m: LoadedModel, row: Float64Array, k: number, topK: number, record: Record<string, unknown>): unknown {
  const fn = m.predictor.contributions;
  if (!fn) throw ServingErrors.FW_ERR_SERVE_BAD_INPUT(`explain=true: model ${m.name} v${m.version} (${m.format}) cannot compute feature contributions; call without explain`);
  const c = fn(row);
  const P = m.nFeatures;
  // One-output models (binary GBDT / logistic) explain the positive class; K-output models the predicted label.
  const o = c.nOutputs === 1 ? 0 : k;
  const idx = Array.from({ length: P }, (_, j) => j);
  idx.sort((a, b) => Math.abs(c.values[o * P + b]!) - Math.abs(c.values[o * P + a]!) || a - b);
  return {
    space: c.space,
    output: c.nOutputs === 1 ? m.labels[m.labels.length - 1] : m.labels[k],
    expected_value: c.expected[o],
    top: idx.slice(0, topK).map((j) => {
      const name = m.validator.names[j]!;
      return { feature: name, value: (record[name] as number | string | null) ?? null, contribution: c.values[o * P + j] };
    }),
  };
}
