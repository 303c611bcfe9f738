import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { allTestDatabases } from '../db/test-databases.js';
import { SqlPredictionLog } from './sql-prediction-log.js';
import { predictionLogContract } from './prediction-log.contract.js';
import { WorkerPredictionLog } from './worker-prediction-log.js';

const run = promisify(execFile);
const mod = (p: string) => JSON.stringify(fileURLToPath(new URL(p, import.meta.url)));

for (const tdb of await allTestDatabases()) for (const via of ['direct', 'worker thread'] as const) {
  predictionLogContract(`${tdb.name}, ${via}`, tdb.skip, async () => {
    const { store, url, cleanup } = await tdb.open();
    const direct = new SqlPredictionLog(store);
    const log = via === 'direct' ? direct : new WorkerPredictionLog(direct, url);
    return {
      log,
      // Another OS process opening the same URL, like a second server replica.
      appendFromOtherProcess: async (replica) => {
        const code = `
          import { openStore } from ${mod('../db/open-store.js')};
          import { SqlPredictionLog } from ${mod('./sql-prediction-log.js')};
          import { replicaBatch } from ${mod('./prediction-log.contract.js')};
          const log = new SqlPredictionLog(await openStore(${JSON.stringify(url)}), true);
          for (let b = 0; b < 10; b++) await log.append(replicaBatch(${JSON.stringify(replica)}, b));
          await log.close();`;
        await run(process.execPath, ['--input-type=module', '-e', code]);
      },
      cleanup: async () => { await log.close(); await cleanup(); },
    };
  });
}
