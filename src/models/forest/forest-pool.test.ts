import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildForest, poolTuning } from './forest-pool.js';

poolTuning.inlineBelow = 0; // exercise the worker threads even on tiny data
import type { ForestContext, ForestTreeParams } from './forest-tree.js';

const params: ForestTreeParams = { seed: 1, bootstrap: true, maxDepth: 3, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 1, criterion: 'gini', balancedSubsample: false };

test('an error inside a worker surfaces as FW_ERR_MODEL_WORKER_FAILED and the pool shuts down', async () => {
  // y is missing: growing a tree throws inside the worker thread.
  const broken = { nRows: 10, nFeatures: 1, nClasses: 2, bins: new Uint8Array(10), stride: 256, nBins: Int32Array.of(1), categorical: new Uint8Array(1), edges: [new Float64Array(0)], baseWeight: new Float64Array(10).fill(1) } as unknown as ForestContext;
  await assert.rejects(buildForest(broken, params, 4, 2), (e: Error & { code?: string }) => e.code === 'FW_ERR_MODEL_WORKER_FAILED' && /tree \d/.test(e.message));
});

test('pool builds every tree in index order whatever finishes first', async () => {
  const n = 50;
  const ctx: ForestContext = {
    nRows: n, nFeatures: 1, nClasses: 2,
    bins: Uint8Array.from({ length: n }, (_, i) => i % 5), stride: 256, nBins: Int32Array.of(5), categorical: new Uint8Array(1), edges: [Float64Array.of(0.5, 1.5, 2.5, 3.5)],
    y: Int32Array.from({ length: n }, (_, i) => (i % 5 >= 3 ? 1 : 0)), baseWeight: new Float64Array(n).fill(1),
  };
  const seen: number[] = [];
  const trees = await buildForest(ctx, params, 6, 2, (d) => seen.push(d));
  assert.equal(trees.length, 6);
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  const inline = await buildForest(ctx, params, 6, 1);
  assert.deepEqual(trees.map((t) => Array.from(t.threshold)), inline.map((t) => Array.from(t.threshold)));
});
