import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/test-memory-source.js';
import { GOOD_RECORD, TEST_SIGNATURE, testForest } from '../../src/serving/test-fixtures.js';
import { createRecorder } from '../../src/serving/prediction-recorder.js';
import type { PredictionLog } from '../../src/monitoring/prediction-log.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** Metric names a real `forewarn serve` app exports, with the _bucket/_sum/_count series of its histograms. */
async function exported(): Promise<Set<string>> {
  const log: PredictionLog = { append: async () => {}, read: async function* () {}, count: async () => 0, versions: async () => [], prune: async () => 0, close: async () => {} };
  const source = new MemoryModelSource('pump').add('1', testForest(3), { signature: TEST_SIGNATURE }).setAlias('production', '1');
  const { app, metrics } = await buildApp({ source, modelName: 'pump', recorder: createRecorder(log) });
  try {
    await app.inject({ method: 'POST', url: '/predict', payload: GOOD_RECORD });
    metrics.setDrift({ rows: 10, share: 0.5, drifted: 1, total: 2, datasetDrift: true, at: new Date(), features: [{ feature: 'x', test: 'ks', statistic: 0.3, drifted: true }], prediction: [{ feature: 'prediction_score', test: 'ks', statistic: 0.1 }] });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const names = new Set<string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(m[1]!);
      if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m[1]! + s);
    }
    return names;
  } finally {
    await app.close();
  }
}

function referenced(text: string): Set<string> {
  return new Set([...text.matchAll(/\bforewarn_[a-z0-9_]+\b/g)].map((m) => m[0]).filter((n) => !/^forewarn_(prometheus|service)$/.test(n)));
}

test('every metric named in the alert rules, their tests and the Grafana dashboard is exported by /metrics', async () => {
  const names = await exported();
  const sources: Record<string, string> = {
    'deploy/prometheus/alerts.yaml': read('deploy/prometheus/alerts.yaml'),
    'deploy/grafana/dashboards/forewarn.json': read('deploy/grafana/dashboards/forewarn.json'),
  };
  for (const f of readdirSync(join(root, 'deploy/prometheus/tests'))) sources[`deploy/prometheus/tests/${f}`] = read(`deploy/prometheus/tests/${f}`);
  let checked = 0;
  for (const [file, text] of Object.entries(sources)) {
    const used = referenced(text);
    assert.ok(used.size > 0, `${file} names no forewarn metric`);
    for (const n of used) {
      assert.ok(names.has(n), `${file} uses ${n}, which /metrics does not export (exported: ${[...names].filter((x) => !x.includes('process') && !x.includes('nodejs')).sort().join(', ')})`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `checked ${checked} names`);
});

test('the dashboard is valid JSON wired to the provisioned datasource, and every panel has a query', () => {
  const dash = JSON.parse(read('deploy/grafana/dashboards/forewarn.json')) as { uid: string; panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[] };
  const uid = /uid:\s*(\S+)/.exec(read('deploy/compose/grafana/provisioning/datasources/prometheus.yaml'))![1];
  assert.ok(dash.panels.length >= 10);
  for (const p of dash.panels) {
    assert.equal(p.datasource.uid, uid, p.title);
    assert.ok(p.targets.length > 0 && p.targets.every((t) => t.expr.includes('forewarn_')), p.title);
  }
  assert.match(read('deploy/compose/grafana/provisioning/dashboards/forewarn.yaml'), /path: \/var\/lib\/grafana\/dashboards/);
  assert.match(read('deploy/compose/compose.yaml'), /\.\.\/grafana\/dashboards:\/var\/lib\/grafana\/dashboards/);
});
