/**
 * Builds the trees of a forest on worker threads. Trees are handed out one at a time to whichever worker is free
 * and stored by index, so the forest is identical for any number of workers (each tree's randomness depends only on
 * the seed and its index). One worker (or a small job) runs inline on the calling thread. The binned matrix, labels
 * and weights are SharedArrayBuffer views: workers read them without copies.
 */
import { Worker } from 'node:worker_threads';
import type { TreeArrays } from '../format/tree-arrays.js';
import { ModelErrors } from '../errors.js';
import { ForestScratch, growForestTree } from './forest-tree.js';
import type { ForestContext, ForestTreeParams } from './forest-tree.js';

/** Tuning knob (tests lower it to exercise the worker path on tiny data). */
export const poolTuning = { inlineBelow: 2_000_000 };

export async function buildForest(
  ctx: ForestContext, params: ForestTreeParams, nTrees: number, workers: number,
  onProgress?: (done: number, total: number) => void,
): Promise<TreeArrays[]> {
  const out: TreeArrays[] = new Array(nTrees);
  // Starting a worker costs tens of milliseconds (module loading); below ~2M row-trees inline is faster.
  const nw = ctx.nRows * nTrees < poolTuning.inlineBelow ? 1 : Math.min(workers, nTrees);
  if (nw <= 1) {
    const sc = new ForestScratch(ctx);
    for (let t = 0; t < nTrees; t++) {
      out[t] = growForestTree(ctx, params, t, sc);
      onProgress?.(t + 1, nTrees);
    }
    return out;
  }
  const pool: Worker[] = [];
  let next = 0, done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (msg: string): void => {
        if (failed) return;
        failed = true;
        reject(ModelErrors.FW_ERR_MODEL_WORKER_FAILED(`forest worker failed: ${msg}`));
      };
      for (let w = 0; w < nw; w++) {
        const worker = new Worker(new URL('./forest-worker.js', import.meta.url), { workerData: { ctx, params } });
        pool.push(worker);
        worker.on('message', (m: { tree: number; result?: TreeArrays; error?: string }) => {
          if (m.error !== undefined) return fail(`tree ${m.tree}: ${m.error}`);
          out[m.tree] = m.result!;
          done++;
          onProgress?.(done, nTrees);
          if (done === nTrees) return resolve();
          if (next < nTrees) worker.postMessage({ tree: next++ });
        });
        worker.on('error', (e) => fail(e.message));
        worker.on('exit', (code) => { if (done < nTrees && !failed) fail(`a worker exited with code ${code} before the forest was done`); });
        worker.postMessage({ tree: next++ });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
