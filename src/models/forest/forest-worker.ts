/**
 * Worker thread of the forest pool: receives the shared forest context once, then tree indices; answers each with
 * the grown tree (typed arrays transferred, not copied) or an error message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ForestScratch, growForestTree } from './forest-tree.js';
import type { ForestContext, ForestTreeParams } from './forest-tree.js';

const { ctx, params } = workerData as { ctx: ForestContext; params: ForestTreeParams };
const sc = new ForestScratch(ctx);
parentPort!.on('message', (msg: { tree: number } | { exit: true }) => {
  if ('exit' in msg) { parentPort!.close(); return; }
  try {
    const t = growForestTree(ctx, params, msg.tree, sc);
    const transfer = [t.feature, t.threshold, t.left, t.right, t.missingLeft, t.catStart, t.catWords, t.catBits, t.value, t.cover, t.gain].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ tree: msg.tree, result: t }, transfer);
  } catch (e) {
    parentPort!.postMessage({ tree: msg.tree, error: String((e as Error)?.stack ?? e) });
  }
});
