import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TrackingStore } from './tracking-store.js';
import { isFwError } from '../core/errors.js';

/** Behaviour every TrackingStore must have. Run per backend by tracking-store.test.ts. */
export function trackingStoreContract(label: string, skip: string | false, open: () => Promise<{ store: TrackingStore; cleanup: () => Promise<void> }>): void {
  describe(`TrackingStore contract: ${label}`, { skip }, () => {
    let s: TrackingStore;
    let cleanup: () => Promise<void>;
    before(async () => ({ store: s, cleanup } = await open()));
    after(async () => cleanup?.());

    const code = (c: string) => (e: unknown) => isFwError(e) && e.code === c;

    it('creates, gets and lists experiments; duplicate names conflict; unknown names list existing ones', async () => {
      const e = await s.createExperiment('churn', { description: 'first', tags: { team: 'ops' } });
      assert.equal(e.name, 'churn');
      assert.deepEqual((await s.getExperiment('churn')).tags, { team: 'ops' });
      assert.equal((await s.getExperiment(e.id)).name, 'churn');
      await assert.rejects(s.createExperiment('churn'), code('FW_ERR_TRACKING_CONFLICT'));
      await assert.rejects(s.getExperiment('nope'), (err: unknown) => isFwError(err) && err.code === 'FW_ERR_TRACKING_NOT_FOUND' && /churn/.test(err.message));
      assert.equal((await s.getOrCreateExperiment('churn')).id, e.id);
      await s.getOrCreateExperiment('other');
      assert.deepEqual((await s.listExperiments()).map((x) => x.name).sort(), ['churn', 'other']);
    });

    it('starts a run with provenance, params, tags; ends it once', async () => {
      const r = await s.startRun({ experimentName: 'runs-exp', name: 'baseline', datasetHash: 'd1', configHash: 'c1', codeVersion: 'abc123', params: { lr: 0.1, depth: 6, balanced: true }, tags: { kind: 'train' }, artifactUri: 'file:/tmp/a' });
      assert.equal(r.status, 'RUNNING');
      assert.equal(r.endTime, null);
      assert.deepEqual(r.params, { lr: '0.1', depth: '6', balanced: 'true' });
      assert.deepEqual(r.tags, { kind: 'train' });
      assert.equal(r.datasetHash, 'd1');
      assert.equal(r.codeVersion, 'abc123');
      assert.equal(r.environment?.nodeVersion, process.version);
      const done = await s.endRun(r.id, 'FINISHED');
      assert.equal(done.status, 'FINISHED');
      assert.ok(done.endTime && done.endTime >= done.startTime);
      await assert.rejects(s.endRun(r.id, 'FAILED'), code('FW_ERR_TRACKING_CONFLICT'));
      await assert.rejects(s.endRun(r.id, 'RUNNING' as never), code('FW_ERR_TRACKING_INVALID'));
      assert.equal((await s.getRun(r.id.slice(0, 12))).id, r.id);
      await assert.rejects(s.getRun('ffffffffffffffffffffffffffffffff'), code('FW_ERR_TRACKING_NOT_FOUND'));
    });

    it('keeps metric history per step and the latest value; batch is all-or-nothing', async () => {
      const r = await s.startRun({ experimentName: 'metrics-exp' });
      await s.logMetrics(r.id, [
        { key: 'loss', value: 0.9, step: 0 },
        { key: 'loss', value: 0.5, step: 1 },
        { key: 'loss', value: 0.7, step: 2 },
        { key: 'auc', value: 0.8 },
      ]);
      await s.logMetric(r.id, 'loss', 0.3, 3);
      assert.deepEqual((await s.getMetricHistory(r.id, 'loss')).map((m) => [m.step, m.value]), [[0, 0.9], [1, 0.5], [2, 0.7], [3, 0.3]]);
      await s.logMetric(r.id, 'loss', 0.99, 1); // an older step does not replace the latest
      assert.deepEqual((await s.getRun(r.id)).metrics, { loss: 0.3, auc: 0.8 });
      await assert.rejects(s.logMetrics(r.id, [{ key: 'ok', value: 1 }, { key: 'bad', value: Number.NaN }]), (e: unknown) => isFwError(e) && /metrics\[1\]/.test(e.message));
      await assert.rejects(s.logMetric(r.id, 'x', Infinity), code('FW_ERR_TRACKING_INVALID'));
      await assert.rejects(s.logMetric(r.id, 'x', 1, -1), code('FW_ERR_TRACKING_INVALID'));
      await assert.rejects(s.logMetric(r.id, '', 1), code('FW_ERR_TRACKING_INVALID'));
      assert.equal('ok' in (await s.getRun(r.id)).metrics, false);
    });

    it('concurrent metric writers keep the full history and the highest step as latest', async () => {
      const r = await s.startRun({ experimentName: 'concurrent-exp' });
      await Promise.all(Array.from({ length: 8 }, (_, i) => s.logMetric(r.id, 'c', i * 10, i)));
      assert.equal((await s.getRun(r.id)).metrics.c, 70);
      assert.deepEqual((await s.getMetricHistory(r.id, 'c')).map((m) => m.step), [0, 1, 2, 3, 4, 5, 6, 7]);
      await Promise.all([s.getOrCreateExperiment('same-name'), s.getOrCreateExperiment('same-name'), s.getOrCreateExperiment('same-name')]);
      assert.equal((await s.listExperiments()).filter((e) => e.name === 'same-name').length, 1);
    });

    it('params are immutable, tags are mutable, artifacts are recorded', async () => {
      const r = await s.startRun({ experimentName: 'kv-exp', params: { a: 1 } });
      await s.logParams(r.id, { a: 1, b: 'x' });
      await assert.rejects(s.logParams(r.id, { a: 2 }), code('FW_ERR_TRACKING_CONFLICT'));
      await assert.rejects(s.logParams(r.id, { c: Number.NaN }), code('FW_ERR_TRACKING_INVALID'));
      await s.setTags(r.id, { stage: 'one' });
      await s.setTags(r.id, { stage: 'two' });
      await s.logArtifact(r.id, 'model', 's3://b/p/model.json');
      const got = await s.getRun(r.id);
      assert.deepEqual(got.params, { a: '1', b: 'x' });
      assert.deepEqual(got.tags, { stage: 'two' });
      assert.deepEqual(got.artifacts, { model: 's3://b/p/model.json' });
    });

    it('parent/child runs and search ordered by a metric (missing metric last)', async () => {
      const parent = await s.startRun({ experimentName: 'search-exp', name: 'hpo' });
      const aucs = [0.7, 0.9, 0.8];
      const kids = [];
      for (const [i, auc] of aucs.entries()) {
        const k = await s.startRun({ experimentName: 'search-exp', parentRunId: parent.id, name: `trial-${i}` });
        await s.logMetric(k.id, 'auc', auc);
        kids.push(k);
      }
      const noMetric = await s.startRun({ experimentName: 'search-exp', parentRunId: parent.id, name: 'trial-x' });
      const children = await s.searchRuns({ experiments: ['search-exp'], parentRunId: parent.id, orderBy: { metric: 'auc', direction: 'desc' } });
      assert.deepEqual(children.map((c) => c.name), ['trial-1', 'trial-2', 'trial-0', 'trial-x']);
      const asc = await s.searchRuns({ parentRunId: parent.id, orderBy: { metric: 'auc', direction: 'asc' }, limit: 2 });
      assert.deepEqual(asc.map((c) => c.name), ['trial-0', 'trial-2']);
      const top = await s.searchRuns({ experiments: ['search-exp'], parentRunId: null });
      assert.deepEqual(top.map((r) => r.id), [parent.id]);
      await s.endRun(noMetric.id, 'KILLED');
      assert.deepEqual((await s.searchRuns({ experiments: ['search-exp'], statuses: ['KILLED'] })).map((r) => r.id), [noMetric.id]);
      await assert.rejects(s.searchRuns({ limit: 0 }), code('FW_ERR_TRACKING_INVALID'));
      await assert.rejects(s.searchRuns({ experiments: ['missing-exp'] }), code('FW_ERR_TRACKING_NOT_FOUND'));
      await assert.rejects(s.startRun({ experimentName: 'search-exp', parentRunId: 'deadbeefdeadbeef' }), code('FW_ERR_TRACKING_NOT_FOUND'));
    });
  });
}
