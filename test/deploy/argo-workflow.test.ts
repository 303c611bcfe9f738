import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../src/config/load.js';
import { argoYaml } from '../../src/pipeline/export-argo.js';
import { EXPORT_DEFAULTS, exportCommand } from '../../src/cli/commands/pipeline.js';
import { parseManifests, validateObject } from './manifests.js';
import { repoRoot } from './repo-root.js';

// The checked-in workflows are generated (fastify's config-validator pattern): regenerate and compare, so they never
// go stale when the pipeline's steps, the search or the export change.
const DIR = 'deploy/argo-workflows';
const cases = [
  { file: 'train.yaml', cron: undefined, timezone: undefined },
  { file: 'retrain-cron.yaml', cron: '0 3 * * 1', timezone: 'UTC' },
];

for (const c of cases) {
  test(`${DIR}/${c.file} is what \`${exportCommand(c.cron, c.timezone)}\` generates today, and validates`, async () => {
    const project = await loadProject(join(repoRoot, DIR));
    const fresh = argoYaml(project, { ...EXPORT_DEFAULTS, cron: c.cron, timezone: c.timezone }, exportCommand(c.cron, c.timezone));
    const committed = readFileSync(join(repoRoot, DIR, c.file), 'utf8');
    assert.equal(committed, fresh, `${DIR}/${c.file} is stale: run \`node bin/forewarn.js ${exportCommand(c.cron, c.timezone).replace(/^forewarn /, '')} --project ${DIR} --out ${DIR}/${c.file}\``);
    const [wf] = parseManifests(committed, c.file);
    assert.match(validateObject(wf!), /structural/);
    const spec = wf!.kind === 'CronWorkflow' ? wf!.spec.workflowSpec : wf!.spec;
    const tasks = spec.templates.find((t: { name: string }) => t.name === spec.entrypoint).dag.tasks as { name: string; dependencies?: string[] }[];
    // The real steps, with the configured search's 4 trials in parallel between split and train.
    assert.deepEqual(tasks.map((t) => t.name), ['ingest', 'features', 'split', 'trial-0', 'trial-1', 'trial-2', 'trial-3', 'train', 'evaluate', 'register']);
    for (const t of tasks.filter((x) => x.name.startsWith('trial-'))) assert.deepEqual(t.dependencies, ['split']);
    assert.deepEqual(tasks.find((t) => t.name === 'train')!.dependencies, ['trial-0', 'trial-1', 'trial-2', 'trial-3']);
    for (const t of spec.templates.filter((x: { container?: unknown }) => x.container)) {
      assert.deepEqual(t.container.args.slice(0, 2), ['run', '--step']);
      assert.ok(t.container.args.includes('{{workflow.uid}}'), 'every step names the run by the workflow uid');
    }
  });
}

test('forewarn run --step and pipeline export refuse wrong input with a code, a non-zero exit and no store created', async () => {
  const { spawnSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const cli = join(repoRoot, 'bin/forewarn.js');
  const project = join(repoRoot, DIR);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'FOREWARN_STORE_URL' && k !== 'FOREWARN_ARTIFACTS_URI'));
  const cases: [string[], RegExp][] = [
    [['run', '--step', 'nope', '--run-key', 'k'], /FW_ERR_PIPELINE_UNKNOWN_STEP: --step nope: the pipeline's steps are ingest, features, split, trial, train, evaluate, register/],
    [['run', '--step', 'trial', '--run-key', 'k'], /FW_ERR_CORE_INVALID_ARGUMENT: --step trial needs --trial <i>/],
    [['run', '--step', 'features'], /needs --run-key/],
    [['run', '--step', 'split', '--trial', '1', '--run-key', 'k'], /--trial goes with --step trial/],
    [['run', '--step', 'features', '--run-key', 'k'], /FW_ERR_PIPELINE_NEEDS_SHARED_STORES: .*the store is sqlite:/],
    [['pipeline', 'export', '--argo', '--cron', 'every day'], /five cron fields/],
    [['pipeline', 'export', '--argo', '--timezone', 'Mars/Olympus', '--cron', '0 3 * * 1'], /not an IANA time zone/],
  ];
  for (const [args, message] of cases) {
    const r = spawnSync(process.execPath, [cli, ...args, '--project', project], { encoding: 'utf8', env });
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.equal(existsSync(join(project, '.forewarn')), false, 'no local store was opened on the way to the refusal');
});
