import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const promDir = join(root, 'deploy', 'prometheus');

async function promtool(): Promise<string | false> {
  try {
    await run('promtool', ['--version']);
    return false;
  } catch {
    const why = 'promtool not found (Debian: apt-get install -y prometheus): Prometheus rule checks SKIPPED';
    console.warn(`\n!!! ${why} !!!\n`);
    return why;
  }
}
const skip = await promtool();

test('promtool check rules: deploy/prometheus/alerts.yaml is valid', { skip }, async () => {
  const { stdout } = await run('promtool', ['check', 'rules', 'alerts.yaml'], { cwd: promDir });
  assert.match(stdout, /SUCCESS: \d+ rules found/);
});

test('promtool test rules: every alert fires on its unit-test series and stays quiet otherwise', { skip }, async () => {
  const files = readdirSync(join(promDir, 'tests')).filter((f) => f.endsWith('.yaml')).sort();
  assert.ok(files.includes('alerts.test.yaml'));
  for (const f of files) {
    const r = await run('promtool', ['test', 'rules', join('tests', f)], { cwd: promDir }).catch((e: { stdout?: string; stderr?: string }) => {
      assert.fail(`promtool test rules tests/${f} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    });
    assert.match(r.stdout, /SUCCESS/, f);
  }
});
