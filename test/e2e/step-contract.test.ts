import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import S3rver from 's3rver';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { argoWorkflow, CONFIG_MOUNT } from '../../src/pipeline/export-argo.js';
import { EXPORT_DEFAULTS } from '../../src/cli/commands/pipeline.js';
import { openStores } from '../../src/stores/open-stores.js';
import { postgresTestDatabase } from '../../src/db/test-databases.js';
import { S3ArtifactRepository } from '../../src/artifacts/s3-repository.js';
import { copyTree } from '../../src/artifacts/artifact-ops.js';

/**
 * The step contract: the exported Argo DAG, executed here task by task, each task a separate `forewarn run --step`
 * process in its own empty working folder, sharing nothing but PostgreSQL and S3 (s3rver) — and the result is the
 * model `forewarn run` trains (same bytes) registered as the same version. Trials run concurrently, as on a cluster.
 */
const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../bin/forewarn.js', import.meta.url));
const pgdb = await postgresTestDatabase();

test('the exported DAG, one process per step in empty folders over PostgreSQL + S3, gives the model and version of `forewarn run`', { skip: pgdb.skip, timeout: 15 * 60_000 }, async (t) => {
  const db = await pgdb.open();
  await db.store.close();
  const root = await mkdtemp(join(tmpdir(), 'fw-steps-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(root, 's3'), configureBuckets: [{ name: 'artifacts' }, { name: 'data' }] });
  const { port } = await server.run();
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    const cfg = demoConfig('steps', 4)
      .replace('store:\n  url: sqlite:.forewarn/forewarn.db', '')
      .replace('maxQuarantineFraction: 0.01', 'maxQuarantineFraction: 0.05')
      .replace('params: { n_estimators: 150, max_depth: 6, learning_rate: 0.1, early_stopping_rounds: 20 }',
        'params: { n_estimators: 12, max_depth: 3, learning_rate: 0.1, early_stopping_rounds: 5 }\n  search: { method: random, trials: 2, folds: 2, metric: log_loss, space: { max_depth: [2, 3], learning_rate: { min: 0.05, max: 0.2 } } }')
      .replace('validation: { fraction: 0.15 }', 'validation: { fraction: 0.3 }')
      .replace('min_event_recall: 0.6', 'min_event_recall: 0.0').replace('min_detection_pr_auc: 0.3', 'min_detection_pr_auc: 0.0').replace('must_beat_baselines: true', 'must_beat_baselines: false')
      + `\nstore:\n  url: ${JSON.stringify(db.url)}\nartifacts:\n  uri: s3://artifacts/steps\n  endpoint: ${endpoint}\n  region: us-east-1\n  accessKeyId: S3RVER\n  secretAccessKey: S3RVER\n`;
    assert.match(cfg, /search: \{ method: random/, 'the test config has a search (trials fan out)');
    // `forewarn run`: a project folder with its data, as a user has it.
    const ref = join(root, 'ref');
    await mkdir(ref);
    await writeFile(join(ref, 'forewarn.yaml'), cfg);
    await writeFleet({ machines: 10, days: 90, seed: 4 }, join(ref, 'data'));
    // The stores come from forewarn.yaml alone (no overrides from this shell).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'FOREWARN_STORE_URL' && k !== 'FOREWARN_ARTIFACTS_URI'));
    const t0 = performance.now();
    const refOut = JSON.parse((await run(process.execPath, [CLI, 'run', '--project', ref, '--workers', '1', '--json'], { env, maxBuffer: 64 * 1024 * 1024 })).stdout) as { modelPath: string; modelName: string; registration: { status: string; version: { version: number; artifactUri: string } } };
    const refSeconds = (performance.now() - t0) / 1000;
    assert.equal(refOut.registration.status, 'registered');
    const refSha = createHash('sha256').update(await readFile(refOut.modelPath)).digest('hex');

    // The cluster's view: the config alone (the ConfigMap), the data in S3, every step in a fresh empty folder.
    const configMount = join(root, 'config');
    await mkdir(configMount);
    await writeFile(join(configMount, 'forewarn.yaml'), cfg);
    const data = new S3ArtifactRepository('s3://data/raw', { endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
    await copyTree(data, join(ref, 'data'), 'data');
    await data.close();
    const wf = argoWorkflow(await loadProject(configMount), { ...EXPORT_DEFAULTS, dataFrom: 's3://data/raw' }) as { spec: { arguments: { parameters: { name: string; value: string }[] }; templates: { name: string; dag?: { tasks: { name: string; template: string; dependencies?: string[]; arguments?: { parameters: { name: string; value: string }[] } }[] }; container?: { args: string[] } }[] } };
    const tasks = wf.spec.templates.find((x) => x.dag)!.dag!.tasks;
    assert.ok(tasks.filter((x) => x.name.startsWith('trial-')).length === 2, 'two trial tasks');
    const runKey = `contract-${process.pid}-${Date.now()}`;
    const wfParams = Object.fromEntries(wf.spec.arguments.parameters.map((p) => [p.name, p.value]));
    const argsOf = (task: (typeof tasks)[number]) => {
      const inputs = Object.fromEntries((task.arguments?.parameters ?? []).map((p) => [p.name, p.value]));
      return wf.spec.templates.find((x) => x.name === task.template)!.container!.args.map((a) => a
        .replace('{{workflow.uid}}', runKey)
        .replace(/\{\{workflow\.parameters\.([a-z-]+)\}\}/, (_, n: string) => wfParams[n]!)
        .replace(/\{\{inputs\.parameters\.([a-z]+)\}\}/, (_, n: string) => inputs[n]!))
        .map((a) => (a === CONFIG_MOUNT ? configMount : a));
    };
    const outputs = new Map<string, string>();
    const folders: string[] = [];
    const execTask = async (task: (typeof tasks)[number]) => {
      const work = await mkdtemp(join(root, `work-${task.name}-`));
      folders.push(work);
      assert.deepEqual(await readdir(work), [], 'the step starts in an empty folder');
      const r = await run(process.execPath, [CLI, ...argsOf(task), '--workers', '1', '--json'], { cwd: work, env, maxBuffer: 64 * 1024 * 1024 });
      outputs.set(task.name, r.stdout);
    };
    // Topological order; tasks whose dependencies are all done run together (the trials).
    const done = new Set<string>();
    const t1 = performance.now();
    while (done.size < tasks.length) {
      const ready = tasks.filter((x) => !done.has(x.name) && (x.dependencies ?? []).every((d) => done.has(d)));
      assert.ok(ready.length > 0, 'the DAG has no cycle');
      await Promise.all(ready.map(execTask));
      for (const x of ready) done.add(x.name);
    }
    const dagSeconds = (performance.now() - t1) / 1000;
    const reg = JSON.parse(outputs.get('register')!) as { output: { modelSha256: string; version: number; status: string; modelName: string } };
    t.diagnostic(`forewarn run: ${refSeconds.toFixed(1)} s → ${refOut.modelName} v${refOut.registration.version.version}, model sha256 ${refSha.slice(0, 16)}; DAG of ${tasks.length} processes: ${dagSeconds.toFixed(1)} s → v${reg.output.version} (${reg.output.status}), model sha256 ${reg.output.modelSha256.slice(0, 16)}`);
    assert.equal(reg.output.modelSha256, refSha, 'same model bytes');
    assert.equal(reg.output.version, refOut.registration.version.version, 'same registered version');
    assert.equal(reg.output.status, 'already-registered', 'the DAG found the version `forewarn run` registered (same content-addressed model URI)');

    const stores = await openStores({ project: configMount });
    try {
      const versions = await stores.registry.listVersions(refOut.modelName);
      assert.equal(versions.length, 1, 'one version, not two');
      const runs = await stores.tracking.searchRuns({ experiments: ['steps'] });
      const dagRun = runs.find((r) => r.tags['forewarn.run_key'] === runKey);
      assert.ok(dagRun, 'the DAG is one tracked run');
      assert.equal(dagRun!.status, 'FINISHED');
      assert.equal(runs.filter((r) => r.parentRunId === dagRun!.id).length, 2, 'each trial step is a child run');
    } finally {
      await stores.close();
    }

    // A step whose input step has not run says so, and exits non-zero.
    const lonely = await mkdtemp(join(root, 'work-lonely-'));
    const bad = await run(process.execPath, [CLI, 'run', '--step', 'train', '--project', configMount, '--run-key', `${runKey}-missing`], { cwd: lonely, env }).then(() => null, (e: { code: number; stderr: string }) => e);
    assert.ok(bad && bad.code !== 0, 'a missing input fails the step');
    assert.match(bad!.stderr, /FW_ERR_PIPELINE_MISSING_INPUT.*step train needs the output of step ingest/);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
    await db.cleanup();
  }
});
