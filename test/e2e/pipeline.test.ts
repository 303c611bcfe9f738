import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { pipelineEventLines } from '../../src/cli/commands/pipeline-lines.js';
import { openStores } from '../../src/stores/open-stores.js';

/** A small fleet and a quick model so the whole pipeline runs in seconds. */
async function smallProject(dir: string, seed = 7): Promise<void> {
  const cfg = demoConfig('e2e', seed)
    .replace('maxQuarantineFraction: 0.01', 'maxQuarantineFraction: 0.05')
    .replace('n_estimators: 150, max_depth: 6', 'n_estimators: 20, max_depth: 4')
    .replace('validation: { fraction: 0.15 }', 'validation: { fraction: 0.3 }')
    .replace('min_event_recall: 0.6', 'min_event_recall: 0.0').replace('min_detection_pr_auc: 0.3', 'min_detection_pr_auc: 0.0');
  await writeFile(join(dir, 'forewarn.yaml'), cfg);
  await writeFleet({ machines: 10, days: 90, seed }, join(dir, 'data'));
}

test('forewarn run: all steps, tracked run, report; an unchanged re-run reuses every step', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-e2e-'));
  try {
    await smallProject(dir);
    const project = await loadProject(dir);
    const lines: string[] = [];
    const first = await runPipeline(project, { onEvent: (e) => lines.push(...pipelineEventLines(e)), workers: 1, progress: 'silent' });
    assert.deepEqual(first.steps.map((s) => s.reused), [false, false, false, false, false, false]);
    assert.match(await readFile(first.reportPath, 'utf8'), /<svg/);
    const evaluation = JSON.parse(await readFile(first.evaluationPath, 'utf8'));
    assert.equal(evaluation.format, 'forewarn-evaluation');
    assert.deepEqual(evaluation.task.classes, ['none', 'comp1', 'comp2', 'comp3', 'comp4']);
    assert.ok(evaluation.baselines.length >= 2, 'both baselines are reported');

    const second = await runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' });
    assert.deepEqual(second.steps.slice(0, 5).map((s) => s.reused), [true, true, true, true, true]);
    assert.equal(second.datasetHash, first.datasetHash);
    assert.equal(await readFile(second.modelPath, 'utf8'), await readFile(first.modelPath, 'utf8'));

    const stores = await openStores({ project: dir });
    try {
      const runs = await stores.tracking.searchRuns({ experiments: ['e2e'] });
      assert.equal(runs.length, 2);
      assert.ok(runs.every((r) => r.status === 'FINISHED'));
      const r = await stores.tracking.getRun(first.runId);
      assert.equal(r.params.dataset_hash, first.datasetHash);
      assert.ok(Object.keys(r.artifacts ?? {}).includes('model'));
      if (first.registration.status !== 'blocked') {
        assert.equal(second.registration.status, 'already-registered');
        const versions = await stores.registry.listVersions(first.modelName);
        assert.equal(versions.length, 1, 'the same model bytes are registered once');
        assert.equal(versions[0]!.approval.status, 'PendingManualApproval');
        // The evaluated decision rule is a typed field of the version, not tags.
        assert.deepEqual(versions[0]!.decision, first.evaluation.decision);
        assert.equal(versions[0]!.decisionSource, 'recorded');
        assert.equal(Object.keys(versions[0]!.tags).some((k) => k.startsWith('decision.')), false);
      }
    } finally {
      await stores.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('same config + data + seed in another folder → byte-identical model file', async () => {
  const a = await mkdtemp(join(tmpdir(), 'fw-e2e-a-'));
  const b = await mkdtemp(join(tmpdir(), 'fw-e2e-b-'));
  try {
    await smallProject(a, 11);
    await cp(join(a, 'data'), join(b, 'data'), { recursive: true });
    await cp(join(a, 'forewarn.yaml'), join(b, 'forewarn.yaml'));
    const ra = await runPipeline(await loadProject(a), { workers: 1, progress: 'silent' });
    const rb = await runPipeline(await loadProject(b), { workers: 2, progress: 'silent' });
    assert.equal(await readFile(rb.modelPath, 'utf8'), await readFile(ra.modelPath, 'utf8'));
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('a failing step leaves earlier outputs; fixing the config resumes from that step', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-e2e-f-'));
  try {
    await smallProject(dir, 5);
    const good = await readFile(join(dir, 'forewarn.yaml'), 'utf8');
    // A parameter out of range is refused when the config loads, before any step runs.
    await writeFile(join(dir, 'forewarn.yaml'), good.replace('max_depth: 4', 'max_depth: -3'));
    await assert.rejects(loadProject(dir), (e: Error & { code?: string }) => e.code === 'FW_ERR_CONFIG_INVALID' && /model\.params\.max_depth/.test(e.message));
    // A parameter only the data can refuse (a class weight for a label that is not a class): train fails after
    // ingest/features/split succeeded.
    await writeFile(join(dir, 'forewarn.yaml'), good.replace('max_depth: 4', 'max_depth: 4, class_weight: {nope: 2}'));
    await assert.rejects(runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' }), /class_weight names label 'nope'/);
    await writeFile(join(dir, 'forewarn.yaml'), good);
    const resumed = await runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' });
    assert.deepEqual(resumed.steps.slice(0, 4).map((s) => [s.step, s.reused]), [['ingest+validate', true], ['features', true], ['split', true], ['train', false]]);
    const stores = await openStores({ project: dir });
    try {
      const runs = await stores.tracking.searchRuns({ experiments: ['e2e'] });
      assert.deepEqual(runs.map((r) => r.status).sort(), ['FAILED', 'FINISHED']);
    } finally {
      await stores.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('hyperparameter search: trials on time-aware CV folds of the train period are child runs; the best params are fitted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-e2e-s-'));
  try {
    await smallProject(dir, 9);
    const cfg = (await readFile(join(dir, 'forewarn.yaml'), 'utf8')).replace(
      /model:\n  learner: gbdt\n  params: \{([^}]*)\}/,
      'model:\n  learner: gbdt\n  params: {$1}\n  search: { method: grid, folds: 2, metric: log_loss, space: { learning_rate: [0.0001, 0.2] } }',
    );
    assert.match(cfg, /search:/);
    await writeFile(join(dir, 'forewarn.yaml'), cfg);
    const r = await runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' });
    const stores = await openStores({ project: dir });
    try {
      const children = await stores.tracking.searchRuns({ parentRunId: r.runId });
      assert.equal(children.length, 2);
      assert.ok(children.every((c) => c.status === 'FINISHED' && c.parentRunId === r.runId));
      const model = JSON.parse(await readFile(r.modelPath, 'utf8'));
      // The fitted model uses the learning rate of the child run with the lowest mean CV log loss.
      const scored = children.map((c) => ({ lr: Number(c.params.learning_rate), loss: c.metrics.cv_mean_log_loss! }));
      assert.ok(scored.every((s) => Number.isFinite(s.loss)), 'every trial recorded its CV score');
      scored.sort((a, b) => a.loss - b.loss);
      assert.equal(model.params.learning_rate, scored[0]!.lr);
      assert.notEqual(scored[0]!.loss, scored[1]!.loss);
    } finally {
      await stores.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
