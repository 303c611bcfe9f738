import type { FastifyPluginAsync } from 'fastify';
import { elapsedSeconds } from '../request-timing.js';
import type { ServingContext } from '../context.js';
import { withModel, tooMany } from '../context.js';
import type { LoadedModel } from '../../inference/loaded-model.js';
import { predictRecords } from '../inference.js';
import { argmaxAt as argmax } from '../../core/argmax.js';
import { CsvText, parseCsvRecordsYielding } from '../csv-body.js';
import { setOwn } from '../own-field.js';
import { describeValue } from '../../core/describe-value.js';
import { ServingErrors } from '../errors.js';

/**
 * MLflow scoring-server protocol (what `mlflow models serve` speaks), so MLflow clients and SageMaker-style callers
 * work unchanged.
 *
 * POST /invocations, application/json with exactly one of
 *   {"dataframe_split": {"columns": [...], "data": [[...], ...]}}      (pandas orient=split; `index` ignored)
 *   {"dataframe_records": [{feature: value, ...}, ...]}                (pandas orient=records)
 *   {"instances": [...]} / {"inputs": [...]}                           (records, or rows in feature order)
 *   {"inputs": {feature: [values...], ...}}                            (columnar)
 * plus optional "params": {"predict_method": "predict" | "predict_proba"};
 * or text/csv with a header row of feature names.
 *
 * Response {"predictions": [...]}: like an MLflow pyfunc scikit-learn classifier, each prediction is the predicted
 * label (string). With params.predict_method = "predict_proba" (or ?predict_method=predict_proba) each prediction
 * is the probability list in label order, and the response also carries "labels".
 */
const FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/** MLflow's liveness probe (public on every bind). */
export function mlflowProbes(ctx: ServingContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/ping', { schema: { tags: ['mlflow'], summary: 'MLflow liveness (200 when a model is loaded)' } }, async (_req, reply) => {
      if (!ctx.slot.current) return reply.code(503).send({ code: ServingErrors.defs.FW_ERR_SERVE_NOT_READY.code, message: 'no model is loaded yet' });
      return reply.type('text/plain').send('\n');
    });
  };
}

export function mlflowRoutes(ctx: ServingContext, version: string): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, new CsvText(body as string)));

    app.get('/version', { schema: { tags: ['mlflow'], summary: 'Server and model version' } }, async () => {
      const m = ctx.slot.current;
      return { forewarn: version, model: m ? { name: m.name, version: m.version } : null };
    });

    app.post<{ Body: unknown; Querystring: { predict_method?: string } }>('/invocations', {
      schema: {
        tags: ['mlflow'],
        summary: 'MLflow scoring protocol (dataframe_split, dataframe_records, instances, inputs, or text/csv)',
        querystring: { type: 'object', properties: { predict_method: { type: 'string', enum: ['predict', 'predict_proba'] } }, additionalProperties: false },
        consumes: ['application/json', 'text/csv'],
        body: {
          type: 'object',
          description: 'Exactly one of dataframe_split, dataframe_records, instances, inputs; optional params. (text/csv bodies: header row + one row per record.)',
          properties: {
            dataframe_split: { type: 'object', properties: { columns: { type: 'array', maxItems: 10_000, items: { type: 'string' } }, data: { type: 'array', items: { type: 'array' } }, index: { type: 'array' } }, required: ['columns', 'data'], additionalProperties: false },
            dataframe_records: { type: 'array' },
            instances: { type: 'array' },
            inputs: { type: ['array', 'object'] },
            params: { type: 'object', properties: { predict_method: { type: 'string', enum: ['predict', 'predict_proba'] } }, additionalProperties: false },
          },
          additionalProperties: false,
        },
      },
    }, (req, reply) => withModel(ctx, async (m) => {
      let records: unknown[];
      let method = req.query.predict_method ?? 'predict';
      if (req.body instanceof CsvText) {
        records = await parseCsvRecordsYielding(req.body.text, ctx.maxBatchRecords, Math.max(1000, 2 * m.validator.names.length));
      } else if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`an application/json body must be an object with exactly one of ${FORMATS.join(', ')}; got ${describeValue(req.body)} (send CSV as Content-Type: text/csv)`);
      } else {
        const body = req.body as Record<string, unknown>;
        const given = FORMATS.filter((f) => body[f] !== undefined);
        if (given.length !== 1) {
          throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`the body needs exactly one of ${FORMATS.join(', ')}; got ${given.length ? given.join(', ') : 'none'}`);
        }
        const pm = (body.params as { predict_method?: string } | undefined)?.predict_method;
        if (pm) method = pm;
        records = toRecords(m, given[0]!, body[given[0]!]);
      }
      if (records.length > ctx.maxBatchRecords) tooMany(records.length, ctx.maxBatchRecords, 'the request');
      const { probs, rows } = await predictRecords(m, records);
      ctx.record(m, rows, records.length, probs, req, elapsedSeconds(req, reply));
      const K = m.labels.length;
      const predictions = new Array(records.length);
      for (let i = 0; i < records.length; i++) {
        const k = argmax(probs, i * K, K);
        ctx.countLabel(m.labels[k]!);
        predictions[i] = method === 'predict_proba' ? Array.from(probs.subarray(i * K, i * K + K)) : m.labels[k];
      }
      return method === 'predict_proba' ? { predictions, labels: m.labels } : { predictions };
    }));
  };
}

/** Normalise every MLflow input layout to records keyed by feature name. Positional rows use the model's order. */
function toRecords(m: LoadedModel, format: (typeof FORMATS)[number], v: unknown): unknown[] {
  const names = m.validator.names;
  const fromRow = (row: unknown, where: string): unknown => {
    if (!Array.isArray(row)) return row;
    if (row.length !== names.length) {
      throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`${where}: a positional row has ${row.length} values; the model takes ${names.length} (${names.join(', ')}) in that order`);
    }
    const rec: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) setOwn(rec, names[j]!, row[j]);
    return rec;
  };
  if (format === 'dataframe_split') {
    const { columns, data } = v as { columns: string[]; data: unknown[][] };
    const seen = new Set<string>();
    const dup = columns.find((c) => seen.size === seen.add(c).size);
    if (dup !== undefined) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`dataframe_split.columns: '${dup}' appears twice`);
    return data.map((row, i) => {
      if (row.length !== columns.length) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`dataframe_split.data[${i}] has ${row.length} values but there are ${columns.length} columns`);
      const rec: Record<string, unknown> = {};
      for (let j = 0; j < columns.length; j++) setOwn(rec, columns[j]!, row[j]);
      return rec;
    });
  }
  if (format === 'inputs' && !Array.isArray(v)) {
    // Columnar: {feature: [values...]}; all columns the same length.
    const cols = Object.entries(v as Record<string, unknown>);
    let n = -1;
    for (const [k, c] of cols) {
      if (!Array.isArray(c)) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs.${k}: expected an array of values (columnar inputs), got ${typeof c}`);
      if (n >= 0 && c.length !== n) throw ServingErrors.FW_ERR_SERVE_MALFORMED_BODY(`inputs.${k}: ${c.length} values, but other columns have ${n}`);
      n = c.length;
    }
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < Math.max(n, 0); i++) {
      const rec: Record<string, unknown> = {};
      for (const [k, c] of cols) setOwn(rec, k, (c as unknown[])[i]);
      out.push(rec);
    }
    return out;
  }
  return (v as unknown[]).map((r, i) => fromRow(r, `${format}[${i}]`));
}
