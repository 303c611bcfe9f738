/**
 * Benchmark server process: `node dist/bench/serving/server-child.js forewarn <model.json>` serves the model with
 * the real service; `... bare` serves a bare Fastify POST handler with schema validation (the HTTP-layer ceiling).
 * Prints one JSON line {url, loader} when listening.
 */
import Fastify from 'fastify';
import { startServer } from '../../src/serving/server.js';
import { FileModelSource } from '../../src/inference/model-source.js';
import { benchJsonLoader, BENCH_FEATURES } from './bench-model.js';
import { createLogger } from '../../src/core/logger.js';

const [mode, path] = process.argv.slice(2);
if (mode === 'bare') {
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } } });
  const properties = Object.fromEntries(BENCH_FEATURES.map((f) => [f.name, { type: 'number' }]));
  app.post('/predict', {
    schema: {
      body: { type: 'object', required: BENCH_FEATURES.map((f) => f.name), additionalProperties: false, properties },
      response: { 200: { type: 'object', properties: { sum: { type: 'number' } } } },
    },
  }, async (req) => {
    let sum = 0;
    for (const v of Object.values(req.body as Record<string, number>)) sum += v;
    return { sum };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(JSON.stringify({ url, loader: 'bare' }) + '\n');
} else {
  const { load, which } = await benchJsonLoader();
  const s = await startServer({
    source: new FileModelSource({ path: path!, jsonLoader: load }),
    host: '127.0.0.1', port: 0, authEnabled: true, handleSignals: true, requireModel: true, pollSeconds: 0, maxBatchRecords: 10_000, bodyLimitBytes: 16 * 1024 * 1024,
    logger: createLogger('bench-serve'),
  });
  process.stdout.write(JSON.stringify({ url: s.url, loader: which, loadSeconds: s.slot.current?.loadSeconds }) + '\n');
}
