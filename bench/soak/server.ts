/**
 * Soak server process: the real service (startServer, SIGTERM handling) over a 50-tree forest in memory. Prints one
 * JSON line {url, pid} when listening.
 */
import { startServer } from '../../src/serving/server.js';
import { MemoryModelSource } from '../../src/serving/test-memory-source.js';
import { testForest, TEST_SIGNATURE } from '../../src/serving/test-fixtures.js';

const source = new MemoryModelSource('pump').add('1', testForest(7, 50, 8), { signature: TEST_SIGNATURE }).setAlias('production', '1');
const s = await startServer({ source, modelName: 'pump', host: '127.0.0.1', port: 0, authEnabled: true, handleSignals: true, requireModel: true, pollSeconds: 0, docs: false });
process.stdout.write(JSON.stringify({ url: s.url, pid: process.pid }) + '\n');
