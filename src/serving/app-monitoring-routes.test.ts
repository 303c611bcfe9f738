import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { MemoryModelSource } from './test-memory-source.js';
import { TEST_SIGNATURE, testForest } from './test-fixtures.js';
import { openStore } from '../db/open-store.js';
import { SqlPredictionLog } from '../monitoring/sql-prediction-log.js';
import { SqlBaselineStore } from '../monitoring/baseline-store.js';
import { buildBaseline } from '../monitoring/baseline.js';
import { monitoringRoutes } from '../monitoring/http/monitoring-routes.js';
import { readRoutes } from '../http/bearer-auth.js';
import { record } from '../monitoring/prediction-log.contract.js';
import { SqlRegistryStore } from '../registry/sql-registry-store.js';

test('monitoring routes: versions, drift and daily drift; bad queries are 400s, a missing baseline a 404', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-monroutes-'));
  const store = await openStore(`sqlite:${join(dir, 'f.db')}`);
  try {
    const registry = new SqlRegistryStore(store);
    await registry.registerVersion({ modelName: 'pump', actor: 't', artifactUri: 'file:/m.json', metrics: {}, gates: { passed: true, gates: [] }, signature: TEST_SIGNATURE });
    await new SqlBaselineStore(store).put('pump', 1, buildBaseline([{ name: 'volt', kind: 'numeric', values: Float64Array.from({ length: 500 }, (_, i) => 160 + (i % 20)) }]));
    const log = new SqlPredictionLog(store);
    await log.append(Array.from({ length: 48 }, (_, i) => record(i * 60, { model: 'pump', inputs: { volt: 200 + (i % 5) }, eventTime: undefined })));
    const source = new MemoryModelSource('pump').add('1', testForest(2), { signature: TEST_SIGNATURE }).setAlias('production', '1');
    const { app } = await buildApp({ source, modelName: 'pump', defaultMetrics: false, mounts: [(a, access) => readRoutes(a, access, (scope) => monitoringRoutes(scope, { log, baselines: new SqlBaselineStore(store) }))] });
    try {
      const v = await app.inject({ url: '/api/monitoring/models/pump/versions' });
      assert.equal(v.statusCode, 200, v.body);
      assert.deepEqual(v.json().versions.map((x: { version: string; rows: number }) => [x.version, x.rows]), [['1', 48]]);
      const d = await app.inject({ url: '/api/monitoring/models/pump/drift?version=1' });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(d.json().drift.features[0].feature, 'volt');
      assert.equal(d.json().drift.features[0].drifted, true);
      const daily = await app.inject({ url: '/api/monitoring/models/pump/drift/daily' });
      assert.equal(daily.statusCode, 200, daily.body);
      assert.deepEqual(daily.json().days.map((x: { day: string }) => x.day), ['2015-10-01', '2015-10-02'], 'by prediction time when no X-Forewarn-Time was sent');
      const bad = await app.inject({ url: '/api/monitoring/models/pump/drift?from=yesterday-ish' });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(bad.json().message, /--from: expected an ISO-8601/);
      const unknown = await app.inject({ url: '/api/monitoring/models/pump/drift?limit=5' });
      assert.equal(unknown.statusCode, 400);
      const none = await app.inject({ url: '/api/monitoring/models/pump/drift?version=7' });
      assert.equal(none.statusCode, 404, none.body);
      assert.equal(none.json().code, 'FW_ERR_MONITOR_NO_BASELINE');
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
