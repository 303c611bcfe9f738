import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from '../../src/simulator/write-fleet.js';
import { demoConfig } from '../../src/pipeline/demo-config.js';
import { loadProject } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { openStores } from '../../src/stores/open-stores.js';
import { postgresTestDatabase } from '../../src/db/test-databases.js';

const pgdb = await postgresTestDatabase();

test('the whole pipeline with its runs and registry on the real PostgreSQL (store.url: postgres://...)', { skip: pgdb.skip }, async () => {
  const db = await pgdb.open();
  await db.store.close(); // only the schema-scoped URL is needed: the pipeline opens its own pool
  const dir = await mkdtemp(join(tmpdir(), 'fw-e2e-pg-'));
  try {
    const cfg = demoConfig('e2e-pg', 4)
      .replace('store:\n  url: sqlite:.forewarn/forewarn.db', '')
      .replace('maxQuarantineFraction: 0.01', 'maxQuarantineFraction: 0.05')
      .replace('n_estimators: 150, max_depth: 6', 'n_estimators: 15, max_depth: 3')
      .replace('validation: { fraction: 0.15 }', 'validation: { fraction: 0.3 }')
      .replace('min_event_recall: 0.6', 'min_event_recall: 0.0').replace('min_detection_pr_auc: 0.3', 'min_detection_pr_auc: 0.0')
      + `\nstore:\n  url: ${JSON.stringify(db.url)}\n`;
    await writeFile(join(dir, 'forewarn.yaml'), cfg);
    await writeFleet({ machines: 10, days: 90, seed: 4 }, join(dir, 'data'));
    const r = await runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' });
    const again = await runPipeline(await loadProject(dir), { workers: 1, progress: 'silent' });
    assert.ok(again.steps.slice(0, 5).every((s) => s.reused));
    const stores = await openStores({ project: dir });
    try {
      assert.match(stores.sql.displayUrl, /^postgres/);
      const runs = await stores.tracking.searchRuns({ experiments: ['e2e-pg'] });
      assert.equal(runs.length, 2);
      assert.ok(runs.some((x) => x.id === r.runId && x.status === 'FINISHED'));
      if (r.registration.status !== 'blocked') {
        const versions = await stores.registry.listVersions(r.modelName);
        assert.equal(versions.length, 1);
      }
    } finally {
      await stores.close();
    }
  } finally {
    await db.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
});
