/**
 * Benchmark server for the logging overhead: `node dist/bench/monitoring/log-server-child.js <model.json> off|<sqlite path>`
 * serves the bench model with the real service, with or without the prediction log (100 % sampling, SQLite, default
 * flush). Prints one JSON line {url} when listening.
 */
import { startServer } from '../../src/serving/server.js';
import { FileModelSource } from '../../src/inference/model-source.js';
import { benchJsonLoader } from '../serving/bench-model.js';
import { createLogger } from '../../src/core/logger.js';
import { openStore } from '../../src/db/open-store.js';
import { SqlPredictionLog } from '../../src/monitoring/sql-prediction-log.js';
import { createRecorder } from '../../src/serving/prediction-recorder.js';
import { WorkerPredictionLog } from '../../src/monitoring/worker-prediction-log.js';

const [path, log] = process.argv.slice(2);
const { load } = await benchJsonLoader();
// 'inline:<path>' writes on the event loop (SqlPredictionLog); a plain path uses the worker-thread writer, as serve does.
const inline = log?.startsWith('inline:');
const path2 = inline ? log!.slice(7) : log;
const reader = log && log !== 'off' ? new SqlPredictionLog(await openStore(`sqlite:${path2}`), true) : undefined;
const sink = reader && !inline ? new WorkerPredictionLog(reader, `sqlite:${path2}`) : reader;
const recorder = sink ? createRecorder(sink, { sampleRate: Number(process.env.LOG_SAMPLE ?? 1) }) : undefined;
const s = await startServer({
  source: new FileModelSource({ path: path!, jsonLoader: load }),
  host: '127.0.0.1', port: 0, authEnabled: true, handleSignals: true, requireModel: true, pollSeconds: 0, maxBatchRecords: 10_000,
  logger: createLogger('bench-serve'), recorder, defaultMetrics: false,
});
process.stdout.write(JSON.stringify({ url: s.url }) + '\n');
